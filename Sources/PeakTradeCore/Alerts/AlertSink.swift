import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The result of one delivery attempt.
public enum DeliveryAttempt: Sendable, Equatable {
    case delivered
    /// Worth another try: timeout, connection refused, DNS, 5xx, 408, 429 (with the server's Retry-After).
    case retryable(reason: String, retryAfter: Double?)
    /// Retrying cannot help: 4xx such as Slack's 404 `no_service` or 400 `invalid_payload`.
    case permanent(reason: String)
}

/// One place alerts go. `deliver` blocks for at most the configured timeout; it is only ever called from the
/// sink's own worker thread, never from whoever raised the alert.
public protocol AlertSink: AnyObject, Sendable {
    /// `log`, `stderr`, `webhook[0]`, `slack_webhook[1]`, ...
    var name: String { get }
    var kind: SinkKind { get }
    /// Safe to show: redacted for remote sinks.
    var target: String { get }
    func deliver(_ alert: Alert) -> DeliveryAttempt
    /// Writes lines verbatim (log sinks only): delivery errors and health changes are recorded here.
    func record(_ lines: [String]) -> Bool
}

public extension AlertSink {
    func record(_ lines: [String]) -> Bool { false }
}

/// Appends one JSON object a line to a log file; each write is whole lines, O_APPEND, so concurrent writers
/// and a killed process never leave a torn line behind in normal operation.
public final class LogFileSink: AlertSink, @unchecked Sendable {
    public let name = "log"
    public let kind = SinkKind.log
    public let path: String
    public var target: String { path }
    private let lock = NSLock()

    public init(path: String) { self.path = path }

    public func deliver(_ alert: Alert) -> DeliveryAttempt {
        guard let json = try? JSONEncoder.sorted.encode(LogRecord(type: "alert", alert: alert)) else {
            return .permanent(reason: "cannot encode alert")
        }
        return record([String(decoding: json, as: UTF8.self)]) ? .delivered : .retryable(reason: "cannot append to \(path): \(String(cString: strerror(errno)))", retryAfter: nil)
    }

    public func record(_ lines: [String]) -> Bool {
        guard !lines.isEmpty else { return true }
        lock.lock(); defer { lock.unlock() }
        try? AtomicFile.createDirectory(URL(fileURLWithPath: path).deletingLastPathComponent())
        return AppendOnlyFile.append(lines, to: path, sync: false)
    }

    struct LogRecord: Encodable {
        let type: String
        let alert: Alert
    }
}

/// A human line per alert on standard error.
public final class StderrSink: AlertSink, @unchecked Sendable {
    public let name = "stderr"
    public let kind = SinkKind.stderr
    public let target = "stderr"
    private let fd: Int32

    public init(fd: Int32 = 2) { self.fd = fd }

    public func deliver(_ alert: Alert) -> DeliveryAttempt {
        let line = "peaktrade: alert: \(alert.line)\n"
        return AppendOnlyFile.writeAll(fd, Array(line.utf8)) ? .delivered : .retryable(reason: "stderr write failed", retryAfter: nil)
    }
}

/// Webhook, Slack and Alertmanager: a JSON POST whose response is classified into a `DeliveryAttempt`.
public final class HTTPAlertSink: AlertSink, @unchecked Sendable {
    public let name: String
    public let kind: SinkKind
    public let target: String
    let url: URL
    let poster: HTTPPoster
    let timeout: Double

    public init(kind: SinkKind, index: Int, url: URL, poster: HTTPPoster, timeout: Double) {
        self.kind = kind
        self.name = "\(kind.rawValue)[\(index)]"
        self.url = kind == .alertmanager ? AlertPayloads.alertmanagerEndpoint(url) : url
        self.target = RedactedURL.describe(url)
        self.poster = poster
        self.timeout = timeout
    }

    func body(_ a: Alert) -> Data {
        switch kind {
        case .slackWebhook: AlertPayloads.slack(a)
        case .alertmanager: AlertPayloads.alertmanager(a)
        default: AlertPayloads.webhook(a)
        }
    }

    public func deliver(_ alert: Alert) -> DeliveryAttempt {
        let outcome = poster.post(url, body: body(alert), headers: ["Content-Type": "application/json", "User-Agent": "peaktrade-alerts/1"],
                                  timeout: timeout)
        return Self.classify(outcome, timeout: timeout, scrub: { RedactedURL.scrub($0, urls: [self.url]) })
    }

    static func classify(_ outcome: HTTPOutcome, timeout: Double, scrub: (String) -> String) -> DeliveryAttempt {
        switch outcome {
        case let .response(status, headers, body):
            if (200..<300).contains(status) { return .delivered }
            let text = TerminalText.sanitize(String(decoding: body.prefix(200), as: UTF8.self))
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let reason = scrub("HTTP \(status)" + (text.isEmpty ? "" : " \(text)"))
            if status == 429 { return .retryable(reason: reason, retryAfter: RetryPolicy.parseRetryAfter(headers["retry-after"])) }
            if status >= 500 || status == 408 { return .retryable(reason: reason, retryAfter: nil) }
            return .permanent(reason: reason)
        case .timeout: return .retryable(reason: "timed out after \(fmt(timeout)) s", retryAfter: nil)
        case .refused: return .retryable(reason: "connection refused", retryAfter: nil)
        case .unresolvable: return .retryable(reason: "host not resolvable", retryAfter: nil)
        case let .transport(message): return .retryable(reason: scrub(message), retryAfter: nil)
        }
    }
}

extension JSONEncoder {
    static let sorted: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()
}

/// Whole-line appends with one write(2) per batch, optionally fsync'd, under an exclusive flock so other
/// processes appending or rewriting the same file never interleave with us.
public enum AppendOnlyFile {
    public static func append(_ lines: [String], to path: String, sync: Bool) -> Bool {
        var bytes: [UInt8] = []
        for l in lines { bytes.append(contentsOf: l.utf8); bytes.append(10) }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        flock(fd, LOCK_EX)
        defer { flock(fd, LOCK_UN) }
        guard writeAll(fd, bytes) else { return false }
        return !sync || fsync(fd) == 0
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 { if errno == EINTR { continue }; return false }
                off += n
            }
            return true
        }
    }
}
