/// Candles stored column by column: checks and indicators stream over one contiguous array at a time.
public struct CandleSeries: Sendable, Equatable {
    public var time: [Int64] = []
    public var open: [Double] = []
    public var high: [Double] = []
    public var low: [Double] = []
    public var close: [Double] = []
    public var volume: [Double] = []
    /// 1-based line of each candle in its source file (0 when it did not come from a file).
    public var line: [Int32] = []

    public var symbol: Symbol?
    public var timeframe: Timeframe?
    public var source: String

    public init(source: String = "", symbol: Symbol? = nil, timeframe: Timeframe? = nil, capacity: Int = 0) {
        self.source = source
        self.symbol = symbol
        self.timeframe = timeframe
        reserve(capacity)
    }

    public var count: Int { time.count }
    public var isEmpty: Bool { time.isEmpty }

    public mutating func reserve(_ n: Int) {
        guard n > 0 else { return }
        time.reserveCapacity(n); open.reserveCapacity(n); high.reserveCapacity(n)
        low.reserveCapacity(n); close.reserveCapacity(n); volume.reserveCapacity(n); line.reserveCapacity(n)
    }

    public mutating func append(_ c: Candle, line l: Int32 = 0) {
        time.append(c.time); open.append(c.open); high.append(c.high)
        low.append(c.low); close.append(c.close); volume.append(c.volume); line.append(l)
    }

    public mutating func append(contentsOf other: CandleSeries) {
        time += other.time; open += other.open; high += other.high
        low += other.low; close += other.close; volume += other.volume; line += other.line
    }

    public subscript(i: Int) -> Candle {
        Candle(time: time[i], open: open[i], high: high[i], low: low[i], close: close[i], volume: volume[i])
    }

    /// A new series holding the rows at `indices`, in that order.
    public func selecting(_ indices: some Sequence<Int>) -> CandleSeries {
        var out = CandleSeries(source: source, symbol: symbol, timeframe: timeframe)
        for i in indices { out.append(self[i], line: line[i]) }
        return out
    }

    /// The last `n` candles (all when fewer).
    public func suffix(_ n: Int) -> CandleSeries {
        selecting(max(0, count - n)..<count)
    }

    /// True when timestamps never decrease.
    public var isSorted: Bool {
        time.withUnsafeBufferPointer { t in
            var i = 1
            while i < t.count { if t[i] < t[i - 1] { return false }; i += 1 }
            return true
        }
    }
}
