import Dispatch
import Foundation

/// Reads OHLCV candles from CSV.
///
/// Header columns are matched by name in any order and case (`timestamp`/`date`/`time`/`datetime`/`open_time`,
/// `open`, `high`, `low`, `close`, `volume`); other columns are ignored. Timestamps are ISO-8601 (`Z`, an
/// offset, or none = UTC) or epoch seconds/milliseconds. CRLF, a UTF-8 BOM, quoted fields and `;` or tab
/// delimiters are accepted. Strict mode stops at the first bad row; lenient mode skips bad rows and returns
/// each as a `RowProblem`.
public struct CandleCSVReader: Sendable {
    public enum Mode: String, Sendable, CaseIterable { case strict, lenient }

    public struct RowProblem: Sendable, Equatable {
        public let line: Int
        public let message: String
    }

    public struct Result: Sendable {
        public var series: CandleSeries
        public var problems: [RowProblem]
    }

    public var mode: Mode
    /// Files at least this large are parsed on all cores, split at line boundaries.
    public var parallelThreshold = 4 << 20

    public init(mode: Mode = .strict) { self.mode = mode }

    static let timestampNames = ["timestamp", "date", "time", "datetime", "open_time", "opentime"]
    static let valueNames = ["open", "high", "low", "close", "volume"]

    public func read(path: String) throws -> Result {
        let bytes = try FileBytes.read(path)
        return try parse(bytes, source: path)
    }

    public func parse(_ bytes: [UInt8], source: String) throws -> Result {
        try bytes.withUnsafeBytes { raw in try parse(raw, source: source) }
    }

    private func parse(_ p: UnsafeRawBufferPointer, source: String) throws -> Result {
        var start = 0
        if p.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { start = 3 }
        if let nul = p.firstIndex(of: 0) {
            throw PeakTradeError.badInput("\(source): binary data (NUL byte at offset \(nul)), not a CSV candle file")
        }
        // Header: first non-blank line.
        var line = 1
        var headerEnd = start
        while true {
            headerEnd = Self.lineEnd(p, start)
            if !Self.isBlank(p, start, headerEnd) || headerEnd >= p.count { break }
            start = headerEnd + 1; line += 1
        }
        if Self.isBlank(p, start, headerEnd) {
            throw PeakTradeError.badInput(
                "\(source): empty file; expected a header line such as timestamp,open,high,low,close,volume")
        }
        let layout = try Self.header(p, start, headerEnd, source: source, line: line)
        let bodyStart = min(headerEnd + 1, p.count)

        // Split the body into chunks at line starts and parse them concurrently.
        let chunks = chunkBounds(p, bodyStart)
        var parts = [ChunkResult](repeating: ChunkResult(), count: chunks.count)
        if chunks.count == 1 {
            parts[0] = parseChunk(p, chunks[0], layout, source)
        } else {
            parts.withUnsafeMutableBufferPointer { out in
                let shared = UncheckedSendable((out.baseAddress!, p))
                DispatchQueue.concurrentPerform(iterations: chunks.count) { k in
                    (shared.value.0 + k).pointee = parseChunk(shared.value.1, chunks[k], layout, source)
                }
            }
        }
        var series = CandleSeries(source: source)
        var problems: [RowProblem] = []
        var lineOffset = Int32(line)  // lines before the body
        series.reserve(parts.reduce(0) { $0 + $1.series.count })
        for part in parts {
            if let failure = part.failure {
                throw PeakTradeError.badInput("\(source):\(Int(lineOffset) + failure.line): \(failure.message)")
            }
            var s = part.series
            let off = lineOffset
            s.line.withUnsafeMutableBufferPointer { l in for i in l.indices { l[i] += off } }
            series.append(contentsOf: s)
            problems += part.problems.map { RowProblem(line: Int(off) + $0.line, message: $0.message) }
            lineOffset += Int32(part.lines)
        }
        series.symbol = Symbol.fromFileName(source)
        return Result(series: series, problems: problems)
    }

    // MARK: - Header

    struct Layout: Sendable {
        var delimiter: UInt8
        /// role per field index: -1 ignore, 0 timestamp, 1...5 open high low close volume.
        var roles: [Int8]
        var requiredFields: Int
        var names: [String]
    }

    static func header(_ p: UnsafeRawBufferPointer, _ s: Int, _ e: Int, source: String, line: Int) throws -> Layout {
        var text = String(decoding: UnsafeRawBufferPointer(rebasing: p[s..<e]), as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        let delimiter: Character = text.contains(",") ? "," : text.contains(";") ? ";" : text.contains("\t") ? "\t" : ","
        let names = text.split(separator: delimiter, omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")).lowercased()
        }
        var roles = [Int8](repeating: -1, count: names.count)
        let found = names.map { TerminalText.sanitize($0) }.joined(separator: ", ")
        guard let tsName = timestampNames.first(where: names.contains), let tsIndex = names.firstIndex(of: tsName) else {
            throw PeakTradeError.badInput(
                "\(source):\(line): header has no timestamp column (looked for \(timestampNames.joined(separator: ", "))); found: \(found)")
        }
        roles[tsIndex] = 0
        for (k, name) in valueNames.enumerated() {
            guard let idx = names.firstIndex(of: name) else {
                throw PeakTradeError.badInput(
                    "\(source):\(line): header is missing column '\(name)'; need timestamp,open,high,low,close,volume; found: \(found)")
            }
            roles[idx] = Int8(k + 1)
        }
        let required = roles.lastIndex(where: { $0 >= 0 })! + 1
        return Layout(delimiter: UInt8(ascii: delimiter.unicodeScalars.first!), roles: roles,
                      requiredFields: required, names: names)
    }

    // MARK: - Body

    struct ChunkResult: @unchecked Sendable {
        var series = CandleSeries()
        var problems: [RowProblem] = []
        var failure: RowProblem?
        /// Lines consumed (so the next chunk can number its own).
        var lines = 0
    }

    private func chunkBounds(_ p: UnsafeRawBufferPointer, _ bodyStart: Int) -> [Range<Int>] {
        let size = p.count - bodyStart
        let workers = size >= parallelThreshold ? max(1, min(8, System.coreCount)) : 1
        var bounds: [Range<Int>] = []
        var s = bodyStart
        for k in 1...workers {
            var e = k == workers ? p.count : bodyStart + size * k / workers
            if e < p.count { e = Self.lineEnd(p, max(e, s)); e = min(e + 1, p.count) }
            if e > s || k == workers { bounds.append(s..<max(e, s)) }
            s = e
        }
        return bounds
    }

    private func parseChunk(_ p: UnsafeRawBufferPointer, _ range: Range<Int>, _ layout: Layout, _ source: String) -> ChunkResult {
        var r = ChunkResult()
        r.series.reserve(range.count / 48 + 16)
        let roles = layout.roles
        let delim = layout.delimiter
        var pos = range.lowerBound
        var line = 0
        var values = (0.0, 0.0, 0.0, 0.0, 0.0)
        while pos < range.upperBound {
            line += 1
            var end = Self.lineEnd(p, pos)
            if end > range.upperBound { end = range.upperBound }
            let next = end + 1
            var lineEnd = end
            if lineEnd > pos && p[lineEnd - 1] == 13 { lineEnd -= 1 }
            if Self.isBlank(p, pos, lineEnd) { pos = next; continue }
            var field = 0
            var fs = pos
            var time: Int64 = 0
            var seen = 0
            var problem: String?
            while field < roles.count && fs <= lineEnd {
                var fe = fs
                while fe < lineEnd && p[fe] != delim { fe += 1 }
                let role = roles[field]
                if role >= 0 {
                    var a = fs, b = fe
                    while a < b && (p[a] == 32 || p[a] == 9) { a += 1 }
                    while b > a && (p[b - 1] == 32 || p[b - 1] == 9) { b -= 1 }
                    if b - a >= 2 && p[a] == 34 && p[b - 1] == 34 { a += 1; b -= 1 }
                    if role == 0 {
                        if let t = UTCTime.parseTimestamp(p, a, b) { time = t } else {
                            problem = Self.describe(p, a, b, column: layout.names[field],
                                                    expected: "is not a timestamp (expected ISO-8601 such as 2018-01-10T07:00:00Z, or epoch seconds/milliseconds)")
                            break
                        }
                    } else if let v = DecimalParser.parse(p, a, b) {
                        switch role {
                        case 1: values.0 = v
                        case 2: values.1 = v
                        case 3: values.2 = v
                        case 4: values.3 = v
                        default: values.4 = v
                        }
                    } else {
                        problem = Self.describe(p, a, b, column: layout.names[field], expected: "is not a number")
                        break
                    }
                    seen += 1
                }
                field += 1
                fs = fe + 1
            }
            if problem == nil && seen < 6 {
                problem = "truncated row: expected at least \(layout.requiredFields) columns (\(layout.names.prefix(layout.requiredFields).joined(separator: ","))), found \(field)"
            }
            if let problem {
                let rp = RowProblem(line: line, message: problem)
                if mode == .strict { r.failure = rp; r.lines = line; return r }
                r.problems.append(rp)
            } else {
                r.series.time.append(time)
                r.series.open.append(values.0)
                r.series.high.append(values.1)
                r.series.low.append(values.2)
                r.series.close.append(values.3)
                r.series.volume.append(values.4)
                r.series.line.append(Int32(truncatingIfNeeded: line))
            }
            pos = next
        }
        r.lines = line
        return r
    }

    private static func describe(_ p: UnsafeRawBufferPointer, _ a: Int, _ b: Int, column: String, expected: String) -> String {
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: p[a..<b]), as: UTF8.self)
        let shown = a == b ? "empty value" : TerminalText.quoted(text)
        return "column '\(TerminalText.sanitize(column))': \(shown) \(expected)"
    }

    @inline(__always)
    static func lineEnd(_ p: UnsafeRawBufferPointer, _ from: Int) -> Int {
        guard from < p.count else { return p.count }
        if let hit = memchr(p.baseAddress! + from, 10, p.count - from) {
            return p.baseAddress!.distance(to: UnsafeRawPointer(hit))
        }
        return p.count
    }

    @inline(__always)
    static func isBlank(_ p: UnsafeRawBufferPointer, _ s: Int, _ e: Int) -> Bool {
        var i = s
        while i < e { let c = p[i]; if c != 32 && c != 9 && c != 13 { return false }; i += 1 }
        return true
    }
}
