import Foundation

/// The state of a shadow (paper) portfolio advanced one bar at a time: one `Sleeve` per preset leg, every fill
/// an order checked by the live risk limits against a paper portfolio first. `ShadowRunner` drives it over a
/// whole history; the console drives it from its live feed, candle by candle.
public struct ShadowBook: Sendable {
    public let preset: PortfolioPreset
    public let model: ExecutionModel
    public let initialCash: Double
    public let limits: LiveRiskLimits
    public private(set) var sleeves: [Sleeve<AnyStrategy>]
    public private(set) var portfolio: PaperPortfolio
    public private(set) var allowedOrders = 0
    public private(set) var blockedOrders = 0
    public private(set) var blockReasons: [RiskCode: Int] = [:]
    /// The latest blocked orders' reasons, newest last (at most 20).
    public private(set) var recentBlocks: [(time: Int64, order: Order, reasons: [RiskReason])] = []
    /// Notional of the latest order checked (the order-size gauge shows it).
    public private(set) var latestOrder = 0.0
    /// Orders the risk limits stopped during the latest step.
    public private(set) var lastStepStopped: [(order: Order, decision: OrderDecision)] = []
    public private(set) var bars = 0
    public private(set) var equity: Double
    private let cashLeft: Double

    public init(preset: PortfolioPreset, model: ExecutionModel, initialCash: Double, risk: LiveRiskSettings, start: Int64) throws {
        self.preset = preset
        self.model = model
        self.initialCash = initialCash
        limits = LiveRiskLimits(settings: risk)
        sleeves = try preset.legs.map { Sleeve(strategy: try $0.strategy.make(), model: model, cash: initialCash * $0.weight) }
        cashLeft = initialCash * (1 - preset.legs.reduce(0) { $0 + $1.weight })
        portfolio = PaperPortfolio(initialCash: initialCash, now: start)
        equity = initialCash
    }

    /// One bar for every leg (`bar(j)` gives leg j's candle, all at time `t`); returns each leg's equity.
    /// Risk decisions and fills are published on `bus` stamped with the bar's time.
    @discardableResult
    public mutating func step(time t: Int64, bus: EventBus, bar: (Int) -> Candle) -> [Double] {
        let legs = preset.legs
        var total = cashLeft
        var legEquity = [Double](repeating: 0, count: legs.count)
        var marks: [Symbol: (time: Int64, price: Double)] = [:]
        let k = bars
        lastStepStopped.removeAll(keepingCapacity: true)
        for j in legs.indices {
            let c = bar(j), leg = legs[j]
            let e = sleeves[j].step(k, time: t, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume) { fill in
                let order = Order(timestamp: t, symbol: leg.symbol, side: fill.delta > 0 ? .buy : .sell, quantity: abs(fill.delta),
                                  price: fill.reference, strategy: leg.strategy.name, origin: "shadow:\(preset.name):L\(j + 1)")
                let decision = limits.checkOrders([order], portfolio: portfolio, enforce: true).decisions[0]
                latestOrder = order.notional
                bus.publish(OpsEvent(time: t, kind: .orderDecision(order, decision)))
                guard decision.outcome == .allowed else {
                    blockedOrders += 1
                    for r in decision.reasons { blockReasons[r.code, default: 0] += 1 }
                    recentBlocks.append((t, order, decision.reasons))
                    lastStepStopped.append((order, decision))
                    if recentBlocks.count > 20 { recentBlocks.removeFirst(recentBlocks.count - 20) }
                    return false
                }
                allowedOrders += 1
                var booked = order
                booked.price = fill.price
                portfolio.fill(booked, slippageBps: 0, feeBps: model.feesBps, now: t)
                bus.publish(OpsEvent(time: t, kind: .orderFilled(booked, portfolioEquity: portfolio.equity)))
                return true
            }
            legEquity[j] = e
            total += e
            marks[leg.symbol] = (t, c.close)
        }
        portfolio.mark(prices: marks, now: t)
        equity = total
        bars += 1
        return legEquity
    }

    public var feesPaid: Double { sleeves.reduce(0) { $0 + $1.feesPaid } }
    public var slippageCost: Double { sleeves.reduce(0) { $0 + $1.slippageCost } }

    /// Each limit's use by the paper portfolio as it stands.
    public var utilisation: [LimitUtilisation] { limits.utilisation(portfolio: portfolio, largestOrder: latestOrder) }

    /// `L1 BTC/EUR=0.5;L2 ETH/EUR=0` — the legs' positions.
    public var positionsText: String {
        preset.legs.indices.map { "L\($0 + 1) \(preset.legs[$0].symbol)=\(formatQuantity(sleeves[$0].quantity))" }.joined(separator: ";")
    }
}
