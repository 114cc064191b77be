import Foundation
import Testing
import PeakTradeTestSupport
import PeakTradeCore

/// Drills end to end through the binary, in a scratch workspace holding a copy of the bundled data and a config
/// whose webhook and Slack sinks are real loopback servers.
@Suite struct DrillCLITests {
    struct Workspace {
        let dir: URL
        let config: String
        var log: String { dir.appendingPathComponent("docs/INCIDENT_DRILL_LOG.md").path }
        var protected: [String] { [config, dir.appendingPathComponent("data/BTC_EUR-1h.csv").path, dir.appendingPathComponent("data/ETH_EUR-1h.csv").path] }
        func hashes() throws -> [String] { try protected.map { try SHA256.file($0) } }
    }

    func workspace(mode: String = "paper", webhook: URL? = nil, slack: URL? = nil) throws -> Workspace {
        let dir = TestPaths.scratch()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        for f in ["BTC_EUR-1h.csv", "ETH_EUR-1h.csv"] {
            try FileManager.default.copyItem(at: TestPaths.repositoryRoot.appendingPathComponent("data/\(f)"), to: dir.appendingPathComponent("data/\(f)"))
        }
        var sinks = ["\"log\""]
        if webhook != nil { sinks.append("\"webhook\"") }
        if slack != nil { sinks.append("\"slack_webhook\"") }
        let cfg = """
        [environment]
        mode = "\(mode)"
        [data]
        dir = "data"
        [live_alerts]
        sinks = [\(sinks.joined(separator: ", "))]
        webhook_urls = [\(webhook.map { "\"\($0.absoluteString)\"" } ?? "")]
        slack_webhook_urls = [\(slack.map { "\"\($0.absoluteString)\"" } ?? "")]
        timeout_seconds = 5.0
        max_retries = 1
        retry_backoff_seconds = 0.05
        [drills]
        log_path = "docs/INCIDENT_DRILL_LOG.md"
        work_dir = "state/drills"
        runbooks_path = "\(TestPaths.repositoryRoot.path)/docs/runbooks/RUNBOOKS_AND_INCIDENT_HANDLING.md"
        """
        return Workspace(dir: dir, config: TestPaths.file(cfg, name: "config.toml", in: dir))
    }

    func drill(_ w: Workspace, _ args: [String]) async throws -> Run {
        try await PeakTradeBinary.runAsync(["drill"] + args + ["--config", w.config], cwd: w.dir)
    }

    @Test func everyScenarioPassesAndLeavesTheEnvironmentByteIdentical() async throws {
        let hook = try LoopbackHTTPServer(), slack = try LoopbackHTTPServer()
        let w = try workspace(webhook: hook.url("/hook/T0K3N"), slack: slack.url("/services/T/B/S3CRET"))
        let before = try w.hashes()
        let runs: [[String]] = [["data_gap"], ["corrupt_candle"], ["corrupt_candle", "--variant", "absurd_high"], ["risk_limit_breach"],
                                ["alert_sink_failure"], ["alert_sink_failure", "--variant", "invalid_slack_url"],
                                ["data_gap", "--in-place", "--variant", "gap_3h"], ["risk_limit_breach", "--in-place"], ["alert_sink_failure", "--in-place"]]
        for args in runs {
            let r = try await drill(w, ["run"] + args + ["--non-interactive", "--operator", "ci"])
            #expect(r.status == 0, "\(args): \(r.stdout)\(r.stderr)")
            #expect(r.stdout.contains(": PASS"), "\(args)")
            #expect(try w.hashes() == before, "\(args) left the operator's files as they were")
        }
        // The risk drill's CRITICAL alert reached the loopback webhook and Slack endpoints.
        let critical = { (s: LoopbackHTTPServer) in s.requests().contains { String(decoding: $0.body, as: UTF8.self).contains("orders blocked by live risk limits") } }
        #expect(critical(hook) && critical(slack))
        let status = try await drill(w, ["status"])
        #expect(status.status == 0 && status.stdout.contains("no drill in progress"))
        let log = try String(contentsOfFile: w.log, encoding: .utf8)
        #expect(log.hasPrefix("# Incident drill log"))
        #expect(log.components(separatedBy: "\n## ").count - 1 == runs.count)
        hook.stop(); slack.stop()
    }

    @Test func theDrillLogEntryHasEveryRequiredFieldAndReviewsAppend() async throws {
        let hook = try LoopbackHTTPServer()
        let w = try workspace(webhook: hook.url("/hook/x"))
        let r = try await drill(w, ["run", "risk_limit_breach", "--non-interactive", "--operator", "alice"])
        #expect(r.status == 0)
        let runID = try #require(r.stdout.components(separatedBy: "run ").dropFirst().first?.components(separatedBy: ":").first)
        let log = try String(contentsOfFile: w.log, encoding: .utf8)
        for field in ["## \(runID) — risk_limit_breach (drill_limits) — PASS", "- Date: ", "- Environment: paper", "- Operator: alice; roles: operator, risk",
                      "- Goal: ", "- Outcome: **PASS**; time to detect: ", "- Detected by: ≥ 1 order blocked with ORDER_NOTIONAL_EXCEEDS_MAX",
                      "### Timeline", "ORDER_NOTIONAL_EXCEEDS_MAX: notional=", "### Alerts", "- CRITICAL orders blocked by live risk limits → ",
                      "webhook[0] delivered", "### Criteria", "| automatic | PASS |", "### Findings and follow-ups", "### Cleanup verification", "### Sign-offs"] {
            #expect(log.contains(field), "missing: \(field)")
        }
        let size = log.utf8.count
        let rv = try await drill(w, ["review", runID, "--role", "risk", "--verdict", "accepted", "--note", "blocked as expected", "--operator", "rita"])
        #expect(rv.status == 0)
        let after = try String(contentsOfFile: w.log, encoding: .utf8)
        #expect(after.hasPrefix(log), "append-only: earlier text unchanged")
        #expect(after.utf8.count > size && after.contains("### Sign-off for \(runID) — risk: accepted") && after.contains("by rita (risk): blocked as expected"))
        #expect(try await drill(w, ["review", runID, "--role", "ceo", "--verdict", "accepted", "--note", "x"]).status == 64)
        let sched = try await drill(w, ["schedule"])
        #expect(sched.stdout.contains("risk_limit_breach") && sched.stdout.contains("due (never run)"))
        hook.stop()
    }

    @Test func aDrillKilledBetweenInjectionAndCleanupIsFoundAndRestored() async throws {
        let w = try workspace()
        let before = try w.hashes()
        // Interactive: the drill stops at the manual criterion, with the fault on disk, waiting for the operator.
        let operatorInput = Pipe()  // open and silent: the drill waits at its manual criterion until killed
        let (p, _, _) = try PeakTradeBinary.start(["drill", "run", "data_gap", "--in-place", "--config", w.config, "--operator", "kim"], cwd: w.dir, stdin: operatorInput)
        let journalDir = w.dir.appendingPathComponent("state/drills")
        #expect(await AlertTestKit.waitAsync(30) {
            guard let run = try? FileManager.default.contentsOfDirectory(atPath: journalDir.path).first else { return false }
            return DrillJournal.read(journalDir.appendingPathComponent(run).appendingPathComponent("journal.jsonl").path).contains { $0["type"] as? String == "criterion" }
        })
        kill(p.processIdentifier, SIGKILL)
        await offPool { p.waitUntilExit() }
        #expect(try w.hashes() != before, "the fault is on disk")
        let status = try await drill(w, ["status", "--json"])
        #expect(status.status == 1 && status.stdout.contains("\"interrupted\""))
        let refused = try await drill(w, ["run", "corrupt_candle", "--non-interactive"])
        #expect(refused.status == 1 && refused.stderr.contains("was interrupted and has not been cleaned up"))
        let runID = try #require(try FileManager.default.contentsOfDirectory(atPath: journalDir.path).first)
        let restored = try await drill(w, ["restore", runID, "--operator", "kim"])
        #expect(restored.status == 0 && restored.stdout.contains("verified (restored from backup)"))
        #expect(try w.hashes() == before, "every file back to its recorded checksum")
        #expect(try await drill(w, ["status"]).status == 0)
        #expect(try String(contentsOfFile: w.log, encoding: .utf8).contains("— data_gap (gap_2h) — ABORTED"))
    }

    @Test func interactiveConfirmationMeasuresTimeToAcknowledge() async throws {
        let w = try workspace()
        let input = Pipe()
        let (p, output, _) = try PeakTradeBinary.start(["drill", "run", "corrupt_candle", "--config", w.config, "--operator", "olga"], cwd: w.dir, stdin: input)
        input.fileHandleForWriting.write(Data("y spike visible in the report\n".utf8))
        try input.fileHandleForWriting.close()
        let text = await offPool { String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
        await offPool { p.waitUntilExit() }
        #expect(p.terminationStatus == 0, "\(text)")
        #expect(text.contains("PASS  [manual] the operator sees the flagged candle and acknowledges it"))
        #expect(!text.contains("time to acknowledge: n/a"))
        #expect(try String(contentsOfFile: w.log, encoding: .utf8).contains("note: spike visible in the report"))
    }

    @Test func liveModeRefusesAndUnknownScenariosAreUsageErrors() async throws {
        let w = try workspace(mode: "live")
        let r = try await drill(w, ["run", "data_gap", "--non-interactive"])
        #expect(r.status == 78 && r.stderr.contains("drills refuse to start"))
        #expect(!FileManager.default.fileExists(atPath: w.dir.appendingPathComponent("state/drills").path))
        #expect(try await drill(w, ["run", "flood"]).stderr.contains("valid: data_gap, corrupt_candle, risk_limit_breach, alert_sink_failure"))
        let paper = try workspace()
        #expect(try await drill(paper, ["run", "data_gap", "--variant", "gap_9h"]).status == 64)
        let show = try await PeakTradeBinary.runAsync(["drill", "show", "alert_sink_failure"])
        #expect(show.stdout.contains("Goal:") && show.stdout.contains("Success criteria:") && show.stdout.contains("runbook show alert-failures"))
    }

    @Test func runbooksListShowAndWalkWithEveryStepJournaled() async throws {
        let w = try workspace()
        let list = try await PeakTradeBinary.runAsync(["runbook", "list", "--config", w.config], cwd: w.dir)
        for id in ["data-gaps", "pnl-divergence", "risk-limit-violations", "alert-failures", "exchange-api-failure", "correlation-drift"] {
            #expect(list.stdout.contains(id))
        }
        let input = Pipe()
        let (p, output, _) = try PeakTradeBinary.start(["runbook", "walk", "alert-failures", "--config", w.config, "--operator", "sam"], cwd: w.dir, stdin: input)
        input.fileHandleForWriting.write(Data("done checked\n\nskip no access\ndone\ndone flushed\n".utf8))
        try input.fileHandleForWriting.close()
        let text = await offPool { String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
        await offPool { p.waitUntilExit() }
        #expect(p.terminationStatus == 1, "one step skipped")
        #expect(text.contains("4 of 5 steps confirmed"))
        let dir = w.dir.appendingPathComponent("state/drills/runbooks")
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path).first)
        let entries = DrillJournal.read(dir.appendingPathComponent(file).path)
        let steps = entries.filter { $0["type"] as? String == "runbook_step" }
        #expect(steps.count == 5 && steps.allSatisfy { $0["actor"] as? String == "sam" })
        #expect(steps[2]["status"] as? String == "skipped" && steps[2]["note"] as? String == "no access")
    }
}
