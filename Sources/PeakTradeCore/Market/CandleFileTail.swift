import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Follows a candle CSV file that another process appends to: each `poll()` returns the candles in the
/// complete lines added since the last one (a half-written last line waits for its newline). The header is
/// kept from the first read so appended rows parse with the file's own column order.
public final class CandleFileTail: @unchecked Sendable {
    public let path: String
    private let reader: CandleCSVReader
    private var header: [UInt8] = []
    private var offset = 0
    /// File lines consumed so far (row numbers in errors stay the file's own).
    private var linesRead = 0

    public init(path: String, mode: CandleCSVReader.Mode = .lenient) {
        self.path = path
        reader = CandleCSVReader(mode: mode)
    }

    /// Candles appended since the last poll, and row problems in them (lenient mode skips bad rows).
    /// A file that shrank (rotated or rewritten) is read again from the start.
    public func poll() throws -> CandleCSVReader.Result {
        var st = stat()
        guard stat(path, &st) == 0 else { throw PeakTradeError.io("\(path): cannot stat: \(String(cString: strerror(errno)))") }
        let size = Int(st.st_size)
        if size < offset { offset = 0; header = []; linesRead = 0 }
        guard size > offset else { return CandleCSVReader.Result(series: CandleSeries(source: path), problems: []) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PeakTradeError.io("\(path): cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var chunk = [UInt8](repeating: 0, count: size - offset)
        let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(offset)) }
        guard n > 0 else { return CandleCSVReader.Result(series: CandleSeries(source: path), problems: []) }
        chunk.removeLast(chunk.count - n)
        guard let lastNewline = chunk.lastIndex(of: 10) else { return CandleCSVReader.Result(series: CandleSeries(source: path), problems: []) }
        var complete = Array(chunk[...lastNewline])
        offset += complete.count
        if header.isEmpty {
            guard let end = complete.firstIndex(of: 10) else { return CandleCSVReader.Result(series: CandleSeries(source: path), problems: []) }
            header = Array(complete[...end])
            complete.removeFirst(end + 1)
            linesRead = 1
        }
        let newLines = complete.reduce(0) { $1 == 10 ? $0 + 1 : $0 }
        defer { linesRead += newLines }
        guard !complete.isEmpty else { return CandleCSVReader.Result(series: CandleSeries(source: path), problems: []) }
        var result = try reader.parse(header + complete, source: path)
        let shift = Int32(linesRead - 1)
        for i in result.series.line.indices { result.series.line[i] += shift }
        result.problems = result.problems.map { CandleCSVReader.RowProblem(line: $0.line + Int(shift), message: $0.message) }
        return result
    }
}
