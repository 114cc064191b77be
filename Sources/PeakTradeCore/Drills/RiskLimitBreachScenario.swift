import Foundation

/// `risk_limit_breach`: `[live_risk]` lowered to the drill values; realistic orders must be blocked with
/// reason codes and a CRITICAL alert must reach every healthy sink. By default the limits are an overlay in
/// memory and the paper state a scratch copy; `--in-place` rewrites the operator's config (backed up first).
public struct RiskLimitBreachScenario: DrillScenario {
    public let id = "risk_limit_breach"
    public let title = "Live risk limit violation"
    public let goal = "Orders that violate the live limits are blocked (or marked not allowed), a CRITICAL alert fires and is delivered, and the operator knows what to do next."
    public let roles = ["operator", "risk"]
    public let variants = ["drill_limits"]
    public let preparation = ["Record sha256 of the config (and back it up when in place)", "Use a scratch paper portfolio in the drill folder"]
    public let injection = "Lower [live_risk]: max_order_notional = 5.0, max_total_exposure_notional = 10.0, max_symbol_exposure_notional = 10.0, max_daily_loss_abs = 1.0"
    public let expectedSignals = ["every realistic order BLOCKED with ORDER_NOTIONAL_EXCEEDS_MAX", "a CRITICAL alert \"orders blocked by live risk limits\"", "that alert delivered to each healthy sink"]
    public let cleanup = ["Restore the config from its backup (in place) or drop the overlay", "Verify the config's sha256"]
    public let runbookSection = "risk-limit-violations"

    static let drillValues = ["max_order_notional": "5.0", "max_total_exposure_notional": "10.0", "max_symbol_exposure_notional": "10.0", "max_daily_loss_abs": "1.0", "enabled": "true"]

    public var criteria: [DrillCriterion] {
        [
            .auto("orders_blocked", "≥ 1 order blocked with ORDER_NOTIONAL_EXCEEDS_MAX", detects: true) { ev, _ in
                ev.first { if case let .orderDecision(_, d) = $0 { return d.outcome == .blocked && d.reasons.contains { $0.code == .orderNotionalExceedsMax } } else { return false } }
            },
            .auto("critical_alert", "a CRITICAL risk alert was raised") { ev, _ in
                ev.first { if case let .alertRaised(a) = $0 { return a.source == "risk" && a.severity == .critical } else { return false } }
            },
            .auto("alert_delivered_everywhere", "the CRITICAL alert was delivered to every healthy sink") { ev, f in
                guard let id = ev.lazy.compactMap({ e -> String? in if case let .alertRaised(a) = e.kind, a.source == "risk", a.severity == .critical { return a.id } else { return nil } }).first
                else { return nil }
                let healthy = (f["healthy_sinks"] ?? "").split(separator: ",").map(String.init)
                var last: Int64?
                for sink in healthy {
                    guard let t = ev.first(where: { if case let .alertDelivered(aid, s, _, _) = $0 { return aid == id && s == sink } else { return false } }) else { return nil }
                    last = max(last ?? t, t)
                }
                return healthy.isEmpty ? nil : last
            },
            .manual("next_step_known", "the operator knows the next step (runbook section risk-limit-violations)", acknowledges: true),
        ]
    }

    public func filesChangedInPlace(_ ctx: DrillContext) -> [String] { ctx.original.configPath.map { [$0] } ?? [] }

    public func prepare(_ ctx: DrillContext) throws -> [String] {
        ctx.effective.paper.stateDir = ctx.path("paper")
        return []
    }

    public func inject(_ ctx: DrillContext) throws -> DrillFacts {
        if ctx.inPlace, let path = ctx.original.configPath {
            try ConfigOverlayWriter.set(Self.drillValues, section: "live_risk", in: path)
            let reloaded = try ConfigLoader.load(path: path)
            ctx.effective.liveRisk = reloaded.liveRisk
        } else {
            var r = ctx.effective.liveRisk
            r.enabled = true
            r.maxOrderNotional = 5; r.maxTotalExposureNotional = 10; r.maxSymbolExposureNotional = 10; r.maxDailyLossAbs = 1
            ctx.effective.liveRisk = r
        }
        return ["max_order_notional": money(ctx.effective.liveRisk.maxOrderNotional), "max_total_exposure_notional": money(ctx.effective.liveRisk.maxTotalExposureNotional)]
    }

    public func observe(_ ctx: DrillContext, facts: DrillFacts) throws -> DrillFacts {
        // Realistic orders: one buy per configured symbol worth about 0.5 % of the paper cash.
        let prices = LatestPrices.read(ctx.effective.data).prices
        var csv = "timestamp,symbol,side,quantity,price,strategy\n"
        for s in ctx.effective.data.symbols {
            guard let p = prices[s] else { continue }
            let qty = ctx.effective.paper.initialCash * 0.005 / p.price
            csv += "\(UTCTime.iso(p.time)),\(s),buy,\(String(format: "%.8f", qty)),,drill\n"
        }
        let signals = ctx.path("signals/forward_drill_signals.csv")
        try AtomicFile.write(csv, to: URL(fileURLWithPath: signals))
        let d = ctx.alerts()
        let ops = LiveOps(settings: ctx.effective, bus: ctx.bus, clock: ctx.clock)
        _ = try ops.orders(signals: signals, enforce: true, paperFill: false, dispatcher: d)
        d.drain(timeout: 60)
        let healthy = d.health.filter { $0.state == .ok }.map(\.sink)
        return ["signals": signals, "healthy_sinks": healthy.joined(separator: ","), "sinks": d.sinkNames.joined(separator: ",")]
    }
}
