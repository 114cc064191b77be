import Foundation
import Testing
@testable import PeakTradeCore

@Suite struct DecimalParserTests {
    func parse(_ s: String) -> Double? {
        let b = Array(s.utf8)
        return b.withUnsafeBytes { DecimalParser.parse($0, 0, b.count) }
    }

    @Test(arguments: ["0", "1", "-1", "8766.0", "0.0994766", "52.05632000", "4906603.14", "1e-05", "1.5E3",
                      "+3.25", "0.1", "0.3", "123456789012345678", "3.141592653589793238462643", "2.2250738585072014e-308",
                      "9007199254740993", "0.000000000000000000000000123"])
    func matchesStrtod(_ text: String) {
        #expect(parse(text) == Double(text), "\(text)")
    }

    @Test func randomDecimalsRoundTripExactly() {
        var rng = SplitMix64(seed: 1)
        for _ in 0..<20_000 {
            let v = Double(rng.next() % 10_000_000_000) / pow(10, Double(rng.next() % 12))
            let text = "\(v)"
            #expect(parse(text) == v, "\(text)")
        }
    }

    @Test(arguments: ["", "abc", "1.2.3", "-", ".", "1e", "12a", "0x10", "1,5"])
    func rejectsNonNumbers(_ text: String) {
        #expect(parse(text) == nil, "\(text)")
    }

    @Test func nanAndInfinity() {
        #expect(parse("NaN")!.isNaN)
        #expect(parse("nan")!.isNaN)
        #expect(parse("-inf") == -.infinity)
    }
}

@Suite struct UTCTimeTests {
    @Test func isoRoundTrip() {
        for t: Int64 in [0, 1_515_568_800_000, 951_782_400_000, 4_102_444_800_000, 1_700_000_000_123] {
            #expect(UTCTime.parse(UTCTime.iso(t)) == t)
        }
        #expect(UTCTime.iso(1_515_568_800_000) == "2018-01-10T07:20:00Z")
    }

    @Test func acceptedForms() {
        let t: Int64 = 1_515_567_600_000  // 2018-01-10T07:00:00Z
        #expect(UTCTime.parse("2018-01-10T07:00:00Z") == t)
        #expect(UTCTime.parse("2018-01-10 07:00:00") == t)
        #expect(UTCTime.parse("2018-01-10T09:00:00+02:00") == t)
        #expect(UTCTime.parse("2018-01-10T02:00:00-0500") == t)
        #expect(UTCTime.parse("2018-01-10T07:00Z") == t)
        #expect(UTCTime.parse("2018-01-10T07:00:00.000Z") == t)
        #expect(UTCTime.parse("1515567600") == t)
        #expect(UTCTime.parse("1515567600000") == t)
        #expect(UTCTime.parse("2018-01-10") == t - 7 * 3_600_000)
    }

    @Test(arguments: ["2018-13-01T00:00:00Z", "2018-02-30", "2018-01-10T25:00:00Z", "yesterday", "2018-01-10T07:00:00X", ""])
    func rejected(_ text: String) {
        #expect(UTCTime.parse(text) == nil, "\(text)")
    }

    @Test func durations() {
        #expect(Duration.parseMilliseconds("90s") == 90_000)
        #expect(Duration.parseMilliseconds("1h") == 3_600_000)
        #expect(Duration.parseMilliseconds("2x") == nil)
        #expect(Duration.format(milliseconds: 3_600_000) == "1h")
        #expect(Duration.format(milliseconds: 25_860_000) == "7h11m")
    }

    @Test func timeframesAndSymbols() throws {
        #expect(try Timeframe(parsing: "1H") == .h1)
        #expect(throws: PeakTradeError.self) { try Timeframe(parsing: "2h") }
        #expect(try Symbol(parsing: "btc-eur").description == "BTC/EUR")
        #expect(Symbol.fromFileName("/x/BTC_USD-1h_coinbase.csv")?.description == "BTC/USD")
        #expect(throws: PeakTradeError.self) { try Symbol(parsing: "BTCEUR") }
    }
}
