import PeakTradeCore
import PeakTradeTUI

/// Small text helpers shared by the panes.
enum ViewText {
    /// `HH:MM:SS` of an epoch-ms time (UTC).
    static func clock(_ ms: Int64) -> String {
        let iso = UTCTime.iso(ms)  // 2026-11-26T05:40:12Z
        let t = iso.firstIndex(of: "T").map { iso.index(after: $0) } ?? iso.startIndex
        return String(iso[t...].prefix(8))
    }

    /// `2026-11-26 05:40` (minute precision, for candle times).
    static func minute(_ ms: Int64) -> String {
        String(UTCTime.iso(ms).prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    /// `350 ms`, `4.2 s`, `3 min`, `2 h`.
    static func duration(_ ms: Int64) -> String {
        let ms = max(0, ms)
        if ms < 1000 { return "\(ms) ms" }
        if ms < 60_000 { return String(format: "%.1f s", Double(ms) / 1000) }
        if ms < 3_600_000 { return "\(ms / 60_000) min" }
        if ms < 172_800_000 { return "\(ms / 3_600_000) h" }
        return "\(ms / 86_400_000) d"
    }

    /// Word-wrapped lines of at most `width` columns.
    static func wrap(_ text: String, _ width: Int) -> [String] {
        guard width > 4 else { return [text] }
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            let w = String(word)
            if line.isEmpty { line = w } else if CharWidth.of(line) + 1 + CharWidth.of(w) <= width { line += " " + w } else { lines.append(line); line = w }
            while CharWidth.of(line) > width { lines.append(String(line.prefix(width))); line = String(line.dropFirst(width)) }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// 12,345.67
    static func amount(_ v: Double) -> String {
        let s = money(abs(v))
        let parts = s.split(separator: ".")
        var int = String(parts[0]), grouped = ""
        while int.count > 3 { grouped = "," + int.suffix(3) + grouped; int = String(int.dropLast(3)) }
        return (v < 0 ? "-" : "") + int + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }
}

extension Buffer {
    /// Writes `text` and returns the column after it (for runs of differently styled text on one line).
    @discardableResult
    mutating func put(_ x: Int, _ y: Int, _ text: String, _ style: Style, limit: Int) -> Int {
        guard x < limit else { return x }
        return set(x, y, text, style: style, maxWidth: limit - x)
    }
}
