import Foundation
import Testing
import PeakTradeTestSupport
@testable import PeakTradeCore

@Suite struct CandleCSVReaderTests {
    let good = """
    timestamp,open,high,low,close,volume
    2024-01-01T00:00:00Z,100,110,90,105,12.5
    2024-01-01T01:00:00Z,105,112,101,111,3

    """

    func read(_ text: String, mode: CandleCSVReader.Mode = .strict) throws -> CandleCSVReader.Result {
        try CandleCSVReader(mode: mode).read(path: TestPaths.file(text))
    }

    func error(_ text: String) -> PeakTradeError? {
        do { _ = try read(text); return nil } catch let e as PeakTradeError { return e } catch { return nil }
    }

    @Test func readsColumnsInAnyOrderAndCase() throws {
        let r = try read("Volume,CLOSE,extra,low,High,open,Date\n1,105,x,90,110,100,2024-01-01T00:00:00Z\n")
        let c = r.series[0]
        #expect(c == Candle(time: 1_704_067_200_000, open: 100, high: 110, low: 90, close: 105, volume: 1))
        #expect(r.series.line == [2])
    }

    @Test func toleratesBOMCRLFQuotesSemicolonsAndBlankLines() throws {
        let text = "\u{FEFF}timestamp;open;high;low;close;volume\r\n\"1704067200\";100;110;90;105;1\r\n\r\n1704070800000;105;112;101;111;3\r\n"
        let r = try read(text)
        #expect(r.series.count == 2)
        #expect(r.series.time == [1_704_067_200_000, 1_704_070_800_000])
        #expect(r.series.line == [2, 4])
    }

    @Test func textInANumberNamesFileLineColumnAndValue() throws {
        let path = TestPaths.file(good + "2024-01-01T02:00:00Z,111,115,109,abc,4\n")
        #expect(throws: PeakTradeError.badInput("\(path):4: column 'close': \"abc\" is not a number")) {
            try CandleCSVReader().read(path: path)
        }
    }

    @Test func truncatedRow() {
        let e = error(good + "2024-01-01T02:00:00Z,111,115\n")
        #expect(e?.status == .badInput)
        #expect(e?.description.contains(":4: truncated row") == true)
    }

    @Test func badTimestamp() {
        let e = error(good + "2024-13-01T02:00:00Z,111,115,109,112,4\n")
        #expect(e?.description.contains(":4: column 'timestamp': \"2024-13-01T02:00:00Z\" is not a timestamp") == true)
    }

    @Test func emptyFileHeaderOnlyAndMissingColumn() throws {
        #expect(error("")?.description.contains("empty file") == true)
        #expect(error("\n  \n")?.description.contains("empty file") == true)
        #expect(try read("timestamp,open,high,low,close,volume\n").series.isEmpty)
        let missing = error("timestamp,open,high,low,close\n2024-01-01T00:00:00Z,1,1,1,1\n")
        #expect(missing?.description.contains(":1: header is missing column 'volume'") == true)
        let noTime = error("when,open,high,low,close,volume\n")
        #expect(noTime?.description.contains("header has no timestamp column") == true)
    }

    @Test func binaryGarbageIsRejected() {
        var bytes: [UInt8] = Array("timestamp,open".utf8)
        var rng = SplitMix64(seed: 3)
        for _ in 0..<500 { bytes.append(UInt8(truncatingIfNeeded: rng.next())) }
        bytes[20] = 0
        let path = TestPaths.scratch().appendingPathComponent("garbage.csv").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        #expect(throws: PeakTradeError.self) { try CandleCSVReader().read(path: path) }
        let noNul = Array("\u{1b}[31m\u{7f}garbage,,,\n\u{1}\u{2}".utf8)
        let path2 = TestPaths.file(String(decoding: noNul, as: UTF8.self))
        do { _ = try CandleCSVReader().read(path: path2); Issue.record("expected an error") } catch let e as PeakTradeError {
            #expect(!e.description.contains("\u{1b}"), "control characters must not reach the terminal")
        } catch { Issue.record("\(error)") }
    }

    @Test func lenientModeKeepsGoingAndReportsEveryBadRow() throws {
        let text = good + "2024-01-01T02:00:00Z,111,115,109,abc,4\n2024-01-01T03:00:00Z,1,2\n2024-01-01T04:00:00Z,112,116,110,113,5\n"
        let r = try read(text, mode: .lenient)
        #expect(r.series.count == 3)
        #expect(r.problems.map(\.line) == [4, 5])
        #expect(r.problems[0].message == "column 'close': \"abc\" is not a number")
    }

    @Test func nanAndNegativeValuesAreReadSoChecksCanReportThem() throws {
        let r = try read(good + "2024-01-01T02:00:00Z,NaN,115,109,-3,4\n")
        #expect(r.series.open[2].isNaN)
        #expect(r.series.close[2] == -3)
    }

    @Test func parallelAndSerialParsingAgreeIncludingLineNumbers() throws {
        let series = Fixtures.generated(bars: 30_000, timeframe: .m1)
        let bytes = CandleCSVWriter.encode(series)
        var serial = CandleCSVReader()
        serial.parallelThreshold = .max
        var parallel = CandleCSVReader()
        parallel.parallelThreshold = 1
        let a = try serial.parse(bytes, source: "x")
        let b = try parallel.parse(bytes, source: "x")
        #expect(a.series == b.series)
        #expect(b.series.line.first == 2 && b.series.line.last == 30_001)
        #expect(a.series.close == series.close && a.series.time == series.time)
    }

    @Test func parallelStrictErrorReportsTheRightLine() throws {
        var text = Fixtures.csv(Fixtures.generated(bars: 20_000, timeframe: .m1))
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[15_000] = "2024-01-11T09:59:00Z,1,2,0.5,oops,1"
        text = lines.joined(separator: "\n")
        var reader = CandleCSVReader()
        reader.parallelThreshold = 1
        #expect(throws: PeakTradeError.badInput("f:15001: column 'close': \"oops\" is not a number")) {
            try reader.parse(Array(text.utf8), source: "f")
        }
    }

    @Test func writerRoundTrips() throws {
        let s = Fixtures.generated(bars: 500)
        let path = TestPaths.scratch().appendingPathComponent("w.csv").path
        try CandleCSVWriter.write(s, to: path)
        let back = try CandleCSVReader().read(path: path).series
        #expect(back.time == s.time && back.open == s.open && back.high == s.high && back.volume == s.volume)
    }

    @Test func timeframeInference() throws {
        var s = Fixtures.generated(bars: 200, timeframe: .m5)
        #expect(try TimeframeInference.infer(s) == .m5)
        s = s.selecting(s.time.indices.filter { $0 % 7 != 3 })  // gaps do not change the mode
        #expect(try TimeframeInference.infer(s) == .m5)
        var odd = CandleSeries(source: "odd.csv")
        for i in 0..<10 { odd.append(Candle(time: Int64(i) * 420_000, open: 1, high: 1, low: 1, close: 1, volume: 1)) }
        #expect(throws: PeakTradeError.self) { try TimeframeInference.infer(odd) }
    }
}
