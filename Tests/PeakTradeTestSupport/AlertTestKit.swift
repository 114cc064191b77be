import Foundation
import PeakTradeCore

/// Fast retry settings and helpers for alert tests.
public enum AlertTestKit {
    public static func settings(dir: URL, sinks: [SinkKind], webhooks: [URL] = [], slack: [URL] = [], alertmanager: [URL] = [],
                                timeout: Double = 5.0, maxRetries: Int = 2, cooldown: Double = 30) -> AlertSettings {
        // Generous by default: on a loaded 2-core CI machine a loopback reply can take over a second. Tests
        // about timeouts pass their own short value.
        var s = AlertSettings(root: dir.path)
        s.sinks = sinks
        s.webhookURLs = webhooks
        s.slackWebhookURLs = slack
        s.alertmanagerURLs = alertmanager
        s.timeoutSeconds = timeout
        s.maxRetries = maxRetries
        s.retryBackoffSeconds = 0.05
        s.retryBackoffMaxSeconds = 0.2
        s.downCooldownSeconds = cooldown
        s.dedupWindowSeconds = 60
        return s
    }

    public static func alert(_ title: String = "risk limit breached", severity: AlertSeverity = .critical,
                             message: String = "max_order_notional exceeded: notional=7.50 max=5.00") -> Alert {
        Alert(severity: severity, source: "risk", title: title, message: message, labels: ["symbol": "BTC/EUR"],
              timestamp: SystemClock.now(), environment: .shadow)
    }

    /// Polls `condition` until it holds or `timeout` passes.
    @discardableResult
    public static func wait(_ timeout: Double = 5, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return condition()
    }

    /// A file descriptor standing in for stderr, and a way to read what was written to it.
    public static func stderrFile(in dir: URL) -> (fd: Int32, read: () -> String) {
        let path = dir.appendingPathComponent("stderr.txt").path
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        return (fd, { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" })
    }
}

/// Collects events from a bus for assertions.
public final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [OpsEvent] = []

    public init(_ bus: EventBus) {
        bus.subscribe { [weak self] e in self?.append(e) }
    }

    private func append(_ e: OpsEvent) {
        lock.lock(); events.append(e); lock.unlock()
    }

    public var all: [OpsEvent] {
        lock.lock(); defer { lock.unlock() }
        return events
    }

    public var raisedTitles: [String] {
        all.compactMap { if case let .alertRaised(a) = $0.kind { return a.title } else { return nil } }
    }

    public func failures(sink: String) -> [(attempts: Int, error: String, permanent: Bool)] {
        all.compactMap {
            if case let .alertDeliveryFailed(_, s, attempts, error, permanent) = $0.kind, s == sink { return (attempts, error, permanent) }
            return nil
        }
    }

    public func delivered(sink: String) -> Int {
        all.filter { if case let .alertDelivered(_, s, _, _) = $0.kind { return s == sink } else { return false } }.count
    }
}

/// Runs blocking work on its own thread: async tests must not block the cooperative pool, which the loopback
/// server needs to answer (on a 2-core machine the pool has two threads).
public func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { (c: CheckedContinuation<T, Never>) in
        let t = Thread { c.resume(returning: body()) }
        t.start()
    }
}

extension AlertDispatcher {
    public func drainAsync(_ timeout: Double) async -> Bool { await offPool { self.drain(timeout: timeout) } }
    public func flushAsync(_ timeout: Double) async -> (delivered: Int, remaining: Int) { await offPool { self.flushSpool(timeout: timeout) } }
    public func shutdownAsync(_ timeout: Double) async { await offPool { self.shutdown(timeout: timeout) } }
}

extension AlertTestKit {
    /// Polls without blocking the cooperative pool.
    @discardableResult
    public static func waitAsync(_ timeout: Double = 5, _ condition: @Sendable () -> Bool) async -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if condition() { return true }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return condition()
    }
}
