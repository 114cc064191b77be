import Foundation
import Testing
import PeakTradeTestSupport
@testable import PeakTradeCore

@Suite struct BacktestTests {
    let series = Fixtures.generated(bars: 3_000, seed: 21)
    let model = ExecutionModel(feesBps: 10, slippageBps: 5, positionFraction: 1, latencyBars: 0)

    func run(_ s: CandleSeries, _ spec: StrategySpec, _ m: ExecutionModel? = nil) throws -> BacktestResult {
        try Backtester.run(s, spec: spec, model: m ?? model, initialCash: 10_000, timeframe: .h1)
    }

    @Test func signalOnCloseFillsAtTheNextOpenWithSlippageAndFees() throws {
        let r = try run(series, StrategySpec(name: "ma_crossover", params: ["fast": 5, "slow": 20]))
        let t = try #require(r.trades.first)
        // Replay the strategy by hand to find the first signal bar.
        var strat = MACrossover(fast: 5, slow: 20)
        var signalBar = -1
        for i in 0..<series.count where strat.target(open: series.open[i], high: series.high[i], low: series.low[i], close: series.close[i], volume: 0) == 1 {
            signalBar = i; break
        }
        let fillBar = signalBar + 1
        #expect(t.entryTime == series.time[fillBar])
        #expect(abs(t.entryPrice - series.open[fillBar] * 1.0005) < 1e-9)
        let equityAtOpen = r.equity[signalBar]  // flat before: cash
        #expect(abs(t.quantity - equityAtOpen / series.open[fillBar]) < 1e-12)
        #expect(abs(t.fees - t.quantity * (t.entryPrice + t.exitPrice!) * 0.001) < 1e-9, "entry and exit fill fees")
        // Latency moves the fill one bar later.
        let late = try run(series, StrategySpec(name: "ma_crossover", params: ["fast": 5, "slow": 20]),
                           ExecutionModel(feesBps: 10, slippageBps: 5, positionFraction: 1, latencyBars: 1))
        #expect(late.trades.first?.entryTime == series.time[fillBar + 1])
        // Position sizing: half the equity.
        let half = try run(series, StrategySpec(name: "ma_crossover", params: ["fast": 5, "slow": 20]),
                           ExecutionModel(feesBps: 10, slippageBps: 5, positionFraction: 0.5, latencyBars: 0))
        #expect(abs(half.trades[0].quantity - t.quantity / 2) < 1e-12)
    }

    @Test(arguments: ["ma_crossover", "rsi_reversion", "breakout", "momentum"])
    func noLookAhead(_ name: String) throws {
        let spec = StrategySpec(name: name, params: name == "momentum" ? ["lookback": 24, "threshold": 0.01, "allow_short": 1] : ["allow_short": 1])
        let base = try run(series, spec)
        let cut = 2_000
        var future = series
        var rng = SplitMix64(seed: 99)
        for i in cut..<future.count {  // scramble everything after the cut
            let f = 0.7 + 0.6 * rng.nextDouble()
            future.open[i] *= f; future.high[i] *= f * 1.01; future.low[i] *= f * 0.99; future.close[i] *= f
        }
        let changed = try run(future, spec)
        #expect(Array(base.equity[..<cut]) == Array(changed.equity[..<cut]), "equity before the cut depends only on earlier bars")
        let before = { (r: BacktestResult) in r.trades.filter { $0.entryTime < series.time[cut] }.map { [$0.entryTime, Int64($0.entryPrice * 1e6)] } }
        #expect(before(base) == before(changed))
        #expect(base.equity != changed.equity, "the scramble did change the future")
    }

    @Test func tradesAccountForEveryCent() throws {
        for name in ["ma_crossover", "rsi_reversion", "breakout", "momentum"] {
            let r = try run(series, StrategySpec(name: name, params: ["allow_short": 1]))
            let closedPnL = r.trades.compactMap(\.pnl).reduce(0, +)
            let open = r.trades.last.flatMap { $0.exitTime == nil ? $0 : nil }
            let openValue = open.map { $0.quantity * (series.close.last! - $0.entryPrice) - $0.fees } ?? 0
            #expect(abs(r.equity.last! - 10_000 - closedPnL - openValue) < 1e-6, "\(name)")
            #expect(abs(r.trades.reduce(0) { $0 + $1.fees } - r.feesPaid) < 1e-9)
        }
    }

    @Test func metricsFollowTheDocumentedDefinitions() {
        let day: Int64 = 86_400_000
        let times: [Int64] = [0, day, 2 * day, 3 * day, 4 * day]
        let e = [100.0, 110, 99, 121, 108.9]
        let m = Metrics(times: times, equity: e, initialEquity: 100, timeframe: .d1)
        let r = [0.1, -0.1, 121.0 / 99 - 1, 108.9 / 121 - 1]
        let mean = r.reduce(0, +) / 4
        let sd = (r.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3).squareRoot()
        #expect(abs(m.sharpe! - mean / sd * (365.25).squareRoot()) < 1e-12)
        #expect(abs(m.volatility! - sd * (365.25).squareRoot()) < 1e-12)
        let down = ((0.01 + (108.9 / 121 - 1) * (108.9 / 121 - 1)) / 4).squareRoot()
        #expect(abs(m.sortino! - mean / down * (365.25).squareRoot()) < 1e-12)
        #expect(abs(m.totalReturn - 0.089) < 1e-12)
        #expect(abs(m.cagr! - (pow(1.089, 1 / (4 / 365.25)) - 1)) < 1e-9)
        #expect(abs(m.maxDrawdown - 0.1) < 1e-12 && m.drawdownStart == day && m.drawdownTrough == 2 * day && m.drawdownRecovery == 3 * day)
        #expect(m.drawdownDuration == 2 * day)
        #expect(abs(m.calmar! / (m.cagr! / 0.1) - 1) < 1e-12)
        let flat = Metrics(times: times, equity: [100, 100, 100, 100, 100], initialEquity: 100, timeframe: .d1)
        #expect(flat.sharpe == nil && flat.maxDrawdown == 0 && flat.calmar == nil)
    }

    @Test func strategyParametersAreValidated() throws {
        #expect(throws: PeakTradeError.usage("strategy \"macd\" is not known; valid: breakout, ma_crossover, momentum, rsi_reversion")) {
            try StrategySpec(name: "macd").resolved()
        }
        #expect(throws: PeakTradeError.self) { try StrategySpec(name: "ma_crossover", params: ["fast": 50, "slow": 20]).resolved() }
        #expect(throws: PeakTradeError.self) { try StrategySpec(name: "ma_crossover", params: ["fast": 2.5]).resolved() }
        #expect(throws: PeakTradeError.self) { try StrategySpec(name: "rsi_reversion", params: ["speed": 3]).resolved() }
        #expect(try StrategySpec(name: "breakout").resolved()["period"] == 20)
    }

    @Test func presetsLoadAndPortfolioEquityIsTheSumOfSleeves() throws {
        let path = TestPaths.repositoryRoot.appendingPathComponent("config/portfolio_presets.toml").path
        let all = try PortfolioPreset.loadAll(path: path)
        #expect(Set(all.map(\.name)).isSuperset(of: ["rsi_reversion_conservative", "multi_style_moderate", "momentum_long_short"]))
        let p = try PortfolioPreset.load("multi_style_moderate", path: path)
        let btc = ResearchData(series: Fixtures.generated(bars: 2_000, seed: 1), timeframe: .h1,
                               report: DataCheckReport(source: "x", rows: 0, findings: [], summary: .init([])), shown: [])
        var ethSeries = Fixtures.generated(bars: 2_000, seed: 2, symbol: "ETH/EUR")
        ethSeries.symbol = Symbol(base: "ETH", quote: "EUR")
        let eth = ResearchData(series: ethSeries, timeframe: .h1, report: btc.report, shown: [])
        let run = try PortfolioRun.run(p, data: [btc, eth, btc], model: ExecutionModel(), initialCash: 10_000)
        for i in stride(from: 0, to: run.times.count, by: 97) {
            #expect(abs(run.equity[i] - run.legEquity.map { $0[i] }.reduce(0, +)) < 1e-9)
        }
        #expect(run.correlation[0][0].map { abs($0 - 1) < 1e-12 } == true)
        #expect(throws: PeakTradeError.self) { try PortfolioPreset.load("nope", path: path) }
        let bad = TestPaths.file("[x]\n[[x.legs]]\nstrategy = \"ma_crossover\"\nsymbol = \"BTC/EUR\"\nweight = 0.7\n[[x.legs]]\nstrategy = \"breakout\"\nsymbol = \"ETH/EUR\"\nweight = 0.6\n", name: "p.toml")
        #expect(throws: PeakTradeError.config("\(bad): preset [x] weights sum to 1.3; they must not exceed 1")) { try PortfolioPreset.loadAll(path: bad) }
    }

    @Test func robustnessIsSeededAndCoversTheGrid() throws {
        let path = TestPaths.repositoryRoot.appendingPathComponent("config/portfolio_presets.toml").path
        let p = try PortfolioPreset.load("rsi_reversion_conservative", path: path)
        let d = ResearchData(series: Fixtures.generated(bars: 1_500, seed: 4), timeframe: .h1,
                             report: DataCheckReport(source: "x", rows: 0, findings: [], summary: .init([])), shown: [])
        let a = try RobustnessStudy.run(p, data: [d, d], model: ExecutionModel(), initialCash: 10_000, variants: 30, folds: 3, samples: 50)
        let b = try RobustnessStudy.run(p, data: [d, d], model: ExecutionModel(), initialCash: 10_000, variants: 30, folds: 3, samples: 50)
        #expect(a.variants.count == 30 && a.variants[0] == p)
        #expect(a.grid == b.grid && a.bootstrap == b.bootstrap)
        #expect(a.walkForward.count == 2 && a.bootstrapSamples == 50)
        #expect(a.grid.sharpe.p5! <= a.grid.sharpe.p50! && a.grid.sharpe.p50! <= a.grid.sharpe.p95!)
    }
}
