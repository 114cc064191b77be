import ArgumentParser
import Foundation
import PeakTradeCore

struct LiveOpsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live-ops",
        abstract: "Order preview under the live risk limits, the paper portfolio, and system health.",
        subcommands: [LiveOpsOrdersCommand.self, LiveOpsPortfolioCommand.self, LiveOpsHealthCommand.self]
    )
}

/// Sends risk alerts and waits (bounded) so they are delivered before the process exits.
func deliver(_ alerts: [Alert], settings: Settings) -> [String] {
    guard !alerts.isEmpty, settings.alerts.enabled else { return alerts.map { "\($0.severity.rawValue.uppercased()) \($0.title) (alerts disabled: not sent)" } }
    let bus = EventBus()
    let recorder = DeliveryRecorder()
    bus.subscribe { recorder.record($0) }
    let d = AlertDispatcher(settings: settings.alerts, environment: settings.environment, bus: bus)
    for a in alerts { d.dispatch(a) }
    d.drain(timeout: worstCaseDeliverySeconds(settings.alerts))
    d.shutdown(timeout: 0)
    return alerts.map { a in
        let outcomes = d.sinkNames.map { s -> String in
            guard let o = recorder.outcome(alertID: a.id, sink: s) else { return "\(s) pending" }
            return o.delivered ? "\(s) ok" : "\(s) FAILED (\(o.error ?? "?"))"
        }
        return "\(a.severity.rawValue.uppercased()) \(a.title) → \(outcomes.joined(separator: ", "))"
    }
}

struct LiveOpsOrdersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders",
        abstract: "Preview the orders of forward signal files under the live risk limits.",
        discussion: """
        Signal files: timestamp,symbol,side,quantity[,price][,strategy] (docs/LIVE_OPS.md). Without \
        --enforce-live-risk violating orders are reported as not_allowed; with it they are blocked (or \
        not_allowed when [live_risk] block_on_violation = false). Exit 1 when an order was blocked or not \
        allowed, or a signal row was bad; 0 otherwise.
        """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Signal files (a glob, quoted): e.g. 'reports/forward/forward_*_signals.csv'.") var signals: String
    @Flag(name: .customLong("enforce-live-risk"), help: "Stop orders that violate a limit.") var enforce = false
    @Flag(name: .customLong("paper-fill"), help: "Book the allowed orders into the paper portfolio.") var paperFill = false
    @Flag(help: "Print as JSON (schema: docs/LIVE_OPS.md).") var json = false

    func run() throws {
        try Console.run {
            let settings = try global.loadSettings()
            let ops = LiveOps(settings: settings)
            let out = try ops.orders(signals: signals, enforce: enforce, paperFill: paperFill, dispatcher: nil)
            let delivery = deliver(out.alerts, settings: settings)
            let r = out.report
            if json {
                Console.out(try jsonText(out, delivery: delivery, settings: settings))
            } else {
                let mode = settings.environment == .live ? "LIVE — preview only" : settings.environment.rawValue
                let risk = !r.enabled ? "live risk DISABLED" : r.enforcing ? (settings.liveRisk.blockOnViolation ? "risk ENFORCED (blocking)" : "risk enforced (marking not allowed)") : "risk not enforced (violations marked not allowed)"
                Console.out("live-ops orders: \(out.files.count) file(s), \(out.orders.count) order(s), \(out.problems.count) bad row(s) — \(mode) — \(risk), trading state \(settings.liveRisk.tradingState.rawValue)")
                if !out.orders.isEmpty {
                    Console.out("  " + pad("#", 5) + pad("TIME", 22) + pad("SYMBOL", 10) + pad("SIDE", 5) + pad("QTY", 12) + pad("PRICE", 12) + pad("NOTIONAL", 12) + pad("DECISION", 13) + "REASONS")
                }
                for d in r.decisions {
                    let o = out.orders[d.index]
                    let decision = d.outcome == .allowed ? "allowed" : d.outcome == .blocked ? "BLOCKED" : "NOT ALLOWED"
                    Console.out("  " + pad(String(d.index + 1), 5) + pad(UTCTime.iso(o.timestamp), 22) + pad(o.symbol.description, 10)
                                + pad(o.side.rawValue, 5) + pad(formatQuantity(o.quantity), 12) + pad(money(o.price), 12) + pad(money(o.notional), 12)
                                + pad(decision, 13) + (d.reasons.isEmpty ? (d.reducesExposure ? "reduces exposure" : "-") : d.reasons.map(\.message).joined(separator: "; ")))
                }
                for p in out.problems { Console.out(TerminalText.sanitize("  bad row (excluded): \(p.description)")) }
                Console.out("  utilisation after the allowed orders:")
                for u in r.utilisationAfter {
                    Console.out("    " + pad(u.limit, 30) + "\(money(u.used)) of \(money(u.max))  " + pad(String(format: "%.0f %%", u.ratio * 100), 7) + u.status.rawValue)
                }
                for line in delivery { Console.out("  alert: \(line)") }
                if let why = out.previewOnlyReason { Console.out("  \(why)") }
                Console.out("  summary: \(r.allowed) allowed, \(r.blocked) blocked, \(r.notAllowed) not allowed\(paperFill ? ", \(out.filled) paper-filled" : ""); equity \(money(out.portfolio.equity))")
                if r.blocked + r.notAllowed > 0 { Console.out("  \(RiskAlerting.nextSteps)") }
            }
            return r.blocked + r.notAllowed > 0 || !out.problems.isEmpty ? .problemsFound : .ok
        }
    }

    private func jsonText(_ out: LiveOps.OrdersOutcome, delivery: [String], settings: Settings) throws -> String {
        let r = out.report
        let orders: [[String: Any]] = r.decisions.map { d in
            let o = out.orders[d.index]
            return ["index": d.index + 1, "timestamp": UTCTime.iso(o.timestamp), "symbol": o.symbol.description, "side": o.side.rawValue,
                    "quantity": o.quantity, "price": o.price, "notional": (o.notional * 100).rounded() / 100,
                    "strategy": o.strategy as Any? ?? NSNull(), "origin": o.origin as Any? ?? NSNull(),
                    "decision": d.outcome.rawValue, "reduces_exposure": d.reducesExposure,
                    "reasons": d.reasons.map { ["code": $0.code.rawValue, "value": $0.value, "limit": $0.limit, "message": $0.message] }]
        }
        let util = { (u: [LimitUtilisation]) in u.map { ["limit": $0.limit, "used": $0.used, "max": $0.max, "ratio": $0.ratio, "status": $0.status.rawValue] } }
        let doc: [String: Any] = [
            "environment": settings.environment.rawValue, "risk_enabled": r.enabled, "enforcing": r.enforcing,
            "block_on_violation": settings.liveRisk.blockOnViolation, "trading_state": settings.liveRisk.tradingState.rawValue,
            "files": out.files, "orders": orders,
            "bad_rows": out.problems.map { ["file": $0.file, "line": $0.line, "message": $0.message] },
            "utilisation_before": util(r.utilisationBefore), "utilisation_after": util(r.utilisationAfter),
            "alerts": out.alerts.map { ["severity": $0.severity.rawValue, "title": $0.title, "message": $0.message] },
            "alert_delivery": delivery,
            "summary": ["allowed": r.allowed, "blocked": r.blocked, "not_allowed": r.notAllowed, "filled": out.filled, "bad_rows": out.problems.count],
            "preview_only": out.previewOnlyReason as Any? ?? NSNull(),
        ]
        return try Console.json(object: doc)
    }
}

struct LiveOpsPortfolioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portfolio",
        abstract: "The paper portfolio marked to the latest candles, with risk utilisation per limit.",
        discussion: "JSON schema (stable): docs/LIVE_OPS.md. Exit 1 when a limit is breached."
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print as JSON.") var json = false

    func run() throws {
        try Console.run {
            let settings = try global.loadSettings()
            let ops = LiveOps(settings: settings)
            let (p, fresh, problems) = try ops.markedPortfolio()
            for e in problems { Console.warn(e) }
            let util = LiveRiskLimits(settings: settings.liveRisk).utilisation(portfolio: p, largestOrder: 0)
            let snapshot = PortfolioSnapshot(p, utilisation: util, settings: settings, fresh: fresh, asOf: SystemClock.now())
            if json {
                Console.out(try Console.json(snapshot))
            } else {
                Console.out("paper portfolio (\(settings.environment.rawValue))\(fresh ? " — no saved state yet: a fresh start" : "") as of \(snapshot.asOf)")
                Console.out("  equity \(money(p.equity))  cash \(money(p.cash))  positions \(money(p.positionsValue))  exposure \(money(p.grossExposure))")
                Console.out("  day \(p.day): start \(money(p.dayStartEquity)), daily PnL \(money(p.dailyPnL)); realized \(money(p.realizedPnL)), unrealized \(money(p.unrealizedPnL)), fees \(money(p.feesPaid)), fills \(p.fills)")
                if !snapshot.positions.isEmpty {
                    Console.out("  " + pad("SYMBOL", 10) + pad("QTY", 14) + pad("AVG", 12) + pad("MARK", 12) + pad("VALUE", 14) + pad("UNREALIZED", 12) + "REALIZED")
                    for pos in snapshot.positions {
                        Console.out("  " + pad(pos.symbol, 10) + pad(formatQuantity(pos.quantity), 14) + pad(money(pos.averagePrice), 12) + pad(pos.mark.map(money) ?? "-", 12)
                                    + pad(money(pos.marketValue), 14) + pad(money(pos.unrealizedPnL), 12) + money(pos.realizedPnL))
                    }
                }
                Console.out("  risk (trading state \(settings.liveRisk.tradingState.rawValue)\(settings.liveRisk.enabled ? "" : ", DISABLED")):")
                for u in util {
                    Console.out("    " + pad(u.limit, 30) + "\(money(u.used)) of \(money(u.max))  " + pad(String(format: "%.0f %%", u.ratio * 100), 7) + u.status.rawValue)
                }
            }
            return util.contains { $0.status == .breach } ? .problemsFound : .ok
        }
    }
}

/// `live-ops portfolio --json`: the stable schema a PnL comparison reads (docs/LIVE_OPS.md).
struct PortfolioSnapshot: Encodable {
    struct Position: Encodable {
        let symbol: String
        let quantity: Double
        let averagePrice: Double
        let mark: Double?
        let markTime: String?
        let marketValue: Double
        let exposure: Double
        let unrealizedPnL: Double
        let realizedPnL: Double
        enum CodingKeys: String, CodingKey {
            case symbol, quantity, averagePrice = "average_price", mark, markTime = "mark_time", marketValue = "market_value"
            case exposure, unrealizedPnL = "unrealized_pnl", realizedPnL = "realized_pnl"
        }
    }

    let schema = "peaktrade.portfolio/1"
    let asOf: String
    let environment: String
    let fresh: Bool
    let initialCash, cash, equity, positionsValue, grossExposure, realizedPnL, unrealizedPnL, feesPaid, slippagePaid: Double
    let fills: Int
    let day: String
    let dayStartEquity, dailyPnL: Double
    let positions: [Position]
    let tradingState: String
    let riskEnabled: Bool
    let utilisation: [LimitUtilisation]

    enum CodingKeys: String, CodingKey {
        case schema, asOf = "as_of", environment, fresh, initialCash = "initial_cash", cash, equity, positionsValue = "positions_value"
        case grossExposure = "gross_exposure", realizedPnL = "realized_pnl", unrealizedPnL = "unrealized_pnl", feesPaid = "fees_paid"
        case slippagePaid = "slippage_paid", fills, day, dayStartEquity = "day_start_equity", dailyPnL = "daily_pnl", positions
        case tradingState = "trading_state", riskEnabled = "risk_enabled", utilisation
    }

    init(_ p: PaperPortfolio, utilisation: [LimitUtilisation], settings: Settings, fresh: Bool, asOf: Int64) {
        self.asOf = UTCTime.iso(asOf / 1000 * 1000)
        environment = settings.environment.rawValue
        self.fresh = fresh
        initialCash = p.initialCash; cash = p.cash; equity = p.equity; positionsValue = p.positionsValue
        grossExposure = p.grossExposure; realizedPnL = p.realizedPnL; unrealizedPnL = p.unrealizedPnL
        feesPaid = p.feesPaid; slippagePaid = p.slippagePaid; fills = p.fills; day = p.day
        dayStartEquity = p.dayStartEquity; dailyPnL = p.dailyPnL
        positions = p.positions.keys.sorted().map { k in
            let pos = p.positions[k]!
            let mark = p.marks[k]
            let value = pos.quantity * (mark ?? pos.averagePrice)
            return Position(symbol: k, quantity: pos.quantity, averagePrice: pos.averagePrice, mark: mark,
                            markTime: p.markTimes[k].map(UTCTime.iso), marketValue: value, exposure: abs(value),
                            unrealizedPnL: p.unrealizedPnL(k), realizedPnL: pos.realizedPnL)
        }
        tradingState = settings.liveRisk.tradingState.rawValue
        riskEnabled = settings.liveRisk.enabled
        self.utilisation = utilisation
    }
}
