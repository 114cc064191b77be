import Foundation
import Testing
import PeakTradeTestSupport
import PeakTradeCore

/// `peaktrade alerts test|status|flush` against real loopback servers.
@Suite struct AlertsCLITests {
    /// A config whose state lives in a scratch folder.
    func config(_ dir: URL, sinks: [String], webhooks: [URL] = [], slack: [URL] = [], timeout: Double = 5.0) -> String {
        let q = { (urls: [URL]) in urls.map { "\"\($0.absoluteString)\"" }.joined(separator: ", ") }
        let text = """
        [environment]
        mode = "paper"
        [live_alerts]
        sinks = [\(sinks.map { "\"\($0)\"" }.joined(separator: ", "))]
        webhook_urls = [\(q(webhooks))]
        slack_webhook_urls = [\(q(slack))]
        timeout_seconds = \(timeout)
        max_retries = 1
        retry_backoff_seconds = 0.05
        log_path = "\(dir.path)/logs/alerts.log"
        spool_path = "\(dir.path)/state/spool.jsonl"
        health_path = "\(dir.path)/state/health.json"
        """
        return TestPaths.file(text, name: "config.toml", in: dir)
    }

    @Test func testCommandReportsEachSinkAndNeverPrintsTokens() async throws {
        let server = try LoopbackHTTPServer()
        server.script("/services/T0/B0/SECRETSLACK", [.status(404, body: "no_service")])
        let dir = TestPaths.scratch()
        let cfg = config(dir, sinks: ["log", "webhook", "slack_webhook"], webhooks: [server.url("/hook/SECRETHOOK")],
                         slack: [server.url("/services/T0/B0/SECRETSLACK")])
        let r = try await PeakTradeBinary.runAsync(["alerts", "test", "--config", cfg, "--severity", "critical"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("webhook[0]") && r.stdout.contains("delivered in"))
        #expect(r.stdout.contains("slack_webhook[0]") && r.stdout.contains("FAILED after 1 attempt(s)") && r.stdout.contains("HTTP 404 no_service"))
        #expect(r.stdout.contains("meta-alert raised: CRITICAL alert delivery degraded: slack_webhook[0]"))
        #expect(!(r.stdout + r.stderr).contains("SECRET"))
        #expect(r.stdout.contains("http://127.0.0.1:\(server.port)/***"))
        let hook = server.requests("/hook/SECRETHOOK").compactMap { $0.json as? [String: Any] }
        #expect(hook.contains { $0["source"] as? String == "test" && $0["severity"] as? String == "critical" && $0["environment"] as? String == "paper" })

        // status shows the dead sink and the spool; the health file holds no token either.
        let st = try await PeakTradeBinary.runAsync(["alerts", "status", "--config", cfg, "--json"])
        #expect(st.status == 1)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(st.stdout.utf8)) as? [String: Any])
        let sinks = try #require(doc["sinks"] as? [[String: Any]])
        let slack = try #require(sinks.first { $0["sink"] as? String == "slack_webhook[0]" })
        #expect(slack["state"] as? String == "down" && slack["last_error"] as? String == "HTTP 404 no_service" && slack["spooled"] as? Int == 1)
        #expect((doc["spool"] as? [String: Any])?["entries"] as? Int == 1)
        for f in ["state/health.json", "state/spool.jsonl", "logs/alerts.log"] {
            #expect(!(try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)).contains("SECRET"), "\(f)")
        }

        // Once Slack answers again, flush empties the spool.
        server.script("/services/T0/B0/SECRETSLACK", [.status(200, body: "ok")])
        let fl = try await PeakTradeBinary.runAsync(["alerts", "flush", "--config", cfg])
        #expect(fl.status == 0, "\(fl.stdout)\(fl.stderr)")
        #expect(fl.stdout.contains("1 redelivered, 0 remaining"))
        let after = try await PeakTradeBinary.runAsync(["alerts", "status", "--config", cfg])
        #expect(after.status == 0 && after.stdout.contains("0 alert(s)"))
        server.stop()
    }

    @Test func allHealthyExitsZero() async throws {
        let server = try LoopbackHTTPServer()
        let dir = TestPaths.scratch()
        let cfg = config(dir, sinks: ["log", "stderr", "webhook"], webhooks: [server.url("/a"), server.url("/b")])
        let r = try await PeakTradeBinary.runAsync(["alerts", "test", "--config", cfg])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(server.requests().count == 2)
        #expect(r.stderr.contains("peaktrade: alert:") && r.stderr.contains("Peak_Trade alert test"))
        let only = try await PeakTradeBinary.runAsync(["alerts", "test", "--config", cfg, "--sink", "webhook[1]", "--json"])
        #expect(only.status == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(only.stdout.utf8)) as? [String: Any])
        #expect((doc["sinks"] as? [[String: Any]])?.map { $0["sink"] as? String } == ["webhook[1]"])
        let none = try await PeakTradeBinary.runAsync(["alerts", "test", "--config", cfg, "--sink", "pager"])
        #expect(none.status == 64 && none.stderr.contains("no configured sink matches \"pager\""))
        server.stop()
    }

    @Test func testCommandNeverHangsBeyondTheTimeouts() async throws {
        let server = try LoopbackHTTPServer()
        server.script("/slow", [.hang])
        let dir = TestPaths.scratch()
        let cfg = config(dir, sinks: ["webhook"], webhooks: [server.url("/slow")], timeout: 1.0)
        let t0 = Date()
        let r = try await PeakTradeBinary.runAsync(["alerts", "test", "--config", cfg])
        #expect(r.status == 1 && r.stdout.contains("timed out after 1 s"))
        #expect(Date().timeIntervalSince(t0) < 10, "2 attempts × 1 s timeout + backoff")
        server.stop()
    }

    @Test func killedFlushLosesNoSpooledAlertAndCorruptsNoLine() async throws {
        let server = try LoopbackHTTPServer()
        server.script("/slow", [.hang])
        let dir = TestPaths.scratch()
        let cfg = config(dir, sinks: ["webhook"], webhooks: [server.url("/slow")], timeout: 30)
        let spool = AlertSpool(path: dir.appendingPathComponent("state/spool.jsonl").path)
        let ids = (0..<25).map { "alert-\($0)" }
        spool.append(ids.map { AlertSpool.Entry(alert: Alert(id: $0, severity: .critical, source: "risk", title: "t", message: "m", timestamp: 0, environment: .paper),
                                                sink: "webhook[0]", spooledAt: "2026-01-01T00:00:00Z", attempts: 3, lastError: "HTTP 500") })
        let before = try Data(contentsOf: URL(fileURLWithPath: spool.path))
        let (p, _, _) = try PeakTradeBinary.start(["alerts", "flush", "--config", cfg])
        #expect(await AlertTestKit.waitAsync(10) { !server.requests("/slow").isEmpty }, "flush started delivering")
        kill(p.processIdentifier, SIGKILL)
        await offPool { p.waitUntilExit() }
        #expect(p.terminationReason == .uncaughtSignal)
        let after = spool.read()
        #expect(after.unreadableLines == 0)
        #expect(after.entries.map(\.alert.id) == ids)
        #expect(try Data(contentsOf: URL(fileURLWithPath: spool.path)) == before)
        server.stop()
    }

    @Test func badAlertConfigIsAnErrorNamingTheKey() async throws {
        let dir = TestPaths.scratch()
        let cases: [(String, String)] = [
            ("[live_alerts]\nsinks = [\"log\", \"pager\"]\n", ":2: [live_alerts] sinks[1] = \"pager\" is not a sink; valid: log, stderr, webhook, slack_webhook, alertmanager"),
            ("[live_alerts]\nslack_webhook_urls = [\"htps//hooks.slack.com/services/SECRET\"]\n", "[live_alerts] slack_webhook_urls[0] = <unparseable URL, redacted> is not a valid http(s) URL"),
            ("[live_alerts]\nwebhook_urls = [\"ftp://files.example/SECRET\"]\n", "webhook_urls[0] = ftp://files.example/*** is not a valid http(s) URL"),
            ("[live_alerts]\n\ntimeout_seconds = -1\n", ":3: [live_alerts] timeout_seconds = -1 is not valid; expected a number of seconds > 0 and ≤ 300"),
            ("[live_alerts]\nmin_severity = \"loud\"\n", "[live_alerts] min_severity = \"loud\" is not valid; valid: info, warning, critical"),
        ]
        for (text, expected) in cases {
            let cfg = TestPaths.file(text, name: "c.toml", in: dir)
            let r = try await PeakTradeBinary.runAsync(["alerts", "status", "--config", cfg])
            #expect(r.status == 78, "\(text)")
            #expect(r.stderr.contains(expected), "\(r.stderr)")
            #expect(!r.stderr.contains("SECRET"))
        }
    }
}
