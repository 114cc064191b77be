import Foundation

/// The drill runs on disk (one folder with a journal each): which are finished, running or interrupted, and
/// the restore of an interrupted one.
public struct DrillRegistry: Sendable {
    public enum State: String, Sendable, Codable { case running, interrupted, finished }

    public struct Run: Sendable {
        public var id: String
        public var scenario: String
        public var variant: String
        public var started: String
        public var `operator`: String
        public var inPlace: Bool
        public var state: State
        public var verdict: String?
        public var lastStep: String
        public var journal: String
        public var manifest: [FileGuard.Entry]
    }

    public let settings: Settings

    public init(settings: Settings) { self.settings = settings }

    public func runs() -> [Run] {
        let dir = settings.drills.workDir
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return names.sorted().compactMap { name in
            let journal = ((dir as NSString).appendingPathComponent(name) as NSString).appendingPathComponent("journal.jsonl")
            let entries = DrillJournal.read(journal)
            guard let start = entries.first(where: { $0["type"] as? String == "run_started" }) else { return nil }
            let finished = entries.last(where: { $0["type"] as? String == "run_finished" })
            var state: State = .finished
            if finished == nil {
                let pid = (start["pid"] as? Int).map(pid_t.init) ?? 0
                state = pid > 0 && kill(pid, 0) == 0 ? .running : .interrupted
            }
            let files = (entries.last(where: { $0["type"] as? String == "prepared" }) ?? entries.last(where: { $0["type"] as? String == "manifest" }))?["files"] as? [[String: Any]] ?? []
            let manifest = files.map { FileGuard.Entry(path: $0["path"] as? String ?? "", sha256: $0["sha256"] as? String, backup: $0["backup"] as? String) }
            return Run(id: start["run_id"] as? String ?? name, scenario: start["scenario"] as? String ?? "?", variant: start["variant"] as? String ?? "?",
                       started: start["time"] as? String ?? "?", operator: start["operator"] as? String ?? "?",
                       inPlace: start["in_place"] as? Bool ?? false, state: state, verdict: finished?["verdict"] as? String,
                       lastStep: entries.last?["type"] as? String ?? "?", journal: journal, manifest: manifest)
        }
    }

    public func run(_ id: String) throws -> Run {
        guard let r = runs().first(where: { $0.id == id }) else {
            throw PeakTradeError.usage("no drill run \"\(id)\" in \(settings.drills.workDir)")
        }
        return r
    }

    /// Returns every file of an interrupted run to its recorded checksum and closes its journal.
    public func restore(_ id: String, operatorName: String, clock: @escaping Clock = SystemClock.now) throws -> [String] {
        let r = try run(id)
        guard r.state != .running else { throw PeakTradeError(.problemsFound, "drill \(id) is still running (its process is alive); stop it first") }
        let journal = DrillJournal(path: r.journal, clock: clock)
        if r.state == .finished {
            // Finished runs were restored at cleanup; verify again, change nothing.
            return try FileGuard.restore(r.manifest.filter { $0.sha256 != nil })
        }
        try journal.append("restore_started", actor: operatorName, [:])
        let report = try FileGuard.restore(r.manifest)
        try journal.append("restored", actor: operatorName, ["verified": report])
        try journal.append("run_finished", actor: operatorName, ["verdict": "ABORTED", "error": "interrupted after \(r.lastStep); restored by \(operatorName)"])
        let entry = """

        ## \(r.id) — \(r.scenario) (\(r.variant)) — ABORTED

        - Started: \(r.started); interrupted after `\(r.lastStep)`; restored \(UTCTime.iso(clock() / 1000 * 1000)) by \(operatorName) with `peaktrade drill restore`
        - Cleanup verification:
        \(report.map { "  - \($0)" }.joined(separator: "\n"))
        - Journal: `\(r.journal)`

        """
        try DrillLog.append(entry, to: settings.drills.logPath)
        return report
    }
}
