import ArgumentParser
import Foundation
import PeakTradeCore

struct DrillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drill",
        abstract: "Incident drills: list, run, status, restore, review, log, schedule (docs/INCIDENT_DRILLS.md).",
        subcommands: [List.self, Show.self, Run.self, Status.self, Restore.self, Review.self, Log.self, Schedule.self]
    )

    /// Asks on stdin: `y [note]` confirms, anything else declines; end of input answers nothing (skipped).
    @Sendable static func askOperator(_ c: DrillCriterion) -> DrillEngine.ManualAnswer? {
        FileHandle.standardOutput.write(Data("\n  [manual] \(c.text)\n  confirm? [y]es / [n]o, optionally followed by a note: ".utf8))
        guard let line = readLine() else { return nil }
        let t = line.trimmingCharacters(in: .whitespaces)
        let rest = t.drop(while: { !$0.isWhitespace }).trimmingCharacters(in: .whitespaces)
        let note: String? = rest.isEmpty ? nil : rest
        if t.lowercased().hasPrefix("y") { return .confirmed(note: note) }
        return .declined(note: note)
    }

    static func operatorName(_ given: String?) -> String {
        given ?? ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "operator"
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The scenario catalogue.")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            try Console.run {
                _ = try global.loadSettings()
                for s in DrillCatalogue.all {
                    Console.out("\(pad(s.id, 22)) \(s.title)  [variants: \(s.variants.joined(separator: ", "))]")
                }
                return .ok
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A scenario: goal, roles, preparation, injection, signals, criteria, cleanup, runbook.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Scenario id.") var id: String
        func run() throws {
            try Console.run {
                _ = try global.loadSettings()
                let s = try DrillCatalogue.scenario(id)
                Console.out("\(s.id) — \(s.title)\n\nGoal: \(s.goal)\nRoles: \(s.roles.joined(separator: ", "))\nVariants: \(s.variants.joined(separator: ", ")) (default \(s.variants[0]))")
                Console.out("\nPreparation:\n" + s.preparation.map { "  - \($0)" }.joined(separator: "\n"))
                Console.out("\nInjection: \(s.injection)")
                Console.out("\nExpected signals:\n" + s.expectedSignals.map { "  - \($0)" }.joined(separator: "\n"))
                Console.out("\nSuccess criteria:\n" + s.criteria.map { "  - [\($0.isManual ? "manual" : "auto")] \($0.text)\($0.detects ? " (detection)" : "")\($0.acknowledges ? " (acknowledgement)" : "")" }.joined(separator: "\n"))
                Console.out("\nCleanup:\n" + s.cleanup.map { "  - \($0)" }.joined(separator: "\n"))
                Console.out("\nRunbook: peaktrade runbook show \(s.runbookSection)")
                return .ok
            }
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a drill: prepare, inject, observe, judge, clean up, record.",
            discussion: "By default faults go into copies and config overlays; --in-place changes the operator's files (backed up and checksummed first, restored and verified at cleanup). Exit 0 PASS, 1 PARTIAL or FAIL. Refuses in live mode."
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Scenario id.") var id: String
        @Option(help: "Scenario variant.") var variant: String?
        @Option(name: .customLong("operator"), help: "Operator name for the record (default: $USER).") var operatorName: String?
        @Flag(name: .customLong("non-interactive"), help: "Record manual steps as skipped; the verdict follows the automatic criteria.") var nonInteractive = false
        @Flag(name: .customLong("in-place"), help: "Change the operator's files as the playbook does (backup, modify, restore).") var inPlace = false

        func run() throws {
            try Console.run {
                let settings = try global.loadSettings()
                let s = try DrillCatalogue.scenario(id)
                let who = DrillCommand.operatorName(operatorName)
                let engine = DrillEngine(settings: settings, operatorName: who)
                Console.out("drill \(s.id) (\(variant ?? s.variants[0])) — \(settings.environment.rawValue), \(inPlace ? "IN PLACE" : "copies and overlays"), operator \(who)")
                Console.out("goal: \(s.goal)")
                let prompt: DrillEngine.Prompt? = nonInteractive ? nil : DrillCommand.askOperator
                let o = try engine.run(scenario: s, variant: variant, inPlace: inPlace, prompt: prompt)
                Console.out("\nrun \(o.runID): \(o.verdict)")
                for r in o.results {
                    let mark = r.status == "met" ? "PASS" : r.status.hasPrefix("skipped") ? "SKIP" : "FAIL"
                    Console.out("  \(mark)  [\(r.criterion.isManual ? "manual" : "auto")] \(r.criterion.text)\(r.metAt.map { " — \(UTCTime.iso($0))" } ?? "")")
                }
                Console.out("  time to detect: \(o.timeToDetect.map { String(format: "%.2f s", Double($0) / 1000) } ?? "n/a"); time to acknowledge: \(o.timeToAcknowledge.map { String(format: "%.1f s", Double($0) / 1000) } ?? "n/a")")
                for c in o.cleanup { Console.out("  cleanup: \(c)") }
                Console.out("  recorded: \(settings.drills.logPath) and \(o.journalPath)")
                return o.verdict == "PASS" ? .ok : .problemsFound
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Drill runs in progress or interrupted (exit 1 when one needs a restore).")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print as JSON.") var json = false
        func run() throws {
            try Console.run {
                let settings = try global.loadSettings()
                let open = DrillRegistry(settings: settings).runs().filter { $0.state != .finished }
                if json {
                    let doc = open.map { ["run_id": $0.id, "scenario": $0.scenario, "variant": $0.variant, "state": $0.state.rawValue, "started": $0.started,
                                          "last_step": $0.lastStep, "in_place": $0.inPlace, "files": $0.manifest.map { ["path": $0.path, "sha256": $0.sha256 as Any? ?? NSNull()] }] as [String: Any] }
                    Console.out(try Console.json(object: ["runs": doc]))
                } else if open.isEmpty {
                    Console.out("no drill in progress or interrupted")
                } else {
                    for r in open {
                        Console.out("\(r.id)  \(r.scenario) (\(r.variant))  \(r.state.rawValue.uppercased())  started \(r.started), last step \(r.lastStep)\(r.inPlace ? ", IN PLACE" : "")")
                        if r.state == .interrupted { Console.out("  restore with: peaktrade drill restore \(r.id)") }
                    }
                }
                return open.contains { $0.state == .interrupted } ? .problemsFound : .ok
            }
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Return every file of an interrupted drill to its recorded checksum.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Run id (see drill status).") var runID: String?
        @Flag(help: "Every interrupted run.") var all = false
        @Option(name: .customLong("operator"), help: "Who restores (default: $USER).") var operatorName: String?
        func run() throws {
            try Console.run {
                let settings = try global.loadSettings()
                let registry = DrillRegistry(settings: settings)
                let ids: [String]
                if all { ids = registry.runs().filter { $0.state == .interrupted }.map(\.id) }
                else if let runID { ids = [runID] }
                else { throw PeakTradeError.usage("give a RUN_ID or --all") }
                if ids.isEmpty { Console.out("nothing to restore") }
                for id in ids {
                    let report = try registry.restore(id, operatorName: DrillCommand.operatorName(operatorName))
                    Console.out("\(id): restored")
                    for line in report { Console.out("  \(line)") }
                }
                return .ok
            }
        }
    }

    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sign off a drill run (appended to the journal and the drill log).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Run id.") var runID: String
        @Option(help: "risk, operator or research.") var role: String
        @Option(help: "accepted or follow-up.") var verdict: String
        @Option(help: "What the reviewer says.") var note: String
        @Option(name: .customLong("operator"), help: "Reviewer name (default: $USER).") var reviewer: String?
        func run() throws {
            try Console.run {
                guard ["risk", "operator", "research"].contains(role) else { throw PeakTradeError.usage("--role \(TerminalText.quoted(role)) is not valid; valid: risk, operator, research") }
                guard ["accepted", "follow-up"].contains(verdict) else { throw PeakTradeError.usage("--verdict \(TerminalText.quoted(verdict)) is not valid; valid: accepted, follow-up") }
                let settings = try global.loadSettings()
                try DrillLog.review(runID: runID, role: role, verdict: verdict, note: note, reviewer: DrillCommand.operatorName(reviewer), settings: settings)
                Console.out("\(runID): \(role) sign-off \(verdict) recorded in \(settings.drills.logPath)")
                return .ok
            }
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recent drill runs.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "How many.") var limit = 20
        func run() throws {
            try Console.run {
                let settings = try global.loadSettings()
                let runs = DrillRegistry(settings: settings).runs().suffix(limit)
                if runs.isEmpty { Console.out("no drills recorded in \(settings.drills.workDir)") }
                for r in runs.reversed() {
                    Console.out("\(r.started)  \(pad(r.verdict ?? r.state.rawValue.uppercased(), 8)) \(pad(r.scenario, 20)) \(pad(r.variant, 20)) \(r.operator)  \(r.id)")
                }
                Console.out("log: \(settings.drills.logPath)")
                return .ok
            }
        }
    }

    struct Schedule: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The rotation: one scenario a month in turn, all of them each quarter (exit 1 when one is overdue).")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            try Console.run {
                let settings = try global.loadSettings()
                let rows = DrillSchedule.rows(settings: settings, now: SystemClock.now())
                Console.out("this month: \(rows.first { $0.thisMonth }?.scenario ?? "-"); every scenario at least once a quarter")
                for r in rows {
                    Console.out("  \(r.thisMonth ? "→" : " ") \(pad(r.scenario, 22)) last run \(pad(r.lastRun ?? "never", 26)) \(pad(r.lastVerdict ?? "", 8)) due \(UTCTime.iso(r.due).prefix(10))  \(r.status)")
                }
                return rows.contains { $0.status == "overdue" } ? .problemsFound : .ok
            }
        }
    }
}

struct RunbookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbook",
        abstract: "Runbooks from docs/runbooks/RUNBOOKS_AND_INCIDENT_HANDLING.md: list, show, walk.",
        subcommands: [List.self, Show.self, Walk.self]
    )

    struct List: ParsableCommand {
        @OptionGroup var global: GlobalOptions
        func run() throws {
            try Console.run {
                let settings = try global.loadSettings()
                for r in try Runbook.load(path: settings.drills.runbooksPath) { Console.out("\(pad(r.id, 24)) \(r.title) (\(r.steps.count) steps)") }
                return .ok
            }
        }
    }

    struct Show: ParsableCommand {
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Runbook id.") var id: String
        func run() throws {
            try Console.run {
                let settings = try global.loadSettings()
                let r = try Runbook.find(id, path: settings.drills.runbooksPath)
                Console.out("\(r.id) — \(r.title)")
                for (i, s) in r.steps.enumerated() { Console.out("  \(i + 1). \(s)") }
                return .ok
            }
        }
    }

    struct Walk: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Walk a runbook a step at a time; each confirmation is recorded in a journal.",
                                                        discussion: "At each step: Enter or 'done [note]' confirms, 'skip [note]' skips, 'quit' stops. --yes confirms every step (scripts).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Runbook id.") var id: String
        @Option(name: .customLong("operator"), help: "Operator name (default: $USER).") var operatorName: String?
        @Flag(help: "Confirm every step without asking.") var yes = false
        func run() throws {
            try Console.run {
                let settings = try global.loadSettings()
                let r = try Runbook.find(id, path: settings.drills.runbooksPath)
                let who = DrillCommand.operatorName(operatorName)
                let walkID = "\(UTCTime.stamp(SystemClock.now()).replacingOccurrences(of: "-", with: ""))-runbook-\(r.id)"
                let journal = DrillJournal(path: ((settings.drills.workDir as NSString).appendingPathComponent("runbooks") as NSString).appendingPathComponent("\(walkID).jsonl"), clock: SystemClock.now)
                try journal.append("runbook_started", actor: who, ["runbook": r.id, "title": r.title, "steps": r.steps.count])
                Console.out("runbook \(r.id) — \(r.title) (\(r.steps.count) steps), operator \(who)")
                var confirmed = 0
                for (i, step) in r.steps.enumerated() {
                    Console.out("\nstep \(i + 1)/\(r.steps.count): \(step)")
                    var answer = "done"
                    if !yes {
                        FileHandle.standardOutput.write(Data("  [Enter/done] confirm, skip, quit (a note may follow): ".utf8))
                        guard let line = readLine() else { answer = "quit"; break }
                        answer = line.trimmingCharacters(in: .whitespaces)
                    }
                    let word = answer.split(separator: " ").first.map { String($0).lowercased() } ?? "done"
                    let note = answer.drop(while: { !$0.isWhitespace }).trimmingCharacters(in: .whitespaces)
                    if word == "quit" {
                        try journal.append("runbook_stopped", actor: who, ["step": i + 1])
                        Console.out("stopped at step \(i + 1)")
                        return .problemsFound
                    }
                    let status = word == "skip" ? "skipped" : "confirmed"
                    if status == "confirmed" { confirmed += 1 }
                    try journal.append("runbook_step", actor: who, ["step": i + 1, "text": step, "status": status, "note": note])
                    Console.out("  \(status)\(note.isEmpty ? "" : ": \(note)")")
                }
                try journal.append("runbook_finished", actor: who, ["confirmed": confirmed, "steps": r.steps.count])
                Console.out("\n\(confirmed) of \(r.steps.count) steps confirmed; journal \(journal.path)")
                return confirmed == r.steps.count ? .ok : .problemsFound
            }
        }
    }
}
