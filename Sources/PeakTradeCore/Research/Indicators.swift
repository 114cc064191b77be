/// Streaming indicators: one bar at a time, O(1) (Donchian O(period)), no allocation after creation.
/// Each returns nil until it has enough bars.

/// Simple moving average of the last `period` values.
public struct SMA: Sendable {
    public let period: Int
    private var ring: [Double]
    private var sum = 0.0
    private var count = 0
    private var index = 0

    public init(period: Int) {
        self.period = period
        ring = [Double](repeating: 0, count: period)
    }

    public mutating func update(_ x: Double) -> Double? {
        if count == period { sum -= ring[index] } else { count += 1 }
        ring[index] = x
        sum += x
        index += 1
        if index == period { index = 0 }
        return count == period ? sum / Double(period) : nil
    }
}

/// Exponential moving average, α = 2 / (period + 1), seeded with the SMA of the first `period` values
/// (the StockCharts convention).
public struct EMA: Sendable {
    public let period: Int
    let alpha: Double
    private var seed: SMA
    private var value: Double?

    public init(period: Int) {
        self.period = period
        alpha = 2 / Double(period + 1)
        seed = SMA(period: period)
    }

    public mutating func update(_ x: Double) -> Double? {
        if let v = value {
            let next = v + alpha * (x - v)
            value = next
            return next
        }
        value = seed.update(x)
        return value
    }
}

/// Relative Strength Index with Wilder's smoothing: the first average gain/loss is the mean of the first
/// `period` changes, then avg = (avg × (period − 1) + current) / period.
public struct RSI: Sendable {
    public let period: Int
    private var previous: Double?
    private var gains = 0.0, losses = 0.0
    private var changes = 0
    private var avgGain = 0.0, avgLoss = 0.0

    public init(period: Int) { self.period = period }

    public mutating func update(_ close: Double) -> Double? {
        guard let prev = previous else { previous = close; return nil }
        previous = close
        let change = close - prev
        let gain = change > 0 ? change : 0, loss = change < 0 ? -change : 0
        changes += 1
        if changes <= period {
            gains += gain; losses += loss
            guard changes == period else { return nil }
            avgGain = gains / Double(period)
            avgLoss = losses / Double(period)
        } else {
            let p = Double(period)
            avgGain = (avgGain * (p - 1) + gain) / p
            avgLoss = (avgLoss * (p - 1) + loss) / p
        }
        if avgLoss == 0 { return avgGain == 0 ? 50 : 100 }
        return 100 - 100 / (1 + avgGain / avgLoss)
    }
}

/// Average True Range, Wilder's smoothing; the first bar's true range is high − low.
public struct ATR: Sendable {
    public let period: Int
    private var previousClose: Double?
    private var sum = 0.0
    private var count = 0
    private var value = 0.0

    public init(period: Int) { self.period = period }

    public mutating func update(high: Double, low: Double, close: Double) -> Double? {
        var tr = high - low
        if let pc = previousClose { tr = max(tr, abs(high - pc), abs(low - pc)) }
        previousClose = close
        count += 1
        if count < period { sum += tr; return nil }
        if count == period { sum += tr; value = sum / Double(period); return value }
        value = (value * Double(period - 1) + tr) / Double(period)
        return value
    }
}

/// Sample standard deviation (n − 1) of the last `period` values.
public struct RollingStd: Sendable {
    public let period: Int
    private var ring: [Double]
    private var index = 0
    private var count = 0

    public init(period: Int) {
        self.period = period
        ring = [Double](repeating: 0, count: period)
    }

    public mutating func update(_ x: Double) -> Double? {
        ring[index] = x
        index = (index + 1) % period
        count = min(count + 1, period)
        guard count == period, period > 1 else { return nil }
        // Two passes over the window: exact even for prices with a tiny variance (no Σx² cancellation).
        var mean = 0.0
        for v in ring { mean += v }
        mean /= Double(period)
        var ss = 0.0
        for v in ring { ss += (v - mean) * (v - mean) }
        return (ss / Double(period - 1)).squareRoot()
    }
}

/// Donchian channel over the last `period` bars (the current bar included): highest high, lowest low.
public struct Donchian: Sendable {
    public let period: Int
    private var highs: [Double]
    private var lows: [Double]
    private var index = 0
    private var count = 0

    public init(period: Int) {
        self.period = period
        highs = [Double](repeating: 0, count: period)
        lows = [Double](repeating: 0, count: period)
    }

    public mutating func update(high: Double, low: Double) -> (upper: Double, lower: Double)? {
        highs[index] = high
        lows[index] = low
        index = (index + 1) % period
        count = min(count + 1, period)
        guard count == period else { return nil }
        var hi = -Double.infinity, lo = Double.infinity
        for k in 0..<period { hi = max(hi, highs[k]); lo = min(lo, lows[k]) }
        return (hi, lo)
    }
}
