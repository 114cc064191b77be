import Dispatch
import Foundation

/// Reads OHLCV candles from CSV.
///
/// Header columns are matched by name in any order and case (`timestamp`/`date`/`time`/`datetime`/`open_time`,
/// `open`, `high`, `low`, `close`, `volume`); other columns are ignored. Timestamps are ISO-8601 (`Z`, an
/// offset, or none = UTC) or epoch seconds/milliseconds. CRLF, a UTF-8 BOM, quoted fields and `;` or tab
/// delimiters are accepted. Strict mode stops at the first bad row; lenient mode skips bad rows and returns
/// each as a `RowProblem`.
///
/// Files are streamed in blocks; each block is split at line boundaries across the cores, and every worker
/// writes its rows straight into the final columns, so memory stays near the size of the columns themselves.
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
    /// Blocks at least this large are split across all cores.
    public var parallelThreshold = 1 << 20
    /// Bytes read per block when streaming a file.
    public var blockSize = 8 << 20

    public init(mode: Mode = .strict) { self.mode = mode }

    static let timestampNames = ["timestamp", "date", "time", "datetime", "open_time", "opentime"]
    static let valueNames = ["open", "high", "low", "close", "volume"]

    /// Parses an in-memory CSV document.
    public func parse(_ bytes: [UInt8], source: String) throws -> Result {
        var state = ParseState(source: source, mode: mode)
        try bytes.withUnsafeBytes { raw in
            let used = try state.feed(raw, final: true, reader: self)
            precondition(used == raw.count)
        }
        return try state.finish()
    }

    /// Streams a file from disk.
    public func read(path: String) throws -> Result {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PeakTradeError.io("\(path): cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            throw PeakTradeError.io("\(path): is a directory, expected a file")
        }
        var state = ParseState(source: path, mode: mode)
        state.fileSize = Int(st.st_size)
        var buffer = [UInt8](repeating: 0, count: blockSize)
        var filled = 0
        var eof = false
        while !eof {
            if filled == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }  // a line longer than a block
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PeakTradeError.io("\(path): read failed: \(String(cString: strerror(errno)))")
            }
            eof = n == 0
            filled += n
            let used = try buffer.withUnsafeBytes { raw in
                try state.feed(UnsafeRawBufferPointer(rebasing: raw[0..<filled]), final: eof, reader: self)
            }
            if used > 0 {
                buffer.withUnsafeMutableBytes { b in
                    _ = memmove(b.baseAddress!, b.baseAddress! + used, filled - used)
                }
                filled -= used
            }
        }
        return try state.finish()
    }

    // MARK: - Streaming state

    struct ParseState {
        let source: String
        let mode: Mode
        var fileSize = 0
        var layout: Layout?
        var series: CandleSeries
        var problems: [RowProblem] = []
        /// Lines consumed so far (header and blank lines included).
        var line = 0
        var sawBOMCheck = false

        init(source: String, mode: Mode) {
            self.source = source
            self.mode = mode
            series = CandleSeries(source: source)
        }

        /// Consumes whole lines from `p` (all of it when `final`); returns the bytes used.
        mutating func feed(_ p: UnsafeRawBufferPointer, final: Bool, reader: CandleCSVReader) throws -> Int {
            var start = 0
            if !sawBOMCheck {
                if p.count < 3 && !final { return 0 }
                sawBOMCheck = true
                if p.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { start = 3 }
            }
            if let base = p.baseAddress, let hit = memchr(base + start, 0, p.count - start) {
                throw PeakTradeError.badInput("\(source): binary data (NUL byte near offset \(base.distance(to: UnsafeRawPointer(hit)))), not a CSV candle file")
            }
            // Only complete lines are parsed; the rest waits for the next block.
            var limit = p.count
            if !final {
                guard let lastNL = lastNewline(p, from: start) else { return start }
                limit = lastNL + 1
            }
            if layout == nil {
                while layout == nil && start < limit {
                    let e = CandleCSVReader.lineEnd(p, start, limit)
                    line += 1
                    if !CandleCSVReader.isBlank(p, start, e) {
                        layout = try CandleCSVReader.header(p, start, e, source: source, line: line)
                        if fileSize > 0 { series.reserve(Int(Double(fileSize) / Double(max(e - start + 1, 24)) * 1.1) + 16) }
                    }
                    start = min(e + 1, limit)
                }
                if layout == nil {
                    if final { throw PeakTradeError.badInput("\(source): empty file; expected a header line such as timestamp,open,high,low,close,volume") }
                    return start
                }
            }
            if start < limit { try parseBody(p, start..<limit, reader: reader) }
            return limit
        }

        private func lastNewline(_ p: UnsafeRawBufferPointer, from: Int) -> Int? {
            var i = p.count - 1
            while i >= from { if p[i] == 10 { return i }; i -= 1 }
            return nil
        }

        /// Splits the range across workers; each counts its lines, then writes its rows at its own offset.
        private mutating func parseBody(_ p: UnsafeRawBufferPointer, _ range: Range<Int>, reader: CandleCSVReader) throws {
            let workers = range.count >= reader.parallelThreshold ? max(1, min(8, System.coreCount)) : 1
            var cuts: [Range<Int>] = []
            var s = range.lowerBound
            for k in 1...workers {
                var e = k == workers ? range.upperBound : range.lowerBound + range.count * k / workers
                if e < range.upperBound { e = min(CandleCSVReader.lineEnd(p, max(e, s), range.upperBound) + 1, range.upperBound) }
                if e > s { cuts.append(s..<e) }
                s = max(s, e)
            }
            let bounds = cuts
            var lineCounts = [Int](repeating: 0, count: bounds.count)
            let shared = UncheckedSendable(p)
            if bounds.count == 1 {
                lineCounts[0] = CandleCSVReader.countLines(p, bounds[0])
            } else {
                lineCounts.withUnsafeMutableBufferPointer { out in
                    let o = UncheckedSendable(out.baseAddress!)
                    DispatchQueue.concurrentPerform(iterations: bounds.count) { k in
                        o.value[k] = CandleCSVReader.countLines(shared.value, bounds[k])
                    }
                }
            }
            let base = series.count
            let capacity = lineCounts.reduce(0, +)
            series.appendZeros(capacity)
            var results = [ChunkResult](repeating: ChunkResult(), count: bounds.count)
            let layout = self.layout!
            let mode = self.mode
            let firstLine = line
            series.withColumns { cols in
                let c = UncheckedSendable(cols)
                var rowOffset = base, lineOffset = firstLine
                var offsets: [(Int, Int)] = []
                for k in bounds.indices { offsets.append((rowOffset, lineOffset)); rowOffset += lineCounts[k]; lineOffset += lineCounts[k] }
                let starts = offsets
                results.withUnsafeMutableBufferPointer { out in
                    let o = UncheckedSendable(out.baseAddress!)
                    let work = { @Sendable (k: Int) in
                        o.value[k] = CandleCSVReader.parseRows(shared.value, bounds[k], layout: layout, mode: mode,
                                                               into: c.value, at: starts[k].0, firstLine: starts[k].1)
                    }
                    if bounds.count == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: bounds.count, execute: work) }
                }
            }
            // Close the holes left by blank or bad lines, in worker order.
            var write = base, read = base
            for (k, r) in results.enumerated() {
                if let failure = r.failure {
                    throw PeakTradeError.badInput("\(source):\(failure.line): \(failure.message)")
                }
                if write != read { series.moveRows(from: read, to: write, count: r.rows) }
                write += r.rows
                read += lineCounts[k]
                problems += r.problems
            }
            series.truncate(to: write)
            line += capacity
        }

        func finish() throws -> Result {
            guard layout != nil else {
                throw PeakTradeError.badInput("\(source): empty file; expected a header line such as timestamp,open,high,low,close,volume")
            }
            var s = series
            s.symbol = Symbol.fromFileName(source)
            return Result(series: s, problems: problems)
        }
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
        let found = TerminalText.quoted(names.joined(separator: ","), limit: 120)
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

    // MARK: - Rows

    struct ChunkResult {
        var rows = 0
        var problems: [RowProblem] = []
        var failure: RowProblem?
    }

    static func countLines(_ p: UnsafeRawBufferPointer, _ r: Range<Int>) -> Int {
        var n = 0, pos = r.lowerBound
        while pos < r.upperBound {
            pos = lineEnd(p, pos, r.upperBound) + 1
            n += 1
        }
        return n
    }

    /// Parses the lines of `range`, writing candles contiguously from row `at`; line numbers start after `firstLine`.
    static func parseRows(_ p: UnsafeRawBufferPointer, _ range: Range<Int>, layout: Layout, mode: Mode,
                          into cols: CandleSeries.Columns, at: Int, firstLine: Int) -> ChunkResult {
        var r = ChunkResult()
        let delim = layout.delimiter
        var pos = range.lowerBound
        var line = firstLine
        var row = at
        var cache = UTCTime.DateCache()
        var values = (0.0, 0.0, 0.0, 0.0, 0.0)
        layout.roles.withUnsafeBufferPointer { roles in
            while pos < range.upperBound {
                line += 1
                let end = lineEnd(p, pos, range.upperBound)
                let next = end + 1
                var lineEnd = end
                if lineEnd > pos && p[lineEnd - 1] == 13 { lineEnd -= 1 }
                if isBlank(p, pos, lineEnd) { pos = next; continue }
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
                            if let t = UTCTime.parseTimestamp(p, a, b, cache: &cache) { time = t } else {
                                problem = describe(p, a, b, column: layout.names[field],
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
                            problem = describe(p, a, b, column: layout.names[field], expected: "is not a number")
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
                    if mode == .strict { r.failure = rp; return }
                    r.problems.append(rp)
                } else {
                    cols.time[row] = time
                    cols.open[row] = values.0
                    cols.high[row] = values.1
                    cols.low[row] = values.2
                    cols.close[row] = values.3
                    cols.volume[row] = values.4
                    cols.line[row] = Int32(truncatingIfNeeded: line)
                    row += 1
                }
                pos = next
            }
        }
        r.rows = row - at
        return r
    }

    private static func describe(_ p: UnsafeRawBufferPointer, _ a: Int, _ b: Int, column: String, expected: String) -> String {
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: p[a..<b]), as: UTF8.self)
        let shown = a == b ? "empty value" : TerminalText.quoted(text)
        return "column '\(TerminalText.sanitize(column))': \(shown) \(expected)"
    }

    /// Index of the next `\n` at or after `from`, or `limit` when there is none before it.
    @inline(__always)
    static func lineEnd(_ p: UnsafeRawBufferPointer, _ from: Int, _ limit: Int) -> Int {
        guard from < limit else { return limit }
        if let hit = memchr(p.baseAddress! + from, 10, limit - from) {
            return p.baseAddress!.distance(to: UnsafeRawPointer(hit))
        }
        return limit
    }

    @inline(__always)
    static func isBlank(_ p: UnsafeRawBufferPointer, _ s: Int, _ e: Int) -> Bool {
        var i = s
        while i < e { let c = p[i]; if c != 32 && c != 9 && c != 13 { return false }; i += 1 }
        return true
    }
}
