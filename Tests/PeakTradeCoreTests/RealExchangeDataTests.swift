import Foundation
import Testing
import PeakTradeTestSupport
@testable import PeakTradeCore

/// The real exchange files in ../shared/data/ohlcv (never copied into the repository). Each expectation
/// was verified against the raw file by hand; see docs/DATA_CHECK.md.
@Suite(.enabled(if: TestPaths.sharedOHLCV != nil, Comment(rawValue: TestPaths.sharedDataSkipReason)))
struct RealExchangeDataTests {
    func report(_ name: String) throws -> DataCheck.Outcome {
        try DataCheck(settings: DataQualitySettings()).run(path: TestPaths.shared(name))
    }

    @Test(arguments: [("BTC_EUR-1m.csv", Timeframe.m1, 3663), ("BTC_USD-1h_coinbase.csv", .h1, 20111),
                      ("BTC_USD-1h_gymtradingenv.csv", .h1, 33259), ("ETH_BTC-5m.csv", .m5, 5760),
                      ("LTC_BTC-5m.csv", .m5, 5760), ("BTC_USDT-5m.csv", .m5, 10999)])
    func readsEveryFileAndInfersItsTimeframe(_ name: String, _ tf: Timeframe, _ rows: Int) throws {
        let o = try report(name)
        #expect(o.report.rows == rows)
        #expect(o.report.timeframe == tf.rawValue && o.report.timeframeSource == "inferred")
        #expect(!o.report.findings.contains { $0.severity == .critical }, "no real market move is critical")
    }

    @Test func coinbaseRepeatsFiveCandles() throws {
        let f = try report("BTC_USD-1h_coinbase.csv").report.findings.filter { $0.kind == .repeatedBlock }
        #expect(f.count == 1)
        #expect(f.first?.start == UTCTime.parse("2017-11-12T04:00:00Z") && f.first?.count == 5)
        #expect(f.first?.rows == [3211, 3212, 3213, 3214, 3215])
    }

    @Test func coinbaseEurMinuteBarsHaveTheMissingEvening() throws {
        let gaps = try report("BTC_EUR-1m.csv").report.findings.filter { $0.kind == .gap }
        let big = gaps.filter { $0.severity == .error }
        #expect(big.count == 1)
        #expect(big.first?.start == UTCTime.parse("2018-04-04T16:49:00Z") && big.first?.count == 431)
        // A minute without trades has no row: those are real one- or two-minute gaps, warnings.
        #expect(gaps.count > 100 && gaps.allSatisfy { $0.severity <= .error })
    }

    @Test func bittrexFilesAreComplete() throws {
        for name in ["ETH_BTC-5m.csv", "LTC_BTC-5m.csv"] {
            let f = try report(name).report.findings
            #expect(f.isEmpty, "\(name): \(f)")
        }
    }

    @Test func injectedCloseTimesTenInRealDataIsFoundAndNothingElseNew() throws {
        let base = try report("BTC_USDT-5m.csv")
        let at = base.series.time[5_000]
        let damaged = try CandleFaultInjector.apply(.outlier(at: at, field: .close, factor: 10), to: base.series).series
        let after = DataQualityChecker().check(damaged, timeframe: .m5)
        let new = after.filter { !base.report.findings.contains($0) }
        #expect(!new.isEmpty && new.allSatisfy { $0.start == at }, "\(new)")
        #expect(new.contains { $0.kind == .outlier && $0.severity == .critical })
    }
}

/// Research and shadow runs on real candles: the two Bittrex 5-minute files share their timestamps.
@Suite(.enabled(if: TestPaths.sharedOHLCV != nil, Comment(rawValue: TestPaths.sharedDataSkipReason)))
struct RealDataResearchTests {
    func setup() throws -> (Settings, PortfolioPreset) {
        let dir = TestPaths.scratch()
        for f in ["ETH_BTC-5m.csv", "LTC_BTC-5m.csv"] {
            try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent(f).path, withDestinationPath: TestPaths.shared(f))
        }
        var settings = Settings(root: dir.path)
        settings.data.dir = dir.path
        settings.data.symbols = [try Symbol(parsing: "ETH/BTC"), try Symbol(parsing: "LTC/BTC")]
        settings.data.timeframe = .m5
        let preset = PortfolioPreset(name: "real_bittrex", description: "", legs: [
            PortfolioLeg(strategy: StrategySpec(name: "rsi_reversion"), symbol: settings.data.symbols[0], timeframe: .m5, weight: 0.5),
            PortfolioLeg(strategy: StrategySpec(name: "breakout"), symbol: settings.data.symbols[1], timeframe: .m5, weight: 0.5),
        ])
        return (settings, preset)
    }

    @Test func portfolioAndShadowOnRealCandles() throws {
        let (settings, preset) = try setup()
        let data = try PortfolioRun.loadData(preset, settings: settings)
        #expect(data.map(\.series.count) == [5760, 5760])
        let research = try PortfolioRun.run(preset, data: data, model: ExecutionModel(), initialCash: 10_000)
        #expect(research.times.count == 5760 && research.legs.allSatisfy { !$0.trades.isEmpty })
        let corr = try #require(research.correlation[0][1])
        #expect(abs(corr) < 1 && research.correlation[0][1] == research.correlation[1][0])
        var permissive = LiveRiskSettings()
        permissive.maxOrderNotional = 1e12; permissive.maxTotalExposureNotional = 1e12
        permissive.maxSymbolExposureNotional = 1e12; permissive.maxDailyLossAbs = 1e12
        let shadow = try ShadowRunner(preset: preset, model: ExecutionModel(), initialCash: 10_000, risk: permissive, environment: .paper).run(data: data)
        #expect(shadow.equity == research.equity)
        let study = try RobustnessStudy.run(preset, data: data, model: ExecutionModel(), initialCash: 10_000, variants: 12, folds: 3, samples: 40)
        #expect(study.grid.sharpe.count == 12 && study.bootstrapSamples == 40)
    }
}
