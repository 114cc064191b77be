/// Alerts from a risk report: a WARNING when a limit crosses the warning threshold, a CRITICAL one when it is
/// breached or when orders were blocked/not allowed. One alert per condition, not per order, so a batch of a
/// thousand bad orders does not become a thousand pages.
public enum RiskAlerting {
    public static let nextSteps = "Next: `peaktrade live-ops portfolio` for utilisation, check [live_risk] limits and trading_state, runbook section risk-limit-violations."

    public static func alerts(_ r: RiskReport, orders: [Order], environment: EnvironmentMode, now: Int64) -> [Alert] {
        var out: [Alert] = []
        for (b, a) in zip(r.utilisationBefore, r.utilisationAfter) where rank(a.status) > rank(b.status) {
            let breach = a.status == .breach
            out.append(Alert(severity: breach ? .critical : .warning, source: "risk",
                             title: breach ? "risk limit breached: \(a.limit)" : "risk limit warning: \(a.limit)",
                             message: "\(a.limit) at \(money(a.used)) of \(money(a.max)) (\(String(format: "%.0f", a.ratio * 100)) %). \(nextSteps)",
                             labels: ["limit": a.limit, "status": a.status.rawValue], timestamp: now, environment: environment))
        }
        let stopped = r.decisions.filter { $0.outcome != .allowed }
        if let first = stopped.first {
            var codes: [RiskCode: Int] = [:]
            for d in stopped { for reason in d.reasons { codes[reason.code, default: 0] += 1 } }
            let codeText = codes.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) ×\($0.value)" }.joined(separator: ", ")
            let o = orders[first.index]
            let verb = first.outcome == .blocked ? "blocked" : "not allowed"
            out.append(Alert(severity: .critical, source: "risk", title: "orders \(verb) by live risk limits",
                             message: "\(stopped.count) of \(r.decisions.count) orders \(verb) (\(codeText)); first: \(o.symbol) \(o.side.rawValue) \(fmt(o.quantity)) @ \(money(o.price)) — \(first.reasons.map(\.message).joined(separator: "; ")). \(nextSteps)",
                             labels: ["outcome": first.outcome.rawValue, "codes": codes.keys.map(\.rawValue).sorted().joined(separator: ",")],
                             timestamp: now, environment: environment))
        }
        return out
    }

    static func rank(_ s: LimitUtilisation.Status) -> Int { s == .ok ? 0 : s == .warning ? 1 : 2 }
}
