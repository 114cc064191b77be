import Foundation

/// A research portfolio: each leg a sleeve with weight × initial cash; equity = Σ sleeves + unallocated cash,
/// on the timestamps all legs share. No rebalancing between legs.
public struct PortfolioRun: Sendable {
    public var preset: PortfolioPreset
    public var model: ExecutionModel
    public var initialCash: Double
    public var legs: [BacktestResult]
    public var times: [Int64]
    public var equity: [Double]
    /// Each leg's equity on `times`.
    public var legEquity: [[Double]]
    /// Pearson correlation of the legs' per-bar returns; nil where a leg's returns have no variance.
    public var correlation: [[Double?]]
    public var timeframe: Timeframe

    public var metrics: Metrics {
        let trades = legs.flatMap(\.trades)
        let inMarket = legs.map(\.barsInMarket).max() ?? 0
        return Metrics(times: times, equity: equity, initialEquity: initialCash, timeframe: timeframe, trades: trades,
                       barsInMarket: min(inMarket, times.count), feesPaid: legs.reduce(0) { $0 + $1.feesPaid })
    }

    /// Loads and checks each leg's data once (shared by every variant a robustness study runs).
    public static func loadData(_ preset: PortfolioPreset, settings: Settings) throws -> [ResearchData] {
        var cache: [String: ResearchData] = [:]
        return try preset.legs.map { leg in
            let key = "\(leg.symbol)|\(leg.timeframe.rawValue)"
            if let d = cache[key] { return d }
            let d = try ResearchData.load(settings: settings, symbol: leg.symbol, timeframe: leg.timeframe, path: nil, bars: nil)
            cache[key] = d
            return d
        }
    }

    public static func run(_ preset: PortfolioPreset, data: [ResearchData], model: ExecutionModel, initialCash: Double,
                           range: ClosedRange<Int64>? = nil) throws -> PortfolioRun {
        var results: [BacktestResult] = []
        for (leg, d) in zip(preset.legs, data) {
            var series = d.series
            if let range { series = series.selecting(series.time.indices.filter { range.contains(series.time[$0]) }) }
            results.append(try Backtester.run(series, spec: leg.strategy, model: model, initialCash: initialCash * leg.weight, timeframe: leg.timeframe))
        }
        let (times, aligned) = align(results)
        let cashLeft = initialCash * (1 - preset.legs.reduce(0) { $0 + $1.weight })
        var equity = [Double](repeating: cashLeft, count: times.count)
        for e in aligned { for i in equity.indices { equity[i] += e[i] } }
        let tf = preset.legs.map(\.timeframe).max() ?? .h1
        return PortfolioRun(preset: preset, model: model, initialCash: initialCash, legs: results, times: times, equity: equity,
                            legEquity: aligned, correlation: correlationMatrix(aligned), timeframe: tf)
    }

    /// Timestamps every leg has, and each leg's equity at them.
    static func align(_ results: [BacktestResult]) -> ([Int64], [[Double]]) {
        guard let first = results.first else { return ([], []) }
        if results.allSatisfy({ $0.times == first.times }) { return (first.times, results.map(\.equity)) }
        var common = Set(first.times)
        for r in results.dropFirst() { common.formIntersection(r.times) }
        let times = common.sorted()
        let aligned = results.map { r -> [Double] in
            let index = Dictionary(r.times.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            return times.map { r.equity[index[$0]!] }
        }
        return (times, aligned)
    }

    static func correlationMatrix(_ equities: [[Double]]) -> [[Double?]] {
        let returns = equities.map { e in e.count < 2 ? [] : (1..<e.count).map { e[$0] / e[$0 - 1] - 1 } }
        return returns.map { a in returns.map { b in pearson(a, b) } }
    }

    static func pearson(_ a: [Double], _ b: [Double]) -> Double? {
        let n = min(a.count, b.count)
        guard n >= 2 else { return nil }
        var ma = 0.0, mb = 0.0
        for i in 0..<n { ma += a[i]; mb += b[i] }
        ma /= Double(n); mb /= Double(n)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in 0..<n { let x = a[i] - ma, y = b[i] - mb; sab += x * y; saa += x * x; sbb += y * y }
        guard saa > 0, sbb > 0 else { return nil }
        return sab / (saa * sbb).squareRoot()
    }
}
