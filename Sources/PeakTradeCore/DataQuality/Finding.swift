/// How bad a finding is; ordered so thresholds compare naturally.
public enum Severity: Int, Comparable, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case info = 0, warning, error, critical

    public var name: String { ["info", "warning", "error", "critical"][rawValue] }
    public var description: String { name }

    public init?(name: String) {
        guard let s = Severity.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = s
    }

    public static let validList = "info, warning, error, critical"
    public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let s = Severity(name: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "severity \"\(text)\" is not one of \(Severity.validList)"))
        }
        self = s
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}

public enum FindingKind: String, CaseIterable, Sendable, Codable {
    case gap
    case duplicateTimestamp = "duplicate_timestamp"
    case outOfOrder = "out_of_order"
    case offGrid = "off_grid"
    case ohlcInconsistent = "ohlc_inconsistent"
    case invalidValue = "invalid_value"
    case zeroVolumeFlat = "zero_volume_flat"
    case outlier
    case repeatedBlock = "repeated_block"
    case stale
    case invalidRow = "invalid_row"
    case empty
}

/// One data-quality problem. `start`/`end` are candle open times (epoch ms): for a gap the first and last
/// *missing* candle, for a single-candle kind `start == end`. `rows` are 1-based file lines (at most
/// `Finding.maxRows` of them); `count` is how many candles the finding covers (missing ones for a gap).
public struct Finding: Sendable, Equatable, Codable {
    public var kind: FindingKind
    public var severity: Severity
    public var start: Int64?
    public var end: Int64?
    public var count: Int
    public var rows: [Int]
    public var message: String

    public static let maxRows = 20

    public init(kind: FindingKind, severity: Severity, start: Int64?, end: Int64?, count: Int, rows: [Int], message: String) {
        self.kind = kind
        self.severity = severity
        self.start = start
        self.end = end
        self.count = count
        self.rows = Array(rows.prefix(Finding.maxRows))
        self.message = message
    }

    enum CodingKeys: String, CodingKey { case kind, severity, start, end, count, rows, message }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(FindingKind.self, forKey: .kind)
        severity = try c.decode(Severity.self, forKey: .severity)
        start = try c.decodeIfPresent(String.self, forKey: .start).flatMap(UTCTime.parse)
        end = try c.decodeIfPresent(String.self, forKey: .end).flatMap(UTCTime.parse)
        count = try c.decode(Int.self, forKey: .count)
        rows = try c.decode([Int].self, forKey: .rows)
        message = try c.decode(String.self, forKey: .message)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(severity, forKey: .severity)
        try c.encode(start.map(UTCTime.iso), forKey: .start)
        try c.encode(end.map(UTCTime.iso), forKey: .end)
        try c.encode(count, forKey: .count)
        try c.encode(rows, forKey: .rows)
        try c.encode(message, forKey: .message)
    }
}

extension Finding {
    /// A row the lenient reader skipped.
    public static func invalidRow(_ p: CandleCSVReader.RowProblem) -> Finding {
        Finding(kind: .invalidRow, severity: .error, start: nil, end: nil, count: 1, rows: [p.line], message: "line \(p.line): \(p.message)")
    }
}
