import ArgumentParser
import Foundation
import PeakTradeCore

struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Test, inspect and flush the alert sinks of [live_alerts].",
        subcommands: [AlertsTestCommand.self, AlertsStatusCommand.self, AlertsFlushCommand.self]
    )
}

extension AlertSeverity: ExpressibleByArgument {}

/// How long a command may wait for every sink: each attempt's timeout plus the backoff between attempts.
func worstCaseDeliverySeconds(_ s: AlertSettings) -> Double {
    let attempts = Double(s.maxRetries + 1)
    let backoff = (1...max(1, s.maxRetries)).reduce(0.0) { $0 + min(s.retryBackoffSeconds * pow(2, Double($1 - 1)), s.retryBackoffMaxSeconds) * 1.5 }
    return attempts * (s.timeoutSeconds + 1) + backoff + 2
}

struct AlertsTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Send a test alert through every configured sink and report each outcome.",
        discussion: "Exit 0 when every sink delivered, 1 otherwise. Never waits longer than the configured timeouts and retries allow."
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Severity of the test alert: info, warning, critical.") var severity: AlertSeverity = .warning
    @Option(help: "Only this sink (a kind such as webhook, or a name such as slack_webhook[1]).") var sink: String?
    @Flag(help: "Print the outcome as JSON.") var json = false

    func run() throws {
        try Console.run {
            let settings = try global.loadSettings()
            let a = settings.alerts
            let bus = EventBus()
            let recorder = DeliveryRecorder()
            bus.subscribe { recorder.record($0) }
            let dispatcher = AlertDispatcher(settings: a, environment: settings.environment, bus: bus,
                                             only: sink.map { [$0] })
            let names = dispatcher.sinkNames
            if names.isEmpty {
                throw PeakTradeError.usage(sink.map { "no configured sink matches \"\($0)\"; configured: \(AlertDispatcher(settings: a, environment: settings.environment).sinkNames.joined(separator: ", "))" }
                                           ?? "[live_alerts] sinks configures no sink")
            }
            if !a.enabled { Console.warn("[live_alerts] enabled = false: alerts are not sent in normal operation; testing the sinks anyway") }
            let alert = Alert(severity: severity, source: "test", title: "Peak_Trade alert test",
                              message: "Test alert from `peaktrade alerts test` (\(settings.environment.rawValue)); no action needed.",
                              labels: ["test": "true"], timestamp: SystemClock.now(), environment: settings.environment)
            let started = Date()
            dispatcher.dispatch(alert, force: true)
            let finished = dispatcher.drain(timeout: worstCaseDeliverySeconds(a))
            dispatcher.shutdown(timeout: 0)
            let health = Dictionary(uniqueKeysWithValues: dispatcher.health.map { ($0.sink, $0) })
            var rows: [[String: Any]] = []
            var allDelivered = finished
            for name in names {
                let h = health[name]!
                var outcome = recorder.outcome(alertID: alert.id, sink: name)
                if let o = outcome, !o.delivered { outcome?.milliseconds = Int(o.time - alert.timestamp) }
                if outcome?.delivered != true { allDelivered = false }
                rows.append([
                    "sink": name, "target": h.target, "delivered": outcome?.delivered ?? false,
                    "attempts": outcome?.attempts ?? 0, "milliseconds": outcome?.milliseconds ?? Int(Date().timeIntervalSince(started) * 1000),
                    "error": outcome?.error ?? (finished ? NSNull() : "no outcome within the configured timeouts") as Any,
                    "state": h.state.rawValue,
                ])
            }
            let metas = recorder.metaAlerts()
            if json {
                let doc: [String: Any] = ["alert_id": alert.id, "sinks": rows, "meta_alerts": metas, "all_delivered": allDelivered]
                Console.out(try Console.json(object: doc))
            } else {
                Console.out("test alert \(alert.id) (\(severity.rawValue)) → \(names.count) sink(s)")
                for r in rows {
                    let ok = r["delivered"] as! Bool
                    let detail = ok ? "delivered in \(r["milliseconds"]!) ms after \(r["attempts"]!) attempt(s)"
                        : "FAILED after \(r["attempts"]!) attempt(s), \(r["milliseconds"]!) ms: \(r["error"]!)"
                    Console.out("  \(pad(r["sink"] as! String, 18)) \(pad(r["target"] as! String, 34)) \(detail)  [\(r["state"]!)]")
                }
                for m in metas { Console.out("  meta-alert raised: \(m)") }
                let spool = dispatcher.spool.size
                if spool.entries > 0 { Console.out("  spool: \(spool.entries) alert(s) waiting for redelivery (peaktrade alerts flush)") }
            }
            return allDelivered ? .ok : .problemsFound
        }
    }
}

struct AlertsStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each sink's health as last recorded, and the spool.",
        discussion: "Exit 0 when every sink is ok and the spool is empty, 1 otherwise."
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print as JSON.") var json = false

    func run() throws {
        try Console.run {
            let settings = try global.loadSettings()
            let a = settings.alerts
            let recorded = AlertDispatcher.loadHealth(a.healthPath)
            let dispatcher = AlertDispatcher(settings: a, environment: settings.environment)
            defer { dispatcher.shutdown(timeout: 0) }
            let spool = dispatcher.spool.read()
            let bytes = dispatcher.spool.bytes
            var sinks = dispatcher.health.map { h -> SinkHealth in recorded.first { $0.sink == h.sink && $0.target == h.target } ?? h }
            for i in sinks.indices { sinks[i].spooled = spool.entries.filter { $0.sink == sinks[i].sink }.count }
            let healthy = sinks.allSatisfy { $0.state == .ok } && spool.entries.isEmpty
            if json {
                struct Doc: Encodable {
                    let enabled: Bool
                    let sinks: [SinkHealth]
                    let spool: SpoolDoc
                    struct SpoolDoc: Encodable { let path: String; let entries: Int; let bytes: Int; let unreadable_lines: Int }
                }
                Console.out(try Console.json(Doc(enabled: a.enabled, sinks: sinks,
                                                 spool: .init(path: a.spoolPath, entries: spool.entries.count, bytes: bytes,
                                                              unreadable_lines: spool.unreadableLines))))
            } else {
                Console.out("alerts \(a.enabled ? "enabled" : "DISABLED"), min severity \(a.minSeverity.rawValue), \(sinks.count) sink(s)")
                for h in sinks {
                    var line = "  \(pad(h.sink, 18)) \(pad(h.target, 34)) \(pad(h.state.rawValue.uppercased(), 9))"
                    line += " delivered \(h.delivered), failed \(h.failed), spooled \(h.spooled)"
                    if let e = h.lastError, h.state != .ok { line += "; last error \(h.lastErrorAt.map(UTCTime.iso) ?? ""): \(e)" }
                    if let n = h.nextRetryAt, h.state != .ok { line += "; next retry \(UTCTime.iso(n))" }
                    if let s = h.lastSuccess { line += "; last success \(UTCTime.iso(s))" }
                    Console.out(TerminalText.sanitize(line))
                }
                Console.out("  spool \(a.spoolPath): \(spool.entries.count) alert(s), \(bytes) bytes" + (spool.unreadableLines > 0 ? ", \(spool.unreadableLines) unreadable line(s) kept" : ""))
            }
            return healthy ? .ok : .problemsFound
        }
    }
}

struct AlertsFlushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flush",
        abstract: "Redeliver spooled alerts to their sinks now.",
        discussion: "Exit 0 when the spool is empty afterwards, 1 when alerts remain."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try Console.run {
            let settings = try global.loadSettings()
            let dispatcher = AlertDispatcher(settings: settings.alerts, environment: settings.environment)
            let before = dispatcher.spool.read().entries
            let configured = Set(dispatcher.sinkNames)
            let orphaned = before.filter { !configured.contains($0.sink) }
            let result = dispatcher.flushSpool(timeout: worstCaseDeliverySeconds(settings.alerts) * Double(max(1, before.count)))
            dispatcher.shutdown(timeout: 0)
            Console.out("spool \(settings.alerts.spoolPath): \(before.count) alert(s) before, \(result.delivered) redelivered, \(result.remaining) remaining")
            for h in dispatcher.health where h.spooled > 0 {
                Console.out(TerminalText.sanitize("  \(h.sink) \(h.target): \(h.spooled) waiting, \(h.state.rawValue): \(h.lastError ?? "")"))
            }
            if !orphaned.isEmpty {
                Console.out("  \(orphaned.count) alert(s) are for sinks no longer configured (\(Set(orphaned.map(\.sink)).sorted().joined(separator: ", "))); kept")
            }
            return result.remaining == 0 ? .ok : .problemsFound
        }
    }
}

/// Collects delivery outcomes from the event stream for the report.
final class DeliveryRecorder: @unchecked Sendable {
    struct Outcome { var delivered: Bool; var attempts: Int; var milliseconds: Int; var error: String?; var time: Int64 }
    private let lock = NSLock()
    private var outcomes: [String: Outcome] = [:]
    private var metas: [String] = []

    func record(_ e: OpsEvent) {
        lock.lock(); defer { lock.unlock() }
        switch e.kind {
        case let .alertDelivered(id, sink, attempts, ms):
            outcomes["\(id)|\(sink)"] = Outcome(delivered: true, attempts: attempts, milliseconds: ms, error: nil, time: e.time)
        case let .alertDeliveryFailed(id, sink, attempts, error, _):
            outcomes["\(id)|\(sink)"] = Outcome(delivered: false, attempts: attempts, milliseconds: 0, error: error, time: e.time)
        case let .alertRaised(alert) where alert.source == "alerts":
            metas.append("\(alert.severity.rawValue.uppercased()) \(alert.title)")
        default: break
        }
    }

    func outcome(alertID: String, sink: String) -> Outcome? {
        lock.lock(); defer { lock.unlock() }
        return outcomes["\(alertID)|\(sink)"]
    }

    func metaAlerts() -> [String] {
        lock.lock(); defer { lock.unlock() }
        return metas
    }
}

func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
}
