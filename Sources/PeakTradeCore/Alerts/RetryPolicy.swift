import Foundation

/// Exponential backoff with jitter, and the server's word (Retry-After) when it gives one.
public struct RetryPolicy: Sendable {
    public var maxRetries: Int
    public var baseSeconds: Double
    public var maxSeconds: Double
    public var retryAfterMaxSeconds: Double

    public init(settings: AlertSettings) {
        maxRetries = settings.maxRetries
        baseSeconds = settings.retryBackoffSeconds
        maxSeconds = settings.retryBackoffMaxSeconds
        retryAfterMaxSeconds = settings.retryAfterMaxSeconds
    }

    /// Delay before retry number `retry` (1-based): base × 2^(retry−1), capped, times a jitter in [0.5, 1.5).
    public func backoff(retry: Int, jitter: Double) -> Double {
        let raw = baseSeconds * pow(2, Double(max(0, retry - 1)))
        return min(raw, maxSeconds) * (0.5 + jitter)
    }

    /// Retry-After is delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
    public static func parseRetryAfter(_ value: String?, now: Date = Date()) -> Double? {
        guard let v = value?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
        if let s = Double(v), s >= 0 { return s }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let d = f.date(from: v) else { return nil }
        return max(0, d.timeIntervalSince(now))
    }
}
