import Foundation

/// Costs and sizing of simulated fills. Research and shadow runs each have one; with the same model they fill
/// identically.
public struct ExecutionModel: Sendable, Equatable, Codable {
    public var feesBps: Double
    public var slippageBps: Double
    /// Position size as a fraction of the sleeve's equity at the fill.
    public var positionFraction: Double
    /// Bars between the signal's close and the fill: 0 = the next bar's open.
    public var latencyBars: Int

    public init(feesBps: Double = 10, slippageBps: Double = 5, positionFraction: Double = 1, latencyBars: Int = 0) {
        self.feesBps = feesBps
        self.slippageBps = slippageBps
        self.positionFraction = positionFraction
        self.latencyBars = latencyBars
    }
}

public struct Trade: Sendable, Equatable, Codable {
    public var entryTime: Int64
    public var entryPrice: Double
    /// Signed: positive long, negative short.
    public var quantity: Double
    public var exitTime: Int64?
    public var exitPrice: Double?
    /// Net of both fills' fees; nil while open.
    public var pnl: Double?
    public var fees: Double

    enum CodingKeys: String, CodingKey {
        case entryTime = "entry_time", entryPrice = "entry_price", quantity, exitTime = "exit_time", exitPrice = "exit_price", pnl, fees
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(UTCTime.iso(entryTime), forKey: .entryTime)
        try c.encode(entryPrice, forKey: .entryPrice)
        try c.encode(quantity, forKey: .quantity)
        try c.encode(exitTime.map(UTCTime.iso), forKey: .exitTime)
        try c.encode(exitPrice, forKey: .exitPrice)
        try c.encode(pnl, forKey: .pnl)
        try c.encode(fees, forKey: .fees)
    }
}

/// A fill the sleeve wants to make; a gate (the live risk checks in a shadow run) may refuse it.
public struct FillRequest: Sendable {
    public var time: Int64
    /// Change of position, signed.
    public var delta: Double
    /// Reference price (the bar's open) and the price after slippage.
    public var reference: Double
    public var price: Double
    public var fee: Double
}

/// One strategy trading one series with its own capital: the execution and accounting that backtests and
/// shadow runs share, bar by bar. Signals on bar t's close are filled at bar t+1+latency's open.
public struct Sleeve<S: Strategy>: Sendable {
    public let model: ExecutionModel
    public private(set) var strategy: S
    public private(set) var cash: Double
    public private(set) var quantity = 0.0
    public private(set) var trades: [Trade] = []
    public private(set) var feesPaid = 0.0
    public private(set) var slippageCost = 0.0
    public private(set) var barsInMarket = 0
    private var wanted = 0.0
    private var pending: (target: Double, bar: Int)?

    public init(strategy: S, model: ExecutionModel, cash: Double) {
        self.strategy = strategy
        self.model = model
        self.cash = cash
    }

    public func equity(at price: Double) -> Double { cash + quantity * price }

    /// Bar `i`: first the pending fill at this bar's open (if due), then the close's mark, then the strategy.
    /// Returns the equity at the close. `gate` may refuse a fill; the position then stays as it is.
    @inline(__always)
    public mutating func step(_ i: Int, time: Int64, open: Double, high: Double, low: Double, close: Double, volume: Double,
                              gate: (FillRequest) -> Bool = { _ in true }) -> Double {
        if let p = pending, i >= p.bar {
            pending = nil
            execute(target: p.target, time: time, open: open, gate: gate)
        }
        if quantity != 0 { barsInMarket += 1 }
        let t = strategy.target(open: open, high: high, low: low, close: close, volume: volume)
        if t != wanted {
            wanted = t
            pending = (t, i + 1 + model.latencyBars)
        }
        return cash + quantity * close
    }

    private mutating func execute(target: Double, time: Int64, open: Double, gate: (FillRequest) -> Bool) {
        guard open > 0, open.isFinite else { return }
        let equityAtOpen = cash + quantity * open
        let desired = target * model.positionFraction * max(equityAtOpen, 0) / open
        let delta = desired - quantity
        guard abs(delta) * open > 1e-9 else { return }
        let slip = open * model.slippageBps / 10_000
        let price = delta > 0 ? open + slip : open - slip
        let fee = abs(delta) * price * model.feesBps / 10_000
        guard gate(FillRequest(time: time, delta: delta, reference: open, price: price, fee: fee)) else { return }
        let old = quantity
        cash -= delta * price + fee
        quantity = desired
        feesPaid += fee
        slippageCost += abs(delta) * slip
        record(old: old, new: desired, time: time, price: price, fee: fee)
    }

    private mutating func record(old: Double, new: Double, time: Int64, price: Double, fee: Double) {
        let flips = old != 0 && new != 0 && (old > 0) != (new > 0)
        var openFee = fee
        if old != 0 && (new == 0 || flips || abs(new) < abs(old)), var t = trades.last, t.exitTime == nil {
            // Close the open trade (a flip's fee is split by quantity between the two legs of the fill).
            let closeFee = new == 0 ? fee : fee * abs(old) / (abs(old) + abs(new))
            openFee = fee - closeFee
            t.exitTime = time
            t.exitPrice = price
            t.fees += closeFee
            t.pnl = t.quantity * (price - t.entryPrice) - t.fees
            trades[trades.count - 1] = t
        }
        if new != 0 && (old == 0 || flips) {
            trades.append(Trade(entryTime: time, entryPrice: price, quantity: new, exitTime: nil, exitPrice: nil, pnl: nil, fees: openFee))
        }
    }
}
