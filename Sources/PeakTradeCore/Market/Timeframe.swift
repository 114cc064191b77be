/// A candle interval. Only the intervals Peak_Trade trades on; anything else is rejected with the valid list.
public enum Timeframe: String, CaseIterable, Sendable, Codable, Comparable {
    case m1 = "1m", m5 = "5m", m15 = "15m", m30 = "30m", h1 = "1h", h4 = "4h", d1 = "1d"

    public var seconds: Int64 {
        switch self {
        case .m1: 60
        case .m5: 300
        case .m15: 900
        case .m30: 1800
        case .h1: 3600
        case .h4: 14_400
        case .d1: 86_400
        }
    }

    public var milliseconds: Int64 { seconds * 1000 }

    /// Bars in a 365.25-day year (crypto trades around the clock).
    public var barsPerYear: Double { 365.25 * 86_400 / Double(seconds) }

    public static let validList = allCases.map(\.rawValue).joined(separator: " ")

    /// Parses `1m`, `1H`, ` 4h ` and so on.
    public init(parsing text: String) throws {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let tf = Timeframe(rawValue: t) else {
            throw PeakTradeError.usage("timeframe \(TerminalText.quoted(text)) is not valid; valid: \(Timeframe.validList)")
        }
        self = tf
    }

    public init?(milliseconds ms: Int64) {
        guard let tf = Timeframe.allCases.first(where: { $0.milliseconds == ms }) else { return nil }
        self = tf
    }

    public static func < (a: Timeframe, b: Timeframe) -> Bool { a.seconds < b.seconds }
}

/// Durations in config and flags: `90s`, `30m`, `1h`, `2d`, `1w`.
public enum Duration {
    public static func parseMilliseconds(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = t.last, let n = Int64(t.dropLast()), n >= 0 else { return nil }
        switch unit {
        case "s": return n * 1000
        case "m": return n * 60_000
        case "h": return n * 3_600_000
        case "d": return n * 86_400_000
        case "w": return n * 604_800_000
        default: return nil
        }
    }

    /// `45s`, `30m`, `7h11m`, `329d3h`: the two largest units, so long spans stay readable.
    public static func format(milliseconds ms: Int64) -> String {
        let s = ms / 1000
        let parts: [(Int64, String)] = [(s / 86_400, "d"), (s / 3600 % 24, "h"), (s / 60 % 60, "m"), (s % 60, "s")]
        guard let first = parts.firstIndex(where: { $0.0 > 0 }) else { return "0s" }
        var out = "\(parts[first].0)\(parts[first].1)"
        if first + 1 < parts.count, parts[first + 1].0 > 0 { out += "\(parts[first + 1].0)\(parts[first + 1].1)" }
        return out
    }
}
