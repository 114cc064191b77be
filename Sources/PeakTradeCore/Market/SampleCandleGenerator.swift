import Foundation

/// Deterministic synthetic candles with the texture of a real crypto market: volatility clustering
/// (GARCH(1,1)), trending and ranging regimes (a Markov chain), intrabar paths for highs and lows, and
/// volume that rises with volatility and follows a daily cycle. Same seed, same candles, on every machine.
public struct SampleCandleGenerator: Sendable {
    public var symbol: Symbol
    public var timeframe: Timeframe
    public var bars: Int
    public var seed: UInt64
    /// Open time of the first candle (epoch ms).
    public var start: Int64
    public var startPrice: Double
    /// Long-run annualised volatility.
    public var annualVolatility = 0.65

    public static let defaultStart = UTCTime.days(year: 2024, month: 1, day: 1) * UTCTime.msPerDay

    public init(symbol: Symbol, timeframe: Timeframe, bars: Int, seed: UInt64, start: Int64 = defaultStart,
                startPrice: Double? = nil) {
        self.symbol = symbol
        self.timeframe = timeframe
        self.bars = bars
        self.seed = seed
        self.start = start
        self.startPrice = startPrice ?? Self.typicalPrice(symbol)
    }

    static func typicalPrice(_ s: Symbol) -> Double {
        switch s.base {
        case "BTC": 38_000
        case "ETH": 2_100
        case "SOL": 95
        case "LTC": 70
        default: 100
        }
    }

    enum Regime: Int { case range, up, down }

    public func generate() -> CandleSeries {
        var rng = SplitMix64(seed: seed ^ UInt64(truncatingIfNeeded: symbol.description.hashValueStable))
        var out = CandleSeries(source: "generated:\(symbol)-\(timeframe.rawValue)-seed\(seed)", symbol: symbol,
                               timeframe: timeframe, capacity: bars)
        let barsPerYear = timeframe.barsPerYear
        let targetVar = pow(annualVolatility, 2) / barsPerYear
        let alpha = 0.07, beta = 0.90
        let omega = targetVar * (1 - alpha - beta)
        var variance = targetVar
        var lastShock = 0.0
        var regime = Regime.range
        // Regimes last about three weeks of calendar time whatever the timeframe.
        let switchProbability = min(0.5, 1 / (21 * 86_400 / Double(timeframe.seconds)))
        let drifts: [Regime: Double] = [.range: 0, .up: 1.2 / barsPerYear, .down: -0.9 / barsPerYear]
        var price = startPrice
        var anchor = startPrice
        let decimals = startPrice >= 100 ? 2 : startPrice >= 1 ? 4 : 8
        let scale = pow(10, Double(decimals))
        let baseVolume = 2_000_000 / startPrice * sqrt(Double(timeframe.seconds) / 3600)
        let subSteps = 8
        for bar in 0..<bars {
            variance = omega + alpha * lastShock * lastShock + beta * variance
            let sigma = sqrt(variance)
            if rng.nextDouble() < switchProbability {
                regime = Regime(rawValue: Int(rng.next() % 3)) ?? .range
                anchor = price
            }
            var drift = drifts[regime]!
            if regime == .range { drift += -0.05 * log(price / anchor) / Double(subSteps) }
            let open = price
            var high = open, low = open
            var p = open
            var total = 0.0
            for _ in 0..<subSteps {
                let step = drift / Double(subSteps) + sigma / sqrt(Double(subSteps)) * rng.nextGaussian()
                total += step
                p *= exp(step)
                high = max(high, p)
                low = min(low, p)
            }
            lastShock = total - drift
            price = p
            let hour = Double((start / 1000 + Int64(bar) * timeframe.seconds) % 86_400) / 3600
            let daily = 1 + 0.35 * sin((hour - 9) / 24 * 2 * .pi)
            let activity = 0.6 + 2.5 * abs(lastShock) / sqrt(targetVar)
            let volume = baseVolume * daily * activity * exp(0.35 * rng.nextGaussian())
            let r = { (x: Double) in (x * scale).rounded() / scale }
            let o = r(open), c = r(price)
            out.append(Candle(time: start + Int64(bar) * timeframe.milliseconds, open: o,
                              high: max(r(high), o, c), low: min(r(low), o, c), close: c,
                              volume: (volume * 10_000).rounded() / 10_000))
            price = c
        }
        return out
    }
}

/// SplitMix64: tiny, fast, and identical on every platform (unlike the system generator).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    private var spare: Double?

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Standard normal (Box–Muller, both values used).
    public mutating func nextGaussian() -> Double {
        if let s = spare { spare = nil; return s }
        var u = nextDouble()
        while u <= .ulpOfOne { u = nextDouble() }
        let v = nextDouble()
        let radius = sqrt(-2 * log(u))
        spare = radius * sin(2 * .pi * v)
        return radius * cos(2 * .pi * v)
    }
}

extension String {
    /// FNV-1a: `hashValue` is randomly seeded per process, which would break determinism.
    var hashValueStable: UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in utf8 { h = (h ^ UInt64(b)) &* 0x100000001B3 }
        return h
    }
}
