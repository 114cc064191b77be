import Foundation
import Testing
import PeakTradeTestSupport
@testable import PeakTradeCore

/// The core parts of the console's live feed: incremental checks, following a growing file, resampling,
/// and the live shadow book.
@Suite struct LiveFeedCoreTests {
    let btc = Symbol(base: "BTC", quote: "EUR"), eth = Symbol(base: "ETH", quote: "EUR")

    func candles(_ s: CandleSeries, _ r: Range<Int>) -> [Candle] { r.map { s[$0] } }

    @Test func incrementalChecksReportNewFindingsOnce() {
        let s = Fixtures.generated(bars: 1_000, seed: 5)
        var check = IncrementalDataCheck(settings: DataQualitySettings(), timeframe: .h1)
        #expect(check.checkHistory(s.selecting(0..<600)).isEmpty)
        // A 3-hour hole between two deliveries is a gap, reported when the candle after it arrives, once.
        #expect(check.add(candles(s, 600..<700)).isEmpty)
        let fresh = check.add(candles(s, 703..<710))
        #expect(fresh.map(\.kind) == [.gap] && fresh[0].start == s.time[700] && fresh[0].end == s.time[702] && fresh[0].severity == .error)
        #expect(check.add(candles(s, 710..<720)).isEmpty)
        // A corrupt close is found as it arrives.
        var bad = s[720]; bad.close *= 10; bad.high = bad.close
        let outlier = check.add([bad])
        #expect(outlier.contains { $0.kind == .outlier && $0.start == bad.time && $0.severity == .critical })
        #expect(check.add(candles(s, 721..<760)).allSatisfy { $0.kind != .outlier || $0.start != bad.time })
    }

    @Test func tailFollowsAppendsAndWaitsForWholeLines() throws {
        let dir = TestPaths.scratch()
        let path = dir.appendingPathComponent("BTC_EUR-1h.csv").path
        let s = Fixtures.generated(bars: 10, seed: 7)
        try CandleCSVWriter.write(s.selecting(0..<4), to: path)
        let tail = CandleFileTail(path: path, mode: .lenient)
        #expect(try tail.poll().series.time == Array(s.time[0..<4]))
        #expect(try tail.poll().series.isEmpty)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let full = try { try CandleCSVWriter.write(s, to: path); return try String(contentsOfFile: path, encoding: .utf8) }()
        let lines = full.split(separator: "\n", omittingEmptySubsequences: false)
        // Another process appends one whole row and half of the next.
        text += lines[5] + "\n" + lines[6].prefix(12)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(try tail.poll().series.time == [s.time[4]])
        text += lines[6].dropFirst(12) + "\n" + "garbage,row\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let r = try tail.poll()
        #expect(r.series.time == [s.time[5]])
        #expect(r.problems.count == 1 && r.problems[0].line == 8, "row numbers are the file's own")
        // Rewritten shorter (rotated): read again from the start.
        try CandleCSVWriter.write(s.selecting(0..<2), to: path)
        #expect(try tail.poll().series.time == Array(s.time[0..<2]))
    }

    @Test func resamplingAggregatesBuckets() {
        let s = Fixtures.generated(bars: 48, seed: 9)  // starts at midnight
        let d = s.resampled(to: .h4)
        #expect(d.count == 12 && d.time[1] - d.time[0] == 14_400_000)
        #expect(d.open[0] == s.open[0] && d.close[0] == s.close[3] && d.high[0] == s.high[0..<4].max()! && d.low[0] == s.low[0..<4].min()!)
        #expect(abs(d.volume[0] - s.volume[0..<4].reduce(0, +)) < 1e-9)
        var holey = s.selecting(Array(0..<8) + Array(12..<48))
        holey.symbol = s.symbol
        #expect(holey.resampled(to: .h4).count == 11, "a bucket without candles is absent")
    }

    @Test func liveShadowMatchesTheBatchRunnerCandleByCandle() throws {
        let preset = try PortfolioPreset.load("multi_style_moderate", path: TestPaths.repositoryRoot.appendingPathComponent("config/portfolio_presets.toml").path)
        let b = Fixtures.generated(bars: 1_500, seed: 31), e = Fixtures.generated(bars: 1_500, seed: 32, symbol: "ETH/EUR")
        let report = DataCheckReport(source: "x", rows: 0, findings: [], summary: .init([]))
        let rd = { (s: CandleSeries) in ResearchData(series: s, timeframe: .h1, report: report, shown: []) }
        let model = ExecutionModel(feesBps: 15, slippageBps: 10, positionFraction: 1, latencyBars: 1)
        let risk = LiveRiskSettings()
        let batch = try ShadowRunner(preset: preset, model: model, initialCash: 10_000, risk: risk, environment: .shadow).run(data: [rd(b), rd(e), rd(b)])
        var live = try LiveShadow(preset: preset, model: model, initialCash: 10_000, risk: risk, environment: .shadow)
        let bus = EventBus()
        var alerts: [Alert] = []
        // ETH arrives a few bars ahead of BTC, in uneven batches: bars step only when both legs have them.
        var i = 0, j = 0
        while i < b.count || j < e.count {
            let nj = min(e.count, j + 7); alerts += live.add(eth, candles(e, j..<nj), bus: bus, now: 0); j = nj
            let ni = min(b.count, i + 5); alerts += live.add(btc, candles(b, i..<ni), bus: bus, now: 0); i = ni
        }
        #expect(live.book.bars == batch.times.count)
        #expect(live.book.equity == batch.equity.last!, "bit for bit")
        #expect(live.book.blockedOrders == batch.blockedOrders && live.book.allowedOrders == batch.allowedOrders)
        #expect(batch.blockedOrders > 0 && alerts.contains { $0.title == "orders blocked by live risk limits" })
    }
}
