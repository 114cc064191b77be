import Foundation

/// Writes candles as `timestamp,open,high,low,close,volume` with ISO-8601 UTC times and shortest
/// round-trip decimals, atomically (temp file, fsync, rename).
public enum CandleCSVWriter {
    public static let header = "timestamp,open,high,low,close,volume\n"

    public static func encode(_ s: CandleSeries) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.count * 72 + header.utf8.count)
        out.append(contentsOf: header.utf8)
        for i in 0..<s.count {
            out.append(contentsOf: UTCTime.iso(s.time[i]).utf8)
            for v in [s.open[i], s.high[i], s.low[i], s.close[i], s.volume[i]] {
                out.append(UInt8(ascii: ","))
                out.append(contentsOf: number(v).utf8)
            }
            out.append(10)
        }
        return out
    }

    /// Shortest text that parses back to exactly `v`; integral values without a trailing `.0`.
    static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return v.description
    }

    public static func write(_ s: CandleSeries, to path: String) throws {
        try AtomicFile.write(Data(encode(s)), to: URL(fileURLWithPath: path))
    }
}
