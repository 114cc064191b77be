public enum OrderSide: String, Sendable, Codable, CaseIterable {
    case buy, sell

    /// +1 for buy, −1 for sell.
    public var sign: Double { self == .buy ? 1 : -1 }
}

/// An order proposed by a strategy: what the risk checks judge and the paper portfolio books.
public struct Order: Sendable, Equatable, Codable {
    public var timestamp: Int64
    public var symbol: Symbol
    public var side: OrderSide
    public var quantity: Double
    /// Limit/reference price in quote currency; notional = quantity × price.
    public var price: Double
    public var strategy: String?
    /// Where it came from (`file:line`), for reports.
    public var origin: String?

    public init(timestamp: Int64, symbol: Symbol, side: OrderSide, quantity: Double, price: Double,
                strategy: String? = nil, origin: String? = nil) {
        self.timestamp = timestamp
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.price = price
        self.strategy = strategy
        self.origin = origin
    }

    public var notional: Double { quantity * price }
    /// Signed quantity: positive buys, negative sells.
    public var signedQuantity: Double { side.sign * quantity }

    enum CodingKeys: String, CodingKey { case timestamp, symbol, side, quantity, price, strategy, origin }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let ts = try c.decode(String.self, forKey: .timestamp)
        timestamp = UTCTime.parse(ts) ?? 0
        symbol = try c.decode(Symbol.self, forKey: .symbol)
        side = try c.decode(OrderSide.self, forKey: .side)
        quantity = try c.decode(Double.self, forKey: .quantity)
        price = try c.decode(Double.self, forKey: .price)
        strategy = try c.decodeIfPresent(String.self, forKey: .strategy)
        origin = try c.decodeIfPresent(String.self, forKey: .origin)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(UTCTime.iso(timestamp), forKey: .timestamp)
        try c.encode(symbol, forKey: .symbol)
        try c.encode(side, forKey: .side)
        try c.encode(quantity, forKey: .quantity)
        try c.encode(price, forKey: .price)
        try c.encode(strategy, forKey: .strategy)
        try c.encode(origin, forKey: .origin)
    }
}
