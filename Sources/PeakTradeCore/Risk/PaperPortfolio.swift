import Foundation

/// The paper (shadow) portfolio: cash, signed positions with average prices, realised PnL and fees, marked to
/// the latest candles. Equity = cash + Σ quantity × mark. Daily PnL = equity − the equity at the first mark of
/// the UTC day.
public struct PaperPortfolio: Sendable, Codable, Equatable {
    public struct Position: Sendable, Codable, Equatable {
        /// Positive long, negative short.
        public var quantity: Double
        public var averagePrice: Double
        public var realizedPnL: Double
    }

    public static let schemaVersion = 1
    public var version = PaperPortfolio.schemaVersion
    public var initialCash: Double
    public var cash: Double
    public var positions: [String: Position] = [:]
    /// Latest mark per symbol and when it was taken (epoch ms of the candle).
    public var marks: [String: Double] = [:]
    public var markTimes: [String: Int64] = [:]
    public var feesPaid = 0.0
    public var slippagePaid = 0.0
    public var fills = 0
    /// UTC date (YYYY-MM-DD) the day's starting equity belongs to.
    public var day: String
    public var dayStartEquity: Double
    public var updatedAt: Int64

    public init(initialCash: Double, now: Int64) {
        self.initialCash = initialCash
        cash = initialCash
        day = String(UTCTime.iso(now).prefix(10))
        dayStartEquity = initialCash
        updatedAt = now
    }

    enum CodingKeys: String, CodingKey {
        case version, initialCash = "initial_cash", cash, positions, marks, markTimes = "mark_times", feesPaid = "fees_paid"
        case slippagePaid = "slippage_paid", fills, day, dayStartEquity = "day_start_equity", updatedAt = "updated_at"
    }

    // MARK: - Valuation

    public func mark(_ symbol: Symbol) -> Double? { marks[symbol.description] }
    public func quantity(_ symbol: Symbol) -> Double { positions[symbol.description]?.quantity ?? 0 }

    public var positionsValue: Double {
        positions.reduce(0) { $0 + $1.value.quantity * (marks[$1.key] ?? $1.value.averagePrice) }
    }

    public var equity: Double { cash + positionsValue }

    /// Σ |quantity × mark|.
    public var grossExposure: Double {
        positions.reduce(0) { $0 + abs($1.value.quantity * (marks[$1.key] ?? $1.value.averagePrice)) }
    }

    public func exposure(_ symbol: Symbol) -> Double {
        guard let p = positions[symbol.description] else { return 0 }
        return abs(p.quantity * (marks[symbol.description] ?? p.averagePrice))
    }

    public var realizedPnL: Double { positions.values.reduce(0) { $0 + $1.realizedPnL } }

    public func unrealizedPnL(_ key: String) -> Double {
        guard let p = positions[key], let m = marks[key] else { return 0 }
        return p.quantity * (m - p.averagePrice)
    }

    public var unrealizedPnL: Double { positions.keys.reduce(0) { $0 + unrealizedPnL($1) } }
    public var dailyPnL: Double { equity - dayStartEquity }
    /// Loss so far today (0 when the day is up).
    public var dailyLoss: Double { let loss = -dailyPnL; return loss > 0 ? loss : 0 }

    // MARK: - Updates

    /// New marks; a new UTC day starts with the equity as it stood before this mark.
    public mutating func mark(prices: [Symbol: (time: Int64, price: Double)], now: Int64) {
        rollDay(now: now)
        for (s, v) in prices where v.price.isFinite && v.price > 0 {
            marks[s.description] = v.price
            markTimes[s.description] = v.time
        }
        updatedAt = now
    }

    public mutating func rollDay(now: Int64) {
        let today = String(UTCTime.iso(now).prefix(10))
        if today != day {
            day = today
            dayStartEquity = equity
        }
    }

    /// Books a fill at `price` adjusted by slippage, paying `feeBps` of the notional.
    public mutating func fill(_ order: Order, slippageBps: Double, feeBps: Double, now: Int64) {
        rollDay(now: now)
        let key = order.symbol.description
        let slip = order.price * slippageBps / 10_000
        let px = order.side == .buy ? order.price + slip : order.price - slip
        let qty = order.signedQuantity
        var p = positions[key] ?? Position(quantity: 0, averagePrice: 0, realizedPnL: 0)
        if p.quantity == 0 || (p.quantity > 0) == (qty > 0) {
            // Opening or adding: volume-weighted average price.
            let total = p.quantity + qty
            p.averagePrice = (p.quantity * p.averagePrice + qty * px) / total
            p.quantity = total
        } else {
            // Reducing, closing or flipping: realise PnL on the closed part.
            let closed = min(abs(qty), abs(p.quantity))
            p.realizedPnL += closed * (px - p.averagePrice) * (p.quantity > 0 ? 1 : -1)
            let remaining = p.quantity + qty
            if remaining == 0 || abs(remaining) < 1e-12 {
                p.quantity = 0
                p.averagePrice = 0
            } else if (remaining > 0) != (p.quantity > 0) {
                p.quantity = remaining
                p.averagePrice = px  // flipped: the new side opens at this fill
            } else {
                p.quantity = remaining
            }
        }
        let notional = abs(qty) * px
        let fee = notional * feeBps / 10_000
        cash -= qty * px + fee
        feesPaid += fee
        slippagePaid += abs(qty) * slip
        fills += 1
        positions[key] = p.quantity == 0 && p.realizedPnL == 0 ? nil : p
        if marks[key] == nil { marks[key] = order.price }
        updatedAt = now
    }
}
