/// What the operator sees of one sink: is it delivering, and if not, since when and why.
public struct SinkHealth: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable { case ok, degraded, down }

    public var sink: String
    public var kind: SinkKind
    /// Redacted target (`https://hooks.slack.com/***`), or the file for `log`.
    public var target: String
    public var state: State = .ok
    public var lastSuccess: Int64?
    /// Redacted: never contains a token.
    public var lastError: String?
    public var lastErrorAt: Int64?
    public var consecutiveFailures = 0
    public var nextRetryAt: Int64?
    public var delivered = 0
    public var failed = 0
    public var spooled = 0

    public init(sink: String, kind: SinkKind, target: String) {
        self.sink = sink
        self.kind = kind
        self.target = target
    }

    enum CodingKeys: String, CodingKey {
        case sink, kind, target, state, lastSuccess = "last_success", lastError = "last_error", lastErrorAt = "last_error_at"
        case consecutiveFailures = "consecutive_failures", nextRetryAt = "next_retry_at", delivered, failed, spooled
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sink = try c.decode(String.self, forKey: .sink)
        kind = try c.decode(SinkKind.self, forKey: .kind)
        target = try c.decode(String.self, forKey: .target)
        state = try c.decode(State.self, forKey: .state)
        lastSuccess = try c.decodeIfPresent(String.self, forKey: .lastSuccess).flatMap(UTCTime.parse)
        lastError = try c.decodeIfPresent(String.self, forKey: .lastError)
        lastErrorAt = try c.decodeIfPresent(String.self, forKey: .lastErrorAt).flatMap(UTCTime.parse)
        consecutiveFailures = try c.decode(Int.self, forKey: .consecutiveFailures)
        nextRetryAt = try c.decodeIfPresent(String.self, forKey: .nextRetryAt).flatMap(UTCTime.parse)
        delivered = try c.decode(Int.self, forKey: .delivered)
        failed = try c.decode(Int.self, forKey: .failed)
        spooled = try c.decode(Int.self, forKey: .spooled)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sink, forKey: .sink)
        try c.encode(kind, forKey: .kind)
        try c.encode(target, forKey: .target)
        try c.encode(state, forKey: .state)
        try c.encode(lastSuccess.map(UTCTime.iso), forKey: .lastSuccess)
        try c.encode(lastError, forKey: .lastError)
        try c.encode(lastErrorAt.map(UTCTime.iso), forKey: .lastErrorAt)
        try c.encode(consecutiveFailures, forKey: .consecutiveFailures)
        try c.encode(nextRetryAt.map(UTCTime.iso), forKey: .nextRetryAt)
        try c.encode(delivered, forKey: .delivered)
        try c.encode(failed, forKey: .failed)
        try c.encode(spooled, forKey: .spooled)
    }
}
