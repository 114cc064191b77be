import Foundation

public enum AlertSeverity: String, CaseIterable, Sendable, Codable, Comparable {
    case info, warning, critical

    var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: AlertSeverity, b: AlertSeverity) -> Bool { a.rank < b.rank }
    public static let validList = "info, warning, critical"
}

/// One alert as every sink sees it. `timestamp` is epoch milliseconds, UTC.
public struct Alert: Sendable, Codable, Equatable {
    public var id: String
    public var severity: AlertSeverity
    /// Who raised it: `data`, `risk`, `alerts`, `feed`, `drill`, `research`, `test`, ...
    public var source: String
    public var title: String
    public var message: String
    public var labels: [String: String]
    public var timestamp: Int64
    public var environment: EnvironmentMode

    public init(id: String = UUID().uuidString.lowercased(), severity: AlertSeverity, source: String, title: String,
                message: String, labels: [String: String] = [:], timestamp: Int64, environment: EnvironmentMode) {
        self.id = id
        self.severity = severity
        self.source = source
        self.title = title
        self.message = message
        self.labels = labels
        self.timestamp = timestamp
        self.environment = environment
    }

    enum CodingKeys: String, CodingKey { case id, severity, source, title, message, labels, timestamp, environment }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        severity = try c.decode(AlertSeverity.self, forKey: .severity)
        source = try c.decode(String.self, forKey: .source)
        title = try c.decode(String.self, forKey: .title)
        message = try c.decode(String.self, forKey: .message)
        labels = try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        let ts = try c.decode(String.self, forKey: .timestamp)
        guard let t = UTCTime.parse(ts) else {
            throw DecodingError.dataCorruptedError(forKey: .timestamp, in: c, debugDescription: "\(ts) is not a timestamp")
        }
        timestamp = t
        environment = try c.decode(EnvironmentMode.self, forKey: .environment)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(severity, forKey: .severity)
        try c.encode(source, forKey: .source)
        try c.encode(title, forKey: .title)
        try c.encode(message, forKey: .message)
        try c.encode(labels, forKey: .labels)
        try c.encode(UTCTime.iso(timestamp), forKey: .timestamp)
        try c.encode(environment, forKey: .environment)
    }

    /// Alerts with the same key inside the dedup window are counted, not resent.
    var dedupKey: String {
        "\(severity.rawValue)\u{1}\(source)\u{1}\(title)\u{1}\(message)\u{1}"
            + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1}")
    }

    /// One line for a terminal or a log: sanitised, no control characters.
    public var line: String {
        let lbl = labels.isEmpty ? "" : " " + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return TerminalText.sanitize("\(UTCTime.iso(timestamp)) \(severity.rawValue.uppercased()) [\(environment.rawValue)] \(source): \(title) — \(message)\(lbl)")
    }
}
