import Foundation

/// Owns one sink: a queue and a thread, so a slow or dead sink only ever delays itself.
///
/// Remote sinks get retries (exponential backoff with jitter; a 429's Retry-After is honoured) and a circuit:
/// after `downAfterFailures` consecutive failures (or one permanent 4xx) the sink is `down`, and until its
/// cooldown ends new alerts are spooled without an attempt. When the cooldown ends and the spool holds alerts
/// for it, the worker probes by redelivering them; the first success puts it back to `ok`.
final class SinkWorker: @unchecked Sendable {
    enum Job {
        case alert(Alert, fallbackFor: String?)
        case records([String])
        case redeliver
    }

    let sink: AlertSink
    private let policy: RetryPolicy
    private let settings: AlertSettings
    private let clock: Clock
    /// Weak: a dispatcher may be released while work is still queued. The worker then finishes its queue on
    /// its own — failed alerts are still spooled (the worker holds the spool) — and only the notifications
    /// (events, fallbacks, meta-alerts) are skipped.
    private weak var owner: AlertDispatcher?
    private let spool: AlertSpool
    private let cond = NSCondition()
    private var queue: [Job] = []
    private var head = 0
    private var busy = false
    private var stopped = false
    private var state: SinkHealth
    private var rng = SplitMix64(seed: UInt64(UInt(bitPattern: ObjectIdentifier(NSObject()).hashValue)))
    private var thread: Thread?

    init(sink: AlertSink, settings: AlertSettings, clock: @escaping Clock, owner: AlertDispatcher, initial: SinkHealth?,
         spooled: Int) {
        self.sink = sink
        self.settings = settings
        self.policy = RetryPolicy(settings: settings)
        self.clock = clock
        self.owner = owner
        self.spool = owner.spool
        var h = SinkHealth(sink: sink.name, kind: sink.kind, target: sink.target)
        if let initial, initial.kind == sink.kind, initial.target == sink.target { h = initial }
        h.spooled = spooled  // the spool file is the truth
        state = h
        // Strong on purpose: the worker lives until its thread has drained the queue after `stop()`, even when
        // the dispatcher that made it is already gone.
        let t = Thread { self.run() }
        t.name = "alerts-\(sink.name)"
        thread = t
        t.start()
    }

    var name: String { sink.name }
    var isRemote: Bool { sink.kind.isRemote }

    var health: SinkHealth {
        cond.lock(); defer { cond.unlock() }
        return state
    }

    /// O(1) and never blocks on delivery: what `dispatch` calls on the caller's thread.
    func enqueue(_ job: Job) {
        cond.lock()
        queue.append(job)
        cond.signal()
        cond.unlock()
    }

    /// Waits until the queue is empty and nothing is in flight; false on timeout.
    func drain(until deadline: Date) -> Bool {
        cond.lock(); defer { cond.unlock() }
        while head < queue.count || busy {
            if !cond.wait(until: deadline) { return false }
        }
        return true
    }

    func stop() {
        cond.lock()
        stopped = true
        cond.broadcast()
        cond.unlock()
    }

    // MARK: - Thread

    private func run() {
        while true {
            cond.lock()
            while head >= queue.count && !stopped {
                busy = false
                cond.broadcast()
                if let wake = probeTime() {
                    if !cond.wait(until: wake) && head >= queue.count && probeTime().map({ $0 <= Date() }) == true {
                        queue.append(.redeliver)
                    }
                } else {
                    cond.wait()
                }
            }
            if stopped && head >= queue.count {
                busy = false
                cond.broadcast()
                cond.unlock()
                return
            }
            busy = true
            // Local sinks write everything queued in one go; an open circuit spools everything queued in one go.
            let takeAll = !isRemote || circuitOpen(at: clock())
            let end = takeAll ? queue.count : head + 1
            let jobs = Array(queue[head..<end])
            head = end
            if head > 4096 && head * 2 > queue.count { queue.removeFirst(head); head = 0 }
            cond.unlock()
            process(jobs)
        }
    }

    /// When the next probe is due: a non-ok remote sink with spooled alerts, after its cooldown.
    private func probeTime() -> Date? {
        guard isRemote, state.state != .ok, state.spooled > 0, let next = state.nextRetryAt else { return nil }
        return Date(timeIntervalSince1970: Double(next) / 1000)
    }

    private func circuitOpen(at now: Int64) -> Bool {
        state.state == .down && (state.nextRetryAt ?? 0) > now
    }

    private func process(_ jobs: [Job]) {
        var records: [String] = []
        var shortCircuited: [(Alert, String?)] = []
        for job in jobs {
            switch job {
            case let .records(lines): records += lines
            case .redeliver: redeliverSpool()
            case let .alert(alert, fallbackFor):
                if isRemote && circuitOpen(at: clock()) { shortCircuited.append((alert, fallbackFor)) }
                else { deliver(alert, fallbackFor: fallbackFor) }
            }
        }
        if !records.isEmpty { _ = sink.record(records) }
        if !shortCircuited.isEmpty {
            let until = state.nextRetryAt.map(UTCTime.iso) ?? "?"
            let reason = "not attempted: sink down until \(until) (last error: \(state.lastError ?? "?"))"
            failed(shortCircuited.map(\.0), attempts: 0, reason: reason, permanent: false, retryAt: nil, countsAsFailure: false)
        }
    }

    private func deliver(_ alert: Alert, fallbackFor: String?) {
        let start = clock()
        var attempts = 0
        while true {
            attempts += 1
            switch sink.deliver(alert) {
            case .delivered:
                succeeded(alert, attempts: attempts, milliseconds: Int(clock() - start), fallbackFor: fallbackFor)
                return
            case let .permanent(reason):
                failed([alert], attempts: attempts, reason: reason, permanent: true, retryAt: nil)
                return
            case let .retryable(reason, retryAfter):
                var delay = policy.backoff(retry: attempts, jitter: rng.nextDouble())
                if let ra = retryAfter {
                    if ra > policy.retryAfterMaxSeconds {
                        failed([alert], attempts: attempts, reason: "\(reason); Retry-After \(fmt(ra)) s exceeds retry_after_max_seconds, spooled",
                               permanent: false, retryAt: clock() + Int64(ra * 1000))
                        return
                    }
                    delay = ra
                }
                if attempts > policy.maxRetries || !isRemote {
                    failed([alert], attempts: attempts, reason: reason, permanent: false, retryAt: nil)
                    return
                }
                Thread.sleep(forTimeInterval: delay)
            }
        }
    }

    private func succeeded(_ alert: Alert, attempts: Int, milliseconds: Int, fallbackFor: String?) {
        let now = clock()
        cond.lock()
        let before = state
        state.delivered += 1
        state.lastSuccess = now
        state.consecutiveFailures = 0
        if state.state != .ok { state.state = .ok; state.nextRetryAt = nil }
        let after = state
        cond.unlock()
        owner?.delivered(alert, by: self, attempts: attempts, milliseconds: milliseconds, fallbackFor: fallbackFor)
        if before.state != .ok {
            owner?.healthChanged(from: before, to: after)
            if after.spooled > 0 { enqueue(.redeliver) }
        }
    }

    private func failed(_ alerts: [Alert], attempts: Int, reason: String, permanent: Bool, retryAt: Int64?,
                        countsAsFailure: Bool = true) {
        let now = clock()
        cond.lock()
        let before = state
        state.failed += alerts.count
        if countsAsFailure {
            state.consecutiveFailures += 1
            state.lastError = reason
            state.lastErrorAt = now
            state.state = permanent || state.consecutiveFailures >= settings.downAfterFailures ? .down : .degraded
            state.nextRetryAt = retryAt ?? now + Int64(settings.downCooldownSeconds * 1000)
        }
        if isRemote { state.spooled += alerts.count }
        let after = state
        cond.unlock()
        if isRemote {
            spool.append(alerts.map {
                AlertSpool.Entry(alert: $0, sink: name, spooledAt: UTCTime.iso(now), attempts: attempts, lastError: reason)
            })
        }
        owner?.deliveryFailed(alerts, by: self, attempts: attempts, reason: reason, permanent: permanent)
        if before.state != after.state || before.consecutiveFailures != after.consecutiveFailures {
            owner?.healthChanged(from: before, to: after)
        }
    }

    /// Offers this sink's spooled alerts again; stops at the first failure so a dead sink is not hammered.
    private func redeliverSpool() {
        var gaveUp = false
        var delivered = 0
        var lastFailure: (String, Bool)?
        let result = spool.redeliver(sinks: [sink.name]) { entry in
            guard !gaveUp else { return false }
            switch sink.deliver(entry.alert) {
            case .delivered:
                delivered += 1
                return true
            case let .permanent(reason): gaveUp = true; lastFailure = (reason, true); return false
            case let .retryable(reason, _): gaveUp = true; lastFailure = (reason, false); return false
            }
        }
        cond.lock()
        let before = state
        state.spooled = result.remaining
        if delivered > 0 {
            state.delivered += delivered
            state.lastSuccess = clock()
            state.consecutiveFailures = 0
            state.state = .ok
            state.nextRetryAt = nil
        }
        if let (reason, permanent) = lastFailure, delivered == 0 {
            state.consecutiveFailures += 1
            state.lastError = reason
            state.lastErrorAt = clock()
            state.state = permanent || state.consecutiveFailures >= settings.downAfterFailures ? .down : .degraded
            state.nextRetryAt = clock() + Int64(settings.downCooldownSeconds * 1000)
        }
        let after = state
        cond.unlock()
        if delivered > 0 { owner?.redelivered(count: delivered, by: self) }
        if before != after { owner?.healthChanged(from: before, to: after) }
    }
}
