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

extension CandleSeries {
    /// Raw column pointers for bulk writers (the CSV reader's workers). Valid only inside `withColumns`.
    public struct Columns {
        public let time: UnsafeMutablePointer<Int64>
        public let open, high, low, close, volume: UnsafeMutablePointer<Double>
        public let line: UnsafeMutablePointer<Int32>
    }

    public mutating func withColumns<R>(_ body: (Columns) throws -> R) rethrows -> R {
        try time.withUnsafeMutableBufferPointer { t in
            try open.withUnsafeMutableBufferPointer { o in
                try high.withUnsafeMutableBufferPointer { h in
                    try low.withUnsafeMutableBufferPointer { l in
                        try close.withUnsafeMutableBufferPointer { c in
                            try volume.withUnsafeMutableBufferPointer { v in
                                try line.withUnsafeMutableBufferPointer { n in
                                    try body(Columns(time: t.baseAddress!, open: o.baseAddress!, high: h.baseAddress!,
                                                     low: l.baseAddress!, close: c.baseAddress!, volume: v.baseAddress!,
                                                     line: n.baseAddress!))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Grows every column by `n` zero rows, to be filled through `withColumns`.
    mutating func appendZeros(_ n: Int) {
        guard n > 0 else { return }
        time.append(contentsOf: repeatElement(0, count: n))
        for kp in [\CandleSeries.open, \.high, \.low, \.close, \.volume] { self[keyPath: kp].append(contentsOf: repeatElement(0, count: n)) }
        line.append(contentsOf: repeatElement(0, count: n))
    }

    mutating func moveRows(from: Int, to: Int, count: Int) {
        guard count > 0, from != to else { return }
        time.withUnsafeMutableBufferPointer { b in b.baseAddress!.advanced(by: to).update(from: b.baseAddress!.advanced(by: from), count: count) }
        for kp in [\CandleSeries.open, \.high, \.low, \.close, \.volume] {
            self[keyPath: kp].withUnsafeMutableBufferPointer { b in b.baseAddress!.advanced(by: to).update(from: b.baseAddress!.advanced(by: from), count: count) }
        }
        line.withUnsafeMutableBufferPointer { b in b.baseAddress!.advanced(by: to).update(from: b.baseAddress!.advanced(by: from), count: count) }
    }

    mutating func truncate(to n: Int) {
        guard n < count else { return }
        let drop = count - n
        time.removeLast(drop); open.removeLast(drop); high.removeLast(drop); low.removeLast(drop)
        close.removeLast(drop); volume.removeLast(drop); line.removeLast(drop)
    }
}
