import Foundation

/// Runs a drill: prepare (manifest and backups, journaled before anything changes), inject, observe, judge the
/// criteria on the event stream, ask the operator for the manual ones, clean up (restore and verify), and
/// record everything in the journal and the drill log.
public struct DrillEngine: Sendable {
    public enum ManualAnswer: Sendable { case confirmed(note: String?), declined(note: String?) }
    /// Asks the operator about a manual criterion; nil when running non-interactively.
    public typealias Prompt = @Sendable (DrillCriterion) -> ManualAnswer?
    /// Where a running drill is, for a live checklist: reported on the engine's thread as it happens.
    public enum Progress: Sendable {
        case started(runID: String, journalPath: String)
        /// `prepared`, `injected`, `observed`, `cleanup`, `restored`, with a one-line detail.
        case stage(String, detail: String, at: Int64)
        case criterion(CriterionResult)
        case finished(Outcome)
        case failed(String)
    }
    public typealias ProgressHandler = @Sendable (Progress) -> Void

    public let settings: Settings
    public let operatorName: String
    public let clock: Clock
    public let bus: EventBus
    public let stderrFD: Int32

    public init(settings: Settings, operatorName: String, clock: @escaping Clock = SystemClock.now, bus: EventBus = EventBus(), stderrFD: Int32 = 2) {
        self.settings = settings
        self.operatorName = operatorName
        self.clock = clock
        self.bus = bus
        self.stderrFD = stderrFD
    }

    public struct CriterionResult: Sendable {
        public var criterion: DrillCriterion
        public var metAt: Int64?
        /// "met", "not met", "skipped (non-interactive)", "declined"
        public var status: String
        public var note: String?

        public init(criterion: DrillCriterion, metAt: Int64?, status: String, note: String? = nil) {
            self.criterion = criterion
            self.metAt = metAt
            self.status = status
            self.note = note
        }
    }

    public struct Outcome: Sendable {
        public var runID: String
        public var scenario: String
        public var variant: String
        public var verdict: String
        public var results: [CriterionResult]
        public var injectedAt: Int64
        public var timeToDetect: Int64?
        public var timeToAcknowledge: Int64?
        public var cleanup: [String]
        public var journalPath: String
        public var facts: DrillFacts
    }

    public func run(scenario s: DrillScenario, variant requested: String?, inPlace: Bool, prompt: Prompt?,
                    progress: ProgressHandler? = nil) throws -> Outcome {
        do {
            return try runSteps(scenario: s, variant: requested, inPlace: inPlace, prompt: prompt, progress: progress ?? { _ in })
        } catch {
            progress?(.failed("\(error)"))
            throw error
        }
    }

    private func runSteps(scenario s: DrillScenario, variant requested: String?, inPlace: Bool, prompt: Prompt?,
                          progress: ProgressHandler) throws -> Outcome {
        guard settings.environment != .live else {
            throw PeakTradeError.config("[environment] mode = \"live\": drills refuse to start (shadow, paper and testnet only)")
        }
        let variant = requested ?? s.variants[0]
        guard s.variants.contains(variant) else {
            throw PeakTradeError.usage("\(s.id): variant \"\(variant)\" is not known; valid: \(s.variants.joined(separator: ", "))")
        }
        if let open = DrillRegistry(settings: settings).runs().first(where: { $0.state != .finished }) {
            throw PeakTradeError(.problemsFound, "drill \(open.id) (\(open.scenario)) was interrupted and has not been cleaned up; run `peaktrade drill restore \(open.id)` first")
        }
        let start = clock()
        let runID = "\(UTCTime.stamp(start).replacingOccurrences(of: "-", with: ""))-\(s.id)"
        let runDir = (settings.drills.workDir as NSString).appendingPathComponent(runID)
        let journal = DrillJournal(path: (runDir as NSString).appendingPathComponent("journal.jsonl"), clock: clock)
        let ctx = DrillContext(runID: runID, runDir: runDir, variant: variant, inPlace: inPlace, settings: settings, bus: bus, clock: clock, stderrFD: stderrFD)
        try journal.append("run_started", ["run_id": runID, "scenario": s.id, "variant": variant, "operator": operatorName,
                                           "environment": settings.environment.rawValue, "in_place": inPlace, "pid": Int(getpid()),
                                           "goal": s.goal, "roles": s.roles])
        progress(.started(runID: runID, journalPath: journal.path))
        func stage(_ name: String, _ detail: String, at: Int64? = nil) {
            let now = at ?? clock()
            bus.publish(OpsEvent(time: now, kind: .drillStep(runID: runID, step: name, detail: detail)))
            progress(.stage(name, detail: detail, at: now))
        }

        // Write-ahead: the manifest (checksums, backups) is durable before anything is touched.
        let protected = inPlace ? s.filesChangedInPlace(ctx) : []
        var manifest = try protected.map { try FileGuard.entry($0, backupDir: (runDir as NSString).appendingPathComponent("backup")) }
        try journal.append("manifest", ["files": manifest.map(Self.entryJSON)])
        let created = try s.prepare(ctx)
        manifest += created.map { FileGuard.Entry(path: $0, sha256: nil, backup: nil) }
        try journal.append("prepared", ["created": created, "files": manifest.map(Self.entryJSON)])
        stage("prepared", inPlace ? "\(protected.count) file(s) backed up and checksummed" : "\(created.count) cop(ies)/overlay(s) in \(runDir)")

        let collector = EventCollector()
        let token = bus.subscribe { collector.add($0) }
        defer { bus.unsubscribe(token) }

        var facts: DrillFacts = [:]
        var failure: String?
        let injectedAt = clock()
        do {
            facts = try s.inject(ctx)
            try journal.append("injected", ["facts": facts, "injection": s.injection])
            stage("injected", facts["summary"] ?? s.injection, at: injectedAt)
            facts.merge(try s.observe(ctx, facts: facts)) { _, b in b }
            try journal.append("observed", ["facts": facts])
            stage("observed", "the system ran under the fault")
        } catch {
            failure = "\(error)"
            try? journal.append("error", ["stage": "inject/observe", "error": "\(error)"])
        }
        ctx.dispatcher?.drain(timeout: 30)
        let seen = collector.events
        for e in seen { try? journal.append("event", ["event": Self.describe(e.kind)]) }

        var results: [CriterionResult] = []
        for c in s.criteria {
            switch c.kind {
            case let .automatic(check):
                let met = failure == nil ? check(seen, facts) : nil
                results.append(CriterionResult(criterion: c, metAt: met, status: met == nil ? "not met" : "met"))
            case .manual:
                if let answer = prompt?(c) {
                    switch answer {
                    case let .confirmed(note): results.append(CriterionResult(criterion: c, metAt: clock(), status: "met", note: note))
                    case let .declined(note): results.append(CriterionResult(criterion: c, metAt: nil, status: "declined", note: note))
                    }
                } else {
                    results.append(CriterionResult(criterion: c, metAt: nil, status: "skipped (non-interactive)"))
                }
            }
            let r = results.last!
            progress(.criterion(r))
            try journal.append("criterion", actor: c.isManual && prompt != nil ? operatorName : "engine",
                               ["id": c.id, "text": c.text, "status": r.status, "met_at": r.metAt.map(UTCTime.iso) as Any? ?? NSNull(),
                                "note": r.note as Any? ?? NSNull()])
        }

        try journal.append("cleanup_started", [:])
        stage("cleanup", "restoring and verifying files")
        ctx.dispatcher?.shutdown(timeout: 5)
        let cleanup = try FileGuard.restore(manifest)
        try journal.append("restored", ["verified": cleanup])
        stage("restored", "\(cleanup.count) file(s) restored or removed and verified")

        let auto = results.filter { !$0.criterion.isManual }
        let manual = results.filter { $0.criterion.isManual && $0.status != "skipped (non-interactive)" }
        let judged = auto + manual
        let met = judged.filter { $0.status == "met" }.count
        let verdict = failure != nil ? "FAIL" : met == judged.count ? "PASS" : met > 0 ? "PARTIAL" : "FAIL"
        let detect = results.filter { $0.criterion.detects }.compactMap(\.metAt).min().map { max(0, $0 - injectedAt) }
        let ack = results.filter { $0.criterion.acknowledges }.compactMap(\.metAt).min().map { max(0, $0 - injectedAt) }
        let outcome = Outcome(runID: runID, scenario: s.id, variant: variant, verdict: verdict, results: results, injectedAt: injectedAt,
                              timeToDetect: detect, timeToAcknowledge: ack, cleanup: cleanup, journalPath: journal.path, facts: facts)
        try journal.append("run_finished", ["verdict": verdict, "time_to_detect_ms": detect as Any? ?? NSNull(),
                                            "time_to_acknowledge_ms": ack as Any? ?? NSNull(), "error": failure as Any? ?? NSNull()])
        try DrillLog.append(DrillLog.entry(outcome, scenario: s, settings: settings, operatorName: operatorName, inPlace: inPlace,
                                           started: start, finished: clock(), events: seen, error: failure,
                                           operatorActions: Self.operatorActions(journal.path)), to: settings.drills.logPath)
        progress(.finished(outcome))
        return outcome
    }

    /// What the operator did during the run, as a console recorded it in the journal (`operator_*` entries):
    /// `05:40:12Z alice note: text=gap visible`.
    static func operatorActions(_ path: String) -> [String] {
        DrillJournal.read(path).compactMap { e in
            guard let type = e["type"] as? String, type.hasPrefix("operator_") else { return nil }
            let skip: Set<String> = ["type", "time", "actor"]
            let fields = e.filter { !skip.contains($0.key) }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            let time = (e["time"] as? String).map { String($0.dropFirst(11)) } ?? "?"
            return "\(time) \(e["actor"] as? String ?? "?") \(type.dropFirst("operator_".count))\(fields.isEmpty ? "" : ": \(fields)")"
        }
    }

    static func entryJSON(_ e: FileGuard.Entry) -> [String: Any] {
        ["path": e.path, "sha256": e.sha256 as Any? ?? NSNull(), "backup": e.backup as Any? ?? NSNull()]
    }

    /// One line per event for the journal and the drill log's timeline.
    public static func describe(_ k: OpsEvent.Kind) -> String {
        switch k {
        case let .alertRaised(a): return "alert raised: \(a.severity.rawValue.uppercased()) \(a.title)"
        case let .alertDeduplicated(a, n): return "alert deduplicated (\(n)): \(a.title)"
        case let .alertDelivered(_, sink, attempts, ms): return "alert delivered to \(sink) (\(attempts) attempt(s), \(ms) ms)"
        case let .alertDeliveryFailed(_, sink, attempts, error, permanent): return "alert delivery FAILED on \(sink) after \(attempts) attempt(s): \(error)\(permanent ? " (permanent)" : "")"
        case let .alertFallback(_, sink, failed): return "fallback: \(sink) carried the alert for \(failed)"
        case let .alertSpooled(_, sink): return "alert spooled for \(sink)"
        case let .sinkHealthChanged(h): return "sink \(h.sink) is \(h.state.rawValue)"
        case let .orderDecision(o, d): return "order \(o.symbol) \(o.side.rawValue) \(fmt(o.quantity)) @ \(money(o.price)): \(d.outcome.rawValue)" + (d.reasons.isEmpty ? "" : " — " + d.reasons.map(\.message).joined(separator: "; "))
        case let .riskUtilisation(u): return "risk utilisation: " + u.map { "\($0.limit) \($0.status.rawValue)" }.joined(separator: ", ")
        case let .orderFilled(o, _): return "filled \(o.symbol) \(o.side.rawValue) \(fmt(o.quantity)) @ \(money(o.price))"
        case let .dataFinding(src, _, f): return "\(src): \(f.severity.name) \(f.kind.rawValue) — \(f.message)"
        case let .drillStep(_, step, detail): return "drill: \(step) — \(detail)"
        }
    }
}

/// Thread-safe list of the events a drill saw.
final class EventCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [OpsEvent] = []
    func add(_ e: OpsEvent) { lock.lock(); list.append(e); lock.unlock() }
    var events: [OpsEvent] { lock.lock(); defer { lock.unlock() }; return list }
}
