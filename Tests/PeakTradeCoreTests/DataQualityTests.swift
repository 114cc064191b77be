import Foundation
import Testing
import PeakTradeTestSupport
@testable import PeakTradeCore

@Suite struct DataQualityTests {
    let checker = DataQualityChecker()
    let hour: Int64 = 3_600_000

    func check(_ s: CandleSeries, asOf: Int64? = nil) -> [Finding] {
        checker.check(s, timeframe: s.timeframe ?? .h1, asOf: asOf)
    }

    @Test func generatedSampleDataIsClean() {
        for seed: UInt64 in [1, 42, 43, 99] {
            #expect(check(Fixtures.generated(bars: 5_000, seed: seed)) == [], "seed \(seed)")
        }
        #expect(check(Fixtures.generated(bars: 20_000, timeframe: .m1, seed: 5)) == [])
    }

    @Test func generatorIsDeterministicAndRealistic() {
        let a = Fixtures.generated(bars: 3_000, seed: 11), b = Fixtures.generated(bars: 3_000, seed: 11)
        #expect(a == b)
        #expect(a != Fixtures.generated(bars: 3_000, seed: 12))
        // Volatility clustering: absolute returns are autocorrelated.
        let r = (1..<a.count).map { abs(log(a.close[$0] / a.close[$0 - 1])) }
        let mean = r.reduce(0, +) / Double(r.count)
        let cov = zip(r.dropFirst(), r).map { ($0 - mean) * ($1 - mean) }.reduce(0, +)
        let variance = r.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
        #expect(cov / variance > 0.05)
        #expect(a.volume.allSatisfy { $0 > 0 })
    }

    @Test func gapReportsMissingCandlesExactly() throws {
        let s = Fixtures.generated(bars: 1_000)
        let from = s.time[500], to = s.time[502]
        let damaged = try CandleFaultInjector.apply(.gap(from: from, to: to), to: s).series
        let f = check(damaged)
        #expect(f.count == 1)
        #expect(f[0].kind == .gap && f[0].start == from && f[0].end == to && f[0].count == 3)
        #expect(f[0].severity == .error)
        #expect(f[0].rows == [Int(s.line[499]), Int(s.line[503])])
    }

    @Test func gapSeverityFollowsDuration() throws {
        let s = Fixtures.generated(bars: 3_000, timeframe: .m5)
        let short = try CandleFaultInjector.apply(.gap(from: s.time[100], to: s.time[101]), to: s).series
        #expect(check(short).map(\.severity) == [.warning])
        let day = try CandleFaultInjector.apply(.gap(from: s.time[100], to: s.time[100 + 288]), to: s).series
        #expect(check(day).map(\.severity) == [.critical])
    }

    @Test func corruptCloseTimesTenIsCriticalAtThatCandleOnly() throws {
        let s = Fixtures.generated(bars: 2_000)
        let at = s.time[1234]
        let damaged = try CandleFaultInjector.apply(.outlier(at: at, field: .close, factor: 10), to: s).series
        let f = check(damaged)
        #expect(f.allSatisfy { $0.start == at && $0.end == at }, "\(f)")
        #expect(f.contains { $0.kind == .outlier && $0.severity == .critical })
        #expect(Set(f.map(\.kind)) == [.outlier, .ohlcInconsistent])
    }

    @Test func absurdWickIsCritical() throws {
        let s = Fixtures.generated(bars: 2_000)
        for (field, factor) in [(CandleField.high, 10.0), (.low, 0.2)] {
            let damaged = try CandleFaultInjector.apply(.spike(at: s.time[700], field: field, factor: factor), to: s).series
            let f = check(damaged)
            #expect(f.count == 1 && f[0].kind == .outlier && f[0].severity == .critical && f[0].start == s.time[700], "\(f)")
        }
    }

    @Test func realCrashOfFifteenPercentIsNotCritical() {
        var s = Fixtures.generated(bars: 1_000)
        // A crash that holds: every later bar shifted down by 15 %.
        for i in 600..<s.count {
            s.open[i] *= 0.85; s.high[i] *= 0.85; s.low[i] *= 0.85; s.close[i] *= 0.85
        }
        s.open[600] = s.close[599]
        s.high[600] = max(s.high[600], s.open[600])
        let f = check(s)
        #expect(f.allSatisfy { $0.severity < .critical }, "\(f)")
        #expect(f.contains { $0.kind == .outlier && $0.start == s.time[600] })
    }

    @Test func duplicatesAndOutOfOrder() throws {
        let s = Fixtures.generated(bars: 300)
        let dup = try CandleFaultInjector.apply(.duplicate(at: s.time[10]), to: s).series
        let f = check(dup)
        #expect(f.count == 1 && f[0].kind == .duplicateTimestamp && f[0].severity == .warning && f[0].rows.count == 2)

        var conflicting = dup
        conflicting.close[11] += 1
        conflicting.high[11] += 1
        #expect(check(conflicting).map(\.severity) == [.error])

        var order = Array(s.time.indices)
        order.swapAt(100, 101)
        let shuffled = s.selecting(order)
        let g = check(shuffled)
        #expect(g.map(\.kind) == [.outOfOrder], "a swap is reported, and the sorted data has no gap")
        #expect(g[0].start == s.time[100])
    }

    @Test func ohlcAndInvalidValues() {
        var s = Fixtures.generated(bars: 300)
        s.high[50] = s.low[50] - 1
        s.close[80] = .nan
        s.volume[90] = -1
        s.open[120] = 0
        let f = check(s)
        #expect(f.filter { $0.kind == .ohlcInconsistent }.map(\.start) == [s.time[50]])
        #expect(f.filter { $0.kind == .invalidValue }.map(\.start) == [s.time[80], s.time[90], s.time[120]])
        #expect(f.first { $0.start == s.time[80] }!.message.contains("close=NaN"))
    }

    @Test func zeroVolumeFlatRunsAreOneFinding() {
        var s = Fixtures.generated(bars: 300)
        for i in 40..<45 {
            let p = s.close[39]
            s.open[i] = p; s.high[i] = p; s.low[i] = p; s.close[i] = p; s.volume[i] = 0
        }
        let f = check(s).filter { $0.kind == .zeroVolumeFlat }
        #expect(f.count == 1 && f[0].count == 5 && f[0].severity == .warning)
        #expect(f[0].start == s.time[40] && f[0].end == s.time[44])
    }

    @Test func repeatedBlock() {
        var s = Fixtures.generated(bars: 400)
        for k in 0..<6 {  // rows 300..305 copy rows 200..205 (times stay)
            s.open[300 + k] = s.open[200 + k]; s.high[300 + k] = s.high[200 + k]; s.low[300 + k] = s.low[200 + k]
            s.close[300 + k] = s.close[200 + k]; s.volume[300 + k] = s.volume[200 + k]
        }
        let f = check(s).filter { $0.kind == .repeatedBlock }
        #expect(f.count == 1)
        #expect(f[0].start == s.time[300] && f[0].end == s.time[305] && f[0].count == 6)
    }

    @Test func offGridAndStale() {
        var s = Fixtures.generated(bars: 100)
        s.time[50] += 60_000
        let f = check(s)
        #expect(f.contains { $0.kind == .offGrid && $0.start == s.time[50] })
        let clean = Fixtures.generated(bars: 100)
        let last = clean.time.last!
        #expect(check(clean, asOf: last + 4 * hour).isEmpty)
        let stale = check(clean, asOf: last + 5 * hour)
        #expect(stale.count == 1 && stale[0].kind == .stale && stale[0].severity == .warning)
    }

    @Test func emptySeries() {
        #expect(check(CandleSeries()).map(\.kind) == [.empty])
    }

    @Test func faultInjectorRejectsBadRequests() {
        let s = Fixtures.generated(bars: 10)
        #expect(throws: PeakTradeError.self) { try CandleFaultInjector.apply(.gap(from: 0, to: 1), to: s) }
        #expect(throws: PeakTradeError.self) { try CandleFaultInjector.apply(.outlier(at: 5, field: .close, factor: 10), to: s) }
        #expect(throws: PeakTradeError.self) { try CandleFaultInjector.apply(.spike(at: s.time[1], field: .close, factor: 10), to: s) }
        #expect(throws: PeakTradeError.self) { try CandleFaultInjector.apply(.outlier(at: s.time[1], field: .close, factor: -1), to: s) }
    }
}
