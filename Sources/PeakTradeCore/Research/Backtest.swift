import Foundation

public struct BacktestResult: Sendable {
    public var spec: StrategySpec
    public var symbol: String
    public var timeframe: Timeframe
    public var model: ExecutionModel
    public var initialCash: Double
    /// Open time of each bar and the equity at its close.
    public var times: [Int64]
    public var equity: [Double]
    public var trades: [Trade]
    public var feesPaid: Double
    public var slippageCost: Double
    public var barsInMarket: Int

    public var metrics: Metrics {
        Metrics(times: times, equity: equity, initialEquity: initialCash, timeframe: timeframe, trades: trades,
                barsInMarket: barsInMarket, feesPaid: feesPaid)
    }
}

/// Runs a strategy over a series with the shared `Sleeve`.
public enum Backtester {
    public static func run(_ s: CandleSeries, spec: StrategySpec, model: ExecutionModel, initialCash: Double,
                           timeframe: Timeframe) throws -> BacktestResult {
        // One switch per run: the loop below is then specialised for the concrete strategy type.
        switch try spec.make() {
        case let .maCrossover(x): return run(s, x, spec, model, initialCash, timeframe)
        case let .rsiReversion(x): return run(s, x, spec, model, initialCash, timeframe)
        case let .breakout(x): return run(s, x, spec, model, initialCash, timeframe)
        case let .momentum(x): return run(s, x, spec, model, initialCash, timeframe)
        case .taken: throw PeakTradeError.usage("strategy \(spec.name) could not be made")
        }
    }

    static func run<S: Strategy>(_ s: CandleSeries, _ strategy: S, _ spec: StrategySpec, _ model: ExecutionModel,
                                 _ initialCash: Double, _ timeframe: Timeframe) -> BacktestResult {
        var sleeve = Sleeve(strategy: strategy, model: model, cash: initialCash)
        let n = s.count
        var equity = [Double](repeating: 0, count: n)
        s.open.withUnsafeBufferPointer { o in s.high.withUnsafeBufferPointer { h in s.low.withUnsafeBufferPointer { l in
            s.close.withUnsafeBufferPointer { c in s.volume.withUnsafeBufferPointer { v in s.time.withUnsafeBufferPointer { t in
                equity.withUnsafeMutableBufferPointer { e in
                    for i in 0..<n {
                        e[i] = sleeve.step(i, time: t[i], open: o[i], high: h[i], low: l[i], close: c[i], volume: v[i])
                    }
                }
            } } }
        } } }
        return BacktestResult(spec: spec, symbol: s.symbol?.description ?? "?", timeframe: timeframe, model: model,
                              initialCash: initialCash, times: s.time, equity: equity, trades: sleeve.trades,
                              feesPaid: sleeve.feesPaid, slippageCost: sleeve.slippageCost, barsInMarket: sleeve.barsInMarket)
    }
}
