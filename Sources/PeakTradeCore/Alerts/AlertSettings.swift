import Foundation

public enum SinkKind: String, CaseIterable, Sendable, Codable {
    case log, stderr, webhook
    case slackWebhook = "slack_webhook"
    case alertmanager

    public var isRemote: Bool { self == .webhook || self == .slackWebhook || self == .alertmanager }
    public static let validList = allCases.map(\.rawValue).joined(separator: ", ")
}

/// `[live_alerts]`.
public struct AlertSettings: Sendable, Equatable {
    public var enabled = true
    public var sinks: [SinkKind] = [.log, .stderr]
    public var webhookURLs: [URL] = []
    public var slackWebhookURLs: [URL] = []
    public var alertmanagerURLs: [URL] = []
    /// Alerts below this severity are not sent anywhere.
    public var minSeverity: AlertSeverity = .info
    /// Per HTTP request.
    public var timeoutSeconds = 5.0
    /// Retries after the first attempt for timeouts, connection errors, 5xx and 429.
    public var maxRetries = 3
    /// Exponential backoff: base × 2^(attempt−1), capped, with ±50 % jitter.
    public var retryBackoffSeconds = 0.5
    public var retryBackoffMaxSeconds = 30.0
    /// A 429's Retry-After longer than this is not waited for in line: the alert is spooled for later.
    public var retryAfterMaxSeconds = 60.0
    /// Identical alerts inside this window are counted, not resent.
    public var dedupWindowSeconds = 60.0
    /// Consecutive failed deliveries after which a sink is `down` (before that `degraded`).
    public var downAfterFailures = 3
    /// How long a down sink is left alone before the next probe.
    public var downCooldownSeconds = 30.0
    /// Local sinks that carry an alert a remote sink could not deliver.
    public var fallbackSinks: [SinkKind] = [.log, .stderr]
    public var logPath: String
    public var spoolPath: String
    /// Sink health as last seen, for `alerts status` in another process.
    public var healthPath: String

    public init(root: String) {
        logPath = (root as NSString).appendingPathComponent("logs/alerts.log")
        spoolPath = (root as NSString).appendingPathComponent("state/alerts/spool.jsonl")
        healthPath = (root as NSString).appendingPathComponent("state/alerts/sink_health.json")
    }
}

/// URLs carry tokens (Slack, webhooks): only scheme, host and port are ever shown.
public enum RedactedURL {
    public static func describe(_ url: URL) -> String {
        let scheme = url.scheme ?? "?"
        let host = url.host ?? "?"
        let port = url.port.map { ":\($0)" } ?? ""
        let hasPath = !(url.path.isEmpty || url.path == "/") || url.query != nil
        return "\(scheme)://\(host)\(port)\(hasPath ? "/***" : "")"
    }

    public static func describe(_ text: String) -> String {
        guard let url = URL(string: text), url.scheme != nil, url.host != nil else { return "<unparseable URL, redacted>" }
        return describe(url)
    }

    /// Removes every occurrence of the URLs (and their paths) from a message, e.g. an error text.
    public static func scrub(_ text: String, urls: [URL]) -> String {
        var out = text
        for u in urls {
            out = out.replacingOccurrences(of: u.absoluteString, with: describe(u))
            if u.path.count > 1 { out = out.replacingOccurrences(of: u.path, with: "/***") }
            if let q = u.query, !q.isEmpty { out = out.replacingOccurrences(of: q, with: "***") }
        }
        return out
    }
}
