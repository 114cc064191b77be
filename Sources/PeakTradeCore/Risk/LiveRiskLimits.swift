/// The live risk limits of `[live_risk]`, applied to a batch of orders against the current portfolio.
///
/// Orders are judged in sequence; an allowed order changes the projected positions the next one is judged
/// against, a blocked or not-allowed one does not. An order that reduces its symbol's exposure is never
/// stopped by an exposure or loss limit (nor by `reducing`); the order-size limit and `halted` apply to all.
public struct LiveRiskLimits: Sendable {
    public var settings: LiveRiskSettings

    public init(settings: LiveRiskSettings) { self.settings = settings }

    /// - Parameter enforce: stop violating orders (`blocked`) when `block_on_violation` is set; otherwise they are
    ///   reported as `not_allowed`.
    public func checkOrders(_ orders: [Order], portfolio: PaperPortfolio, enforce: Bool) -> RiskReport {
        let before = utilisation(portfolio: portfolio, largestOrder: 0)
        guard settings.enabled else {
            let decisions = orders.indices.map { OrderDecision(index: $0, outcome: .allowed, reasons: [], reducesExposure: false) }
            return RiskReport(decisions: decisions, utilisationBefore: before, utilisationAfter: before, enforcing: false, enabled: false)
        }
        let s = settings
        let violation: DecisionOutcome = enforce && s.blockOnViolation ? .blocked : .notAllowed
        // Projected per-symbol state, keyed by the symbol's text; a one-entry cache skips hashing for runs of
        // the same symbol (signal files are usually grouped).
        var qty: [String: Double] = [:]
        var px: [String: Double] = [:]
        for (k, p) in portfolio.positions {
            qty[k] = p.quantity
            px[k] = portfolio.marks[k] ?? p.averagePrice
        }
        var total = portfolio.grossExposure
        let loss = portfolio.dailyLoss
        var largest = 0.0
        var decisions: [OrderDecision] = []
        decisions.reserveCapacity(orders.count)
        var lastKey = ""
        var lastQty = 0.0, lastPrice = 0.0
        var haveLast = false
        for (i, o) in orders.enumerated() {
            let key = o.symbol.description
            if !haveLast || key != lastKey {
                if haveLast { qty[lastKey] = lastQty; px[lastKey] = lastPrice }
                lastKey = key
                lastQty = qty[key] ?? 0
                lastPrice = px[key] ?? o.price
                haveLast = true
            }
            let price = lastPrice > 0 ? lastPrice : o.price
            let after = lastQty + o.signedQuantity
            let reduces = abs(after) < abs(lastQty)
            let notional = o.quantity * o.price
            let symbolAfter = abs(after) * price
            let totalAfter = total - abs(lastQty) * price + symbolAfter
            var reasons: [RiskReason] = []
            if s.tradingState == .halted { reasons.append(RiskReason(code: .tradingHalted, value: 0, limit: 0)) }
            if s.tradingState == .reducing && !reduces { reasons.append(RiskReason(code: .tradingReducingOnly, value: 0, limit: 0)) }
            if notional > s.maxOrderNotional {
                reasons.append(RiskReason(code: .orderNotionalExceedsMax, value: notional, limit: s.maxOrderNotional))
            }
            if !reduces {
                if totalAfter > s.maxTotalExposureNotional {
                    reasons.append(RiskReason(code: .totalExposureExceedsMax, value: totalAfter, limit: s.maxTotalExposureNotional))
                }
                if symbolAfter > s.maxSymbolExposureNotional {
                    reasons.append(RiskReason(code: .symbolExposureExceedsMax, value: symbolAfter, limit: s.maxSymbolExposureNotional))
                }
                if loss >= s.maxDailyLossAbs {
                    reasons.append(RiskReason(code: .dailyLossExceedsMax, value: loss, limit: s.maxDailyLossAbs))
                }
            }
            if reasons.isEmpty {
                total = totalAfter
                lastQty = after
                if notional > largest { largest = notional }
                decisions.append(OrderDecision(index: i, outcome: .allowed, reasons: [], reducesExposure: reduces))
            } else {
                decisions.append(OrderDecision(index: i, outcome: violation, reasons: reasons, reducesExposure: reduces))
            }
        }
        if haveLast { qty[lastKey] = lastQty; px[lastKey] = lastPrice }
        var symbolMax = 0.0
        for (k, q) in qty { symbolMax = max(symbolMax, abs(q) * (px[k] ?? 0)) }
        let afterUtil = [
            LimitUtilisation(limit: "max_order_notional", used: largest, max: s.maxOrderNotional, warningThreshold: s.warningThreshold),
            LimitUtilisation(limit: "max_total_exposure_notional", used: total, max: s.maxTotalExposureNotional, warningThreshold: s.warningThreshold),
            LimitUtilisation(limit: "max_symbol_exposure_notional", used: symbolMax, max: s.maxSymbolExposureNotional, warningThreshold: s.warningThreshold),
            LimitUtilisation(limit: "max_daily_loss_abs", used: loss, max: s.maxDailyLossAbs, warningThreshold: s.warningThreshold),
        ]
        return RiskReport(decisions: decisions, utilisationBefore: before, utilisationAfter: afterUtil, enforcing: enforce, enabled: true)
    }

    /// Use of each limit by the portfolio as it stands (the order limit shows the largest order considered).
    public func utilisation(portfolio: PaperPortfolio, largestOrder: Double) -> [LimitUtilisation] {
        let s = settings
        let symbolMax = portfolio.positions.keys.map { portfolio.exposure(Symbol.fromKey($0)) }.max() ?? 0
        return [
            LimitUtilisation(limit: "max_order_notional", used: largestOrder, max: s.maxOrderNotional, warningThreshold: s.warningThreshold),
            LimitUtilisation(limit: "max_total_exposure_notional", used: portfolio.grossExposure, max: s.maxTotalExposureNotional, warningThreshold: s.warningThreshold),
            LimitUtilisation(limit: "max_symbol_exposure_notional", used: symbolMax, max: s.maxSymbolExposureNotional, warningThreshold: s.warningThreshold),
            LimitUtilisation(limit: "max_daily_loss_abs", used: portfolio.dailyLoss, max: s.maxDailyLossAbs, warningThreshold: s.warningThreshold),
        ]
    }
}

extension Symbol {
    /// Positions are keyed by `BASE/QUOTE`.
    static func fromKey(_ key: String) -> Symbol {
        (try? Symbol(parsing: key)) ?? Symbol(base: key, quote: "?")
    }
}
