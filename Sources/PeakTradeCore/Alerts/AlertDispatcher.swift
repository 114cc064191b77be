import Foundation

/// Routes alerts to their sinks without ever making the caller wait.
///
/// `dispatch` filters by severity, counts duplicates inside the dedup window, and hands the alert to each
/// sink's worker. When a remote sink cannot deliver, the alert is spooled for it, sent to the fallback sinks
/// (log and stderr) if they did not already have it, the error is logged, and when the sink leaves `ok` a
/// meta-alert "alert delivery degraded: <sink>" goes to every sink that still works.
public final class AlertDispatcher: @unchecked Sendable {
    public enum DispatchResult: Equatable, Sendable {
        case queued(sinks: Int)
        case deduplicated(repeats: Int)
        case belowMinSeverity
        case disabled
    }

    public let settings: AlertSettings
    public let environment: EnvironmentMode
    public let bus: EventBus
    public let spool: AlertSpool
    let clock: Clock
    private(set) var workers: [SinkWorker] = []
    private var fallbacks: [SinkWorker] = []
    private var logWorker: SinkWorker?
    private let dedupLock = NSLock()
    private var dedup: [String: (start: Int64, repeats: Int)] = [:]
    /// Expired dedup entries are pruned when the map reaches this size; it doubles with the live entries so
    /// pruning stays amortised O(1) per alert even when every alert is distinct.
    private var dedupPruneAt = 10_000
    private let persistLock = NSLock()

    /// - Parameters:
    ///   - only: restrict the configured sinks to these names or kinds (`webhook`, `slack_webhook[1]`); the
    ///     fallback sinks stay.
    ///   - stderrFD: where the stderr sink writes (tests pass a pipe).
    public init(settings: AlertSettings, environment: EnvironmentMode, bus: EventBus = EventBus(),
                poster: HTTPPoster = URLSessionPoster(), clock: @escaping Clock = SystemClock.now,
                only: Set<String>? = nil, stderrFD: Int32 = 2) {
        self.settings = settings
        self.environment = environment
        self.bus = bus
        self.clock = clock
        spool = AlertSpool(path: settings.spoolPath)
        let persisted = Self.loadHealth(settings.healthPath)
        let spooled = Dictionary(grouping: spool.read().entries, by: \.sink).mapValues(\.count)
        var made: [String: SinkWorker] = [:]
        func worker(_ sink: AlertSink) -> SinkWorker {
            if let w = made[sink.name] { return w }
            let w = SinkWorker(sink: sink, settings: settings, clock: clock, owner: self,
                               initial: persisted.first { $0.sink == sink.name }, spooled: spooled[sink.name] ?? 0)
            made[sink.name] = w
            return w
        }
        func local(_ kind: SinkKind) -> AlertSink {
            kind == .log ? LogFileSink(path: settings.logPath) : StderrSink(fd: stderrFD)
        }
        var configured: [AlertSink] = []
        for kind in settings.sinks {
            switch kind {
            case .log, .stderr: configured.append(local(kind))
            case .webhook, .slackWebhook, .alertmanager:
                let urls = kind == .webhook ? settings.webhookURLs : kind == .slackWebhook ? settings.slackWebhookURLs : settings.alertmanagerURLs
                for (i, u) in urls.enumerated() {
                    configured.append(HTTPAlertSink(kind: kind, index: i, url: u, poster: poster, timeout: settings.timeoutSeconds))
                }
            }
        }
        if let only { configured = configured.filter { only.contains($0.name) || only.contains($0.kind.rawValue) } }
        workers = configured.map(worker)
        fallbacks = settings.fallbackSinks.map { kind in made[kind.rawValue] ?? worker(local(kind)) }
        logWorker = made["log"]
    }

    /// Workers finish their queues on their own threads (spooling what fails) and then exit.
    deinit { shutdown(timeout: 0) }

    public var sinkNames: [String] { workers.map(\.name) }

    public var health: [SinkHealth] { workers.map(\.health) }

    /// Never blocks on delivery: a dictionary lookup and one queue append per sink.
    @discardableResult
    public func dispatch(_ alert: Alert, force: Bool = false) -> DispatchResult {
        guard settings.enabled || force else { return .disabled }
        guard alert.severity >= settings.minSeverity || force else { return .belowMinSeverity }
        var outgoing = alert
        if settings.dedupWindowSeconds > 0 {
            let key = alert.dedupKey
            let window = Int64(settings.dedupWindowSeconds * 1000)
            dedupLock.lock()
            if var entry = dedup[key], alert.timestamp - entry.start < window {
                entry.repeats += 1
                dedup[key] = entry
                dedupLock.unlock()
                bus.publish(OpsEvent(time: clock(), kind: .alertDeduplicated(alert, repeats: entry.repeats)))
                return .deduplicated(repeats: entry.repeats)
            }
            if let previous = dedup[key], previous.repeats > 0 {
                outgoing.labels["repeats_in_previous_window"] = String(previous.repeats)
            }
            dedup[key] = (alert.timestamp, 0)
            if dedup.count >= dedupPruneAt {
                dedup = dedup.filter { alert.timestamp - $0.value.start < window }
                dedupPruneAt = max(10_000, dedup.count * 2)
            }
            dedupLock.unlock()
        }
        return send(outgoing, to: workers)
    }

    private func send(_ alert: Alert, to targets: [SinkWorker]) -> DispatchResult {
        bus.publish(OpsEvent(time: clock(), kind: .alertRaised(alert)))
        for w in targets { w.enqueue(.alert(alert, fallbackFor: nil)) }
        return .queued(sinks: targets.count)
    }

    /// Waits until every sink has finished what it was given (for the CLI and tests); false on timeout.
    @discardableResult
    public func drain(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        // Deliveries can enqueue more work (fallbacks, meta-alerts, redelivery): repeat until all are idle.
        for _ in 0..<8 {
            var all = true
            for w in workers + fallbacks where !w.drain(until: deadline) { all = false }
            if !all { persistHealth(); return false }
            if (workers + fallbacks).allSatisfy({ $0.drain(until: Date()) }) { break }
        }
        persistHealth()
        return true
    }

    /// Asks every remote sink to redeliver its spooled alerts now, and waits (bounded) for the outcome.
    public func flushSpool(timeout: Double) -> (delivered: Int, remaining: Int) {
        let before = spool.read().entries.count
        for w in workers where w.isRemote { w.enqueue(.redeliver) }
        drain(timeout: timeout)
        let after = spool.read().entries.count
        return (max(0, before - after), after)
    }

    public func shutdown(timeout: Double) {
        if timeout > 0 { drain(timeout: timeout) }
        for w in workers + fallbacks { w.stop() }
    }

    // MARK: - Callbacks from the workers (on their threads)

    func delivered(_ alert: Alert, by w: SinkWorker, attempts: Int, milliseconds: Int, fallbackFor: String?) {
        let kind: OpsEvent.Kind = fallbackFor.map { .alertFallback(alertID: alert.id, sink: w.name, failedSink: $0) }
            ?? .alertDelivered(alertID: alert.id, sink: w.name, attempts: attempts, milliseconds: milliseconds)
        bus.publish(OpsEvent(time: clock(), kind: kind))
    }

    func redelivered(count: Int, by w: SinkWorker) {
        log(["type": "spool_redelivered", "sink": w.name, "count": count])
    }

    func deliveryFailed(_ alerts: [Alert], by w: SinkWorker, attempts: Int, reason: String, permanent: Bool) {
        let now = clock()
        var lines: [String] = []
        for a in alerts {
            bus.publish(OpsEvent(time: now, kind: .alertDeliveryFailed(alertID: a.id, sink: w.name, attempts: attempts,
                                                                       error: reason, permanent: permanent)))
            if w.isRemote { bus.publish(OpsEvent(time: now, kind: .alertSpooled(alertID: a.id, sink: w.name))) }
            lines.append(json(["type": "delivery_failed", "time": UTCTime.iso(now), "sink": w.name, "target": w.sink.target,
                               "alert_id": a.id, "attempts": attempts, "error": reason, "permanent": permanent,
                               "spooled": w.isRemote]))
            // The operator must still see it: local fallbacks that were not already recipients.
            for f in fallbacks where f !== w && !workers.contains(where: { $0 === f }) {
                f.enqueue(.alert(a, fallbackFor: w.name))
            }
        }
        if let lw = logWorker ?? fallbacks.first(where: { $0.sink.kind == .log }), lw !== w { lw.enqueue(.records(lines)) }
    }

    func healthChanged(from before: SinkHealth, to after: SinkHealth) {
        bus.publish(OpsEvent(time: clock(), kind: .sinkHealthChanged(after)))
        log(["type": "sink_health", "time": UTCTime.iso(clock()), "sink": after.sink, "from": before.state.rawValue,
             "to": after.state.rawValue, "consecutive_failures": after.consecutiveFailures, "error": after.lastError ?? ""])
        persistHealth()
        guard before.state != after.state else { return }
        let title: String, severity: AlertSeverity, message: String
        if after.state == .ok {
            title = "alert delivery recovered: \(after.sink)"
            severity = .info
            message = "\(after.target) delivers again; \(after.spooled) spooled alert(s) are being redelivered"
        } else {
            title = "alert delivery degraded: \(after.sink)"
            severity = after.state == .down ? .critical : .warning
            message = "\(after.target) is \(after.state.rawValue) after \(after.consecutiveFailures) failed deliveries (last error: \(after.lastError ?? "?")); its alerts are spooled and sent to the fallback sinks"
        }
        let meta = Alert(severity: severity, source: "alerts", title: title, message: message,
                         labels: ["sink": after.sink, "state": after.state.rawValue], timestamp: clock(), environment: environment)
        // Every sink that still works, never the one in trouble; the fallbacks always.
        var targets = workers.filter { $0.name != after.sink && $0.health.state == .ok }
        for f in fallbacks where !targets.contains(where: { $0 === f }) && f.name != after.sink { targets.append(f) }
        _ = send(meta, to: targets)
    }

    private func log(_ object: [String: Any]) {
        guard let lw = logWorker ?? fallbacks.first(where: { $0.sink.kind == .log }) else { return }
        lw.enqueue(.records([json(object)]))
    }

    private func json(_ object: [String: Any]) -> String {
        String(decoding: AlertPayloads.jsonData(object), as: UTF8.self)
    }

    // MARK: - Health persisted for other processes

    func persistHealth() {
        persistLock.lock(); defer { persistLock.unlock() }
        let all = workers.map(\.health)
        guard let data = try? JSONEncoder.sorted.encode(all) else { return }
        try? AtomicFile.write(data, to: URL(fileURLWithPath: settings.healthPath))
    }

    public static func loadHealth(_ path: String) -> [SinkHealth] {
        guard let bytes = try? FileBytes.read(path) else { return [] }
        return (try? JSONDecoder().decode([SinkHealth].self, from: Data(bytes))) ?? []
    }
}
