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
