import Foundation

/// `docs/INCIDENT_DRILL_LOG.md` (`[drills] log_path`): one markdown entry per run, only ever appended.
public enum DrillLog {
    static let header = "# Incident drill log\n\nAppend-only record of Peak_Trade incident drills (written by `peaktrade drill`; never edited by hand).\n"

    public static func append(_ entry: String, to path: String) throws {
        try AtomicFile.createDirectory(URL(fileURLWithPath: path).deletingLastPathComponent())
        var lines: [String] = []
        if !FileManager.default.fileExists(atPath: path) { lines.append(header) }
        lines.append(entry)
        guard AppendOnlyFile.append(lines, to: path, sync: true) else { throw PeakTradeError.io("\(path): cannot append to the drill log") }
    }

    static func duration(_ ms: Int64?) -> String {
        guard let ms else { return "n/a" }
        return ms < 60_000 ? String(format: "%.1f s", Double(ms) / 1000) : Duration.format(milliseconds: ms)
    }

    public static func entry(_ o: DrillEngine.Outcome, scenario s: DrillScenario, settings: Settings, operatorName: String, inPlace: Bool,
                             started: Int64, finished: Int64, events: [OpsEvent], error: String?, operatorActions: [String] = []) -> String {
        var md = "\n## \(o.runID) — \(s.id) (\(o.variant)) — \(o.verdict)\n\n"
        md += "- Date: \(UTCTime.iso(started / 1000 * 1000)) → \(UTCTime.iso(finished / 1000 * 1000)) (UTC)\n"
        md += "- Scenario: \(s.title); variant `\(o.variant)`\n"
        md += "- Environment: \(settings.environment.rawValue); mode: \(inPlace ? "in place (operator files changed, backed up and restored)" : "copies and overlays (operator files untouched)")\n"
        md += "- Operator: \(operatorName); roles: \(s.roles.joined(separator: ", "))\n"
        md += "- Goal: \(s.goal)\n"
        md += "- Injection: \(o.facts["summary"] ?? s.injection)\n"
        if let error { md += "- **Error:** \(TerminalText.sanitize(error))\n" }
        md += "- Outcome: **\(o.verdict)**; time to detect: \(duration(o.timeToDetect)); time to acknowledge: \(duration(o.timeToAcknowledge))\n"
        let detector = o.results.filter { $0.criterion.detects && $0.metAt != nil }.first
        md += "- Detected by: \(detector.map { "\($0.criterion.text)" } ?? "nothing — the fault was NOT detected")\n"
        md += "\n### Timeline\n\n| time (UTC) | event |\n|---|---|\n"
        md += "| \(UTCTime.iso(o.injectedAt)) | fault injected |\n"
        for e in events.prefix(60) { md += "| \(UTCTime.iso(e.time)) | \(TerminalText.sanitize(DrillEngine.describe(e.kind)).replacingOccurrences(of: "|", with: "\\|")) |\n" }
        if events.count > 60 { md += "| … | \(events.count - 60) more events in the journal |\n" }
        md += "\n### Alerts\n\n"
        let alerts = events.compactMap { e -> Alert? in if case let .alertRaised(a) = e.kind { return a } else { return nil } }
        if alerts.isEmpty { md += "- none raised\n" }
        for a in alerts {
            let outcomes = events.compactMap { e -> String? in
                switch e.kind {
                case let .alertDelivered(id, sink, _, _) where id == a.id: return "\(sink) delivered"
                case let .alertDeliveryFailed(id, sink, _, err, _) where id == a.id: return "\(sink) FAILED (\(err))"
                case let .alertFallback(id, sink, failed) where id == a.id: return "\(sink) as fallback for \(failed)"
                default: return nil
                }
            }
            md += "- \(a.severity.rawValue.uppercased()) \(TerminalText.sanitize(a.title)) → \(outcomes.isEmpty ? "no delivery recorded" : outcomes.joined(separator: ", "))\n"
        }
        md += "\n### Criteria\n\n| criterion | kind | result | met at |\n|---|---|---|---|\n"
        for r in o.results {
            md += "| \(r.criterion.text.replacingOccurrences(of: "|", with: "\\|")) | \(r.criterion.isManual ? "manual" : "automatic") | \(r.status == "met" ? "PASS" : r.status == "not met" || r.status == "declined" ? "FAIL" : r.status)\(r.note.map { " — note: \(TerminalText.sanitize($0))" } ?? "") | \(r.metAt.map(UTCTime.iso) ?? "-") |\n"
        }
        if !operatorActions.isEmpty {
            md += "\n### Operator actions\n\n" + operatorActions.map { "- \(TerminalText.sanitize($0))\n" }.joined()
        }
        let failed = o.results.filter { $0.status == "not met" || $0.status == "declined" }
        md += "\n### Findings and follow-ups\n\n"
        if failed.isEmpty && error == nil { md += "- All judged criteria met.\n" }
        for r in failed { md += "- FOLLOW-UP: \(r.criterion.text) was not met; see runbook section `\(s.runbookSection)`.\n" }
        if o.results.contains(where: { $0.status.hasPrefix("skipped") }) { md += "- Manual criteria were skipped (non-interactive run); an operator should confirm them in a guided run.\n" }
        md += "\n### Cleanup verification\n\n" + o.cleanup.map { "- \($0)\n" }.joined() + (o.cleanup.isEmpty ? "- nothing to restore (no operator file touched)\n" : "")
        md += "\n### Sign-offs\n\n- pending: `peaktrade drill review \(o.runID) --role risk|operator|research --verdict accepted|follow-up --note TEXT`\n"
        md += "\nJournal: `\(o.journalPath)`\n"
        return md
    }

    public static func review(runID: String, role: String, verdict: String, note: String, reviewer: String, settings: Settings,
                              clock: @escaping Clock = SystemClock.now) throws {
        let run = try DrillRegistry(settings: settings).run(runID)
        guard run.state == .finished else { throw PeakTradeError(.problemsFound, "drill \(runID) is \(run.state.rawValue); restore it before signing off") }
        try DrillJournal(path: run.journal, clock: clock).append("review", actor: reviewer, ["role": role, "verdict": verdict, "note": note])
        try append("\n### Sign-off for \(runID) — \(role): \(verdict)\n\n- \(UTCTime.iso(clock() / 1000 * 1000)) by \(TerminalText.sanitize(reviewer)) (\(role)): \(TerminalText.sanitize(note))\n", to: settings.drills.logPath)
    }
}

/// The playbook's rotation: one scenario a month in turn, every scenario at least once a quarter.
public enum DrillSchedule {
    public struct Row: Sendable {
        public var scenario: String
        public var lastRun: String?
        public var lastVerdict: String?
        public var due: Int64
        public var status: String  // "ok", "due", "overdue"
        public var thisMonth: Bool
    }

    public static let quarter: Int64 = 91 * 86_400_000

    public static func rows(settings: Settings, now: Int64) -> [Row] {
        let runs = DrillRegistry(settings: settings).runs().filter { $0.state == .finished && $0.verdict != "ABORTED" }
        let (y, m, _) = UTCTime.civil(days: now / UTCTime.msPerDay)
        let monthIndex = (y - 2026) * 12 + (m - 1)
        let ids = DrillCatalogue.all.map(\.id)
        let current = ids[((monthIndex % ids.count) + ids.count) % ids.count]
        return ids.map { id in
            let last = runs.filter { $0.scenario == id }.max { $0.started < $1.started }
            let lastTime = last.flatMap { UTCTime.parse($0.started) }
            let due = lastTime.map { $0 + quarter } ?? now
            let status = lastTime == nil ? "due (never run)" : now > due + 30 * 86_400_000 ? "overdue" : now >= due ? "due" : "ok"
            return Row(scenario: id, lastRun: last?.started, lastVerdict: last?.verdict, due: due, status: status, thisMonth: id == current)
        }
    }
}
