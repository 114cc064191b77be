import Foundation
import Testing
import PeakTradeTestSupport
@testable import PeakTradeCore

/// The alert pipeline against a real HTTP server on 127.0.0.1.
@Suite struct AlertPipelineTests {
    typealias Kit = AlertTestKit

    func make(_ settings: AlertSettings, dir: URL) -> (AlertDispatcher, EventLog, () -> String) {
        let bus = EventBus()
        let events = EventLog(bus)
        let err = Kit.stderrFile(in: dir)
        return (AlertDispatcher(settings: settings, environment: .shadow, bus: bus, stderrFD: err.fd), events, err.read)
    }

    @Test func webhookGetsTheAlertAsJSON() async throws {
        let server = try LoopbackHTTPServer()
        let dir = TestPaths.scratch()
        let (d, events, _) = make(Kit.settings(dir: dir, sinks: [.webhook], webhooks: [server.url("/hook/T0K3N")]), dir: dir)
        let a = Kit.alert()
        #expect(d.dispatch(a) == .queued(sinks: 1))
        #expect(await d.drainAsync(5))
        let reqs = server.requests("/hook/T0K3N")
        #expect(reqs.count == 1)
        let body = try #require(reqs.first?.json as? [String: Any])
        #expect(body["id"] as? String == a.id && body["severity"] as? String == "critical" && body["source"] as? String == "risk")
        #expect(body["title"] as? String == a.title && body["environment"] as? String == "shadow")
        #expect((body["labels"] as? [String: String])?["symbol"] == "BTC/EUR")
        #expect(reqs.first?.headers["content-type"] == "application/json")
        #expect(events.delivered(sink: "webhook[0]") == 1)
        #expect(d.health.first?.state == .ok && d.health.first?.delivered == 1)
        server.stop()
    }

    @Test func slackPayloadHasTextAndBlocksWithSeverity() async throws {
        let server = try LoopbackHTTPServer()
        let dir = TestPaths.scratch()
        let (d, _, _) = make(Kit.settings(dir: dir, sinks: [.slackWebhook], slack: [server.url("/services/T1/B2/XYZ")]), dir: dir)
        d.dispatch(Kit.alert())
        #expect(await d.drainAsync(5))
        let body = try #require(server.requests().first?.json as? [String: Any])
        let text = try #require(body["text"] as? String)
        #expect(text.contains("CRITICAL") && text.contains("risk limit breached"))
        let blocks = try #require(body["blocks"] as? [[String: Any]])
        #expect(blocks.first?["type"] as? String == "header")
        #expect(((blocks.first?["text"] as? [String: Any])?["text"] as? String)?.hasPrefix("CRITICAL:") == true)
        #expect(blocks.contains { $0["type"] as? String == "section" } && blocks.last?["type"] as? String == "context")
        server.stop()
    }

    @Test func slackNoServiceIsPermanentFallsBackAndRaisesMetaAlert() async throws {
        let server = try LoopbackHTTPServer()
        server.script("/services/dead", [.status(404, body: "no_service")])
        let dir = TestPaths.scratch()
        let settings = Kit.settings(dir: dir, sinks: [.webhook, .slackWebhook], webhooks: [server.url("/ok")],
                                    slack: [server.url("/services/dead")])
        let (d, events, stderr) = make(settings, dir: dir)
        let a = Kit.alert()
        d.dispatch(a)
        #expect(await d.drainAsync(10))
        #expect(server.requests("/services/dead").count == 1, "a 4xx is never retried")
        let f = events.failures(sink: "slack_webhook[0]")
        #expect(f.count == 1 && f[0].permanent && f[0].error == "HTTP 404 no_service")
        let slack = d.health.first { $0.sink == "slack_webhook[0]" }!
        #expect(slack.state == .down && slack.spooled == 1 && slack.lastError == "HTTP 404 no_service")
        // Fallbacks: the log file and stderr carry the alert.
        let log = try String(contentsOfFile: settings.logPath, encoding: .utf8)
        #expect(log.contains(a.id) && log.contains("\"delivery_failed\""))
        #expect(stderr().contains("risk limit breached"))
        // Meta-alert through the sink that still works.
        #expect(events.raisedTitles.contains("alert delivery degraded: slack_webhook[0]"))
        let okBodies = server.requests("/ok").compactMap { $0.json as? [String: Any] }
        #expect(okBodies.contains { $0["title"] as? String == "alert delivery degraded: slack_webhook[0]" && $0["severity"] as? String == "critical" })
        // Spooled, for later.
        #expect(d.spool.read().entries.map(\.alert.id) == [a.id])
        server.stop()
    }

    @Test func invalidPayloadIsPermanent() async throws {
        let server = try LoopbackHTTPServer()
        server.script("/s", [.status(400, body: "invalid_payload")])
        let dir = TestPaths.scratch()
        let (d, events, _) = make(Kit.settings(dir: dir, sinks: [.slackWebhook], slack: [server.url("/s")]), dir: dir)
        d.dispatch(Kit.alert())
        #expect(await d.drainAsync(5))
        #expect(server.requests().count == 1)
        #expect(events.failures(sink: "slack_webhook[0]").first?.error == "HTTP 400 invalid_payload")
        server.stop()
    }

    @Test func serverErrorsAreRetriedWithBackoffThenSpooled() async throws {
        let server = try LoopbackHTTPServer()
        server.script("/h", [.status(500, body: "boom")])
        let dir = TestPaths.scratch()
        let (d, events, _) = make(Kit.settings(dir: dir, sinks: [.webhook], webhooks: [server.url("/h")], maxRetries: 2), dir: dir)
        d.dispatch(Kit.alert())
        #expect(await d.drainAsync(10))
        let reqs = server.requests("/h")
        #expect(reqs.count == 3, "first attempt + max_retries")
        #expect(reqs[1].at.timeIntervalSince(reqs[0].at) >= 0.02)
        #expect(events.failures(sink: "webhook[0]").first?.attempts == 3)
        #expect(d.health[0].state == .degraded && d.spool.read().entries.count == 1)
        server.stop()
    }

    @Test func transientErrorThenSuccessIsDelivered() async throws {
        let server = try LoopbackHTTPServer()
        server.script("/h", [.status(503), .status(502), .status(200)])
        let dir = TestPaths.scratch()
        let (d, events, _) = make(Kit.settings(dir: dir, sinks: [.webhook], webhooks: [server.url("/h")], maxRetries: 3), dir: dir)
        d.dispatch(Kit.alert())
        #expect(await d.drainAsync(10))
        #expect(server.requests().count == 3 && events.delivered(sink: "webhook[0]") == 1)
        #expect(d.spool.read().entries.isEmpty && d.health[0].state == .ok)
        server.stop()
    }

    @Test func rateLimitHonoursRetryAfter() async throws {
        let server = try LoopbackHTTPServer()
        server.script("/h", [.status(429, body: "rate_limited", headers: ["Retry-After": "1"]), .status(200)])
        let dir = TestPaths.scratch()
        let (d, events, _) = make(Kit.settings(dir: dir, sinks: [.webhook], webhooks: [server.url("/h")]), dir: dir)
        d.dispatch(Kit.alert())
        #expect(await d.drainAsync(10))
        let reqs = server.requests("/h")
        #expect(reqs.count == 2)
        #expect(reqs[1].at.timeIntervalSince(reqs[0].at) >= 0.95, "waited for Retry-After, not the 50 ms backoff")
        #expect(events.delivered(sink: "webhook[0]") == 1)
        server.stop()
    }

    @Test func longRetryAfterIsNotWaitedForInLine() async throws {
        let server = try LoopbackHTTPServer()
        server.script("/h", [.status(429, headers: ["Retry-After": "3600"])])
        let dir = TestPaths.scratch()
        var s = Kit.settings(dir: dir, sinks: [.webhook], webhooks: [server.url("/h")])
        s.retryAfterMaxSeconds = 5
        let (d, _, _) = make(s, dir: dir)
        d.dispatch(Kit.alert())
        #expect(await d.drainAsync(5))
        #expect(server.requests().count == 1)
        let h = d.health[0]
        #expect(h.spooled == 1 && (h.nextRetryAt ?? 0) > SystemClock.now() + 3_000_000)
        server.stop()
    }

    @Test func hangingSinkTimesOutAndNeverBlocksTheCaller() async throws {
        let server = try LoopbackHTTPServer()
        server.script("/slow", [.hang])
        let dir = TestPaths.scratch()
        let (d, events, _) = make(Kit.settings(dir: dir, sinks: [.log, .webhook], webhooks: [server.url("/slow")], timeout: 0.5, maxRetries: 1), dir: dir)
        let t0 = Date()
        for i in 0..<1000 { d.dispatch(Kit.alert("alert \(i)")) }
        #expect(Date().timeIntervalSince(t0) < 0.5, "dispatch never waits for a sink")
        #expect(await Kit.waitAsync(10) { !events.failures(sink: "webhook[0]").isEmpty })
        let f = events.failures(sink: "webhook[0]")[0]
        #expect(f.error == "timed out after 0.5 s" && f.attempts == 2 && !f.permanent)
        server.stop()
    }

    @Test func refusedConnectionAndUnresolvableHost() async throws {
        let gone = try LoopbackHTTPServer()
        let refusedURL = gone.url("/x")
        gone.stop()
        let dir = TestPaths.scratch()
        let bad = URL(string: "http://invalid-url-that-does-not-exist.com/hook/abc")!
        // A generous timeout: this is about classifying the errors, and a loaded CI machine (the whole suite in
        // parallel on 2 cores) once took longer than 2 s to be refused.
        let (d, events, _) = make(Kit.settings(dir: dir, sinks: [.log, .webhook], webhooks: [refusedURL, bad], timeout: 10, maxRetries: 1), dir: dir)
        let a = Kit.alert()
        d.dispatch(a)
        #expect(await d.drainAsync(45))
        #expect(events.failures(sink: "webhook[0]").first?.error == "connection refused")
        let dns = try #require(events.failures(sink: "webhook[1]").first)
        #expect(["host not resolvable", "timed out after 10 s"].contains(dns.error), "\(dns.error)")
        // (A meta-alert about one sink may also be spooled for the other, if it was still ok when sent.)
        #expect(Set(d.spool.read().entries.filter { $0.alert.id == a.id }.map(\.sink)) == ["webhook[0]", "webhook[1]"])
    }

    @Test func identicalAlertsInsideTheWindowAreCountedNotResent() async throws {
        let server = try LoopbackHTTPServer()
        let dir = TestPaths.scratch()
        let (d, events, _) = make(Kit.settings(dir: dir, sinks: [.webhook], webhooks: [server.url("/h")]), dir: dir)
        var results: [AlertDispatcher.DispatchResult] = []
        for _ in 0..<5 { results.append(d.dispatch(Kit.alert())) }
        #expect(results == [.queued(sinks: 1), .deduplicated(repeats: 1), .deduplicated(repeats: 2), .deduplicated(repeats: 3), .deduplicated(repeats: 4)])
        d.dispatch(Kit.alert(message: "something else"))
        #expect(await d.drainAsync(5))
        #expect(server.requests().count == 2)
        #expect(events.all.filter { if case .alertDeduplicated = $0.kind { return true } else { return false } }.count == 4)
        server.stop()
    }

    @Test func minSeverityAndDisabled() throws {
        let dir = TestPaths.scratch()
        var s = Kit.settings(dir: dir, sinks: [.log])
        s.minSeverity = .warning
        let (d, _, _) = make(s, dir: dir)
        #expect(d.dispatch(Kit.alert(severity: .info)) == .belowMinSeverity)
        s.enabled = false
        let (off, _, _) = make(s, dir: dir)
        #expect(off.dispatch(Kit.alert()) == .disabled)
    }

    @Test func spoolIsFlushedWhenTheSinkWorksAgain() async throws {
        let server = try LoopbackHTTPServer()
        server.script("/h", [.status(500)])
        let dir = TestPaths.scratch()
        let settings = Kit.settings(dir: dir, sinks: [.webhook], webhooks: [server.url("/h")], maxRetries: 0)
        let (d, _, _) = make(settings, dir: dir)
        let a = Kit.alert(), b = Kit.alert("second")
        d.dispatch(a); d.dispatch(b)
        #expect(await d.drainAsync(5))
        #expect(d.spool.read().entries.count == 2)
        await d.shutdownAsync(1)
        // A new process (dispatcher) finds the spool and flushes it once the endpoint answers.
        server.script("/h", [.status(200)])
        let (d2, _, _) = make(settings, dir: dir)
        #expect(d2.health[0].spooled == 2)
        let r = await d2.flushAsync(5)
        #expect(r.delivered == 2 && r.remaining == 0)
        let ids = server.requests("/h").compactMap { ($0.json as? [String: Any])?["id"] as? String }
        #expect(ids.filter { $0 == a.id }.count == 2 && ids.filter { $0 == b.id }.count == 2)
        #expect(d2.spool.read().entries.isEmpty && d2.health[0].state == .ok)
        server.stop()
    }

    @Test func spoolIsRedeliveredAutomaticallyWhenTheSinkRecovers() async throws {
        let server = try LoopbackHTTPServer()
        server.script("/h", [.status(503)])
        let dir = TestPaths.scratch()
        let (d, events, _) = make(Kit.settings(dir: dir, sinks: [.webhook], webhooks: [server.url("/h")], maxRetries: 0, cooldown: 0.3), dir: dir)
        let a = Kit.alert()
        d.dispatch(a)
        #expect(await d.drainAsync(5))
        // Degraded, or already down if a probe (every 0.3 s here) failed again before this line ran.
        #expect(d.health[0].state != .ok)
        server.script("/h", [.status(200)])
        #expect(await Kit.waitAsync(5) { d.spool.read().entries.isEmpty && d.health[0].state == .ok })
        #expect(events.raisedTitles.contains("alert delivery recovered: webhook[0]"))
        server.stop()
    }

    @Test func downSinkIsNotHammered() async throws {
        let server = try LoopbackHTTPServer()
        server.script("/h", [.status(500)])
        let dir = TestPaths.scratch()
        var s = Kit.settings(dir: dir, sinks: [.webhook], webhooks: [server.url("/h")], maxRetries: 0)
        s.downAfterFailures = 2
        let (d, _, _) = make(s, dir: dir)
        for i in 0..<50 { d.dispatch(Kit.alert("alert \(i)")) }
        #expect(await d.drainAsync(10))
        #expect(server.requests().count == 2, "the circuit opens after 2 failures; the rest are spooled unattempted")
        #expect(d.health[0].state == .down && d.spool.read().entries.count == 50)
        server.stop()
    }

    @Test func releasedDispatcherStillSpoolsWhatWasQueued() async throws {
        let server = try LoopbackHTTPServer()
        server.script("/slow", [.hang])
        let dir = TestPaths.scratch()
        let settings = Kit.settings(dir: dir, sinks: [.webhook], webhooks: [server.url("/slow")], timeout: 0.3, maxRetries: 0)
        let ids: [String] = {
            let (d, _, _) = make(settings, dir: dir)
            return (0..<5).map { i in let a = Kit.alert("queued \(i)"); d.dispatch(a); return a.id }
        }()  // the dispatcher is gone here; its worker still holds five alerts
        let spool = AlertSpool(path: settings.spoolPath)
        #expect(await Kit.waitAsync(30) { Set(spool.read().entries.map(\.alert.id)) == Set(ids) }, "spooled \(spool.read().entries.map(\.alert.title)), requests \(server.requests().count)")
        server.stop()
    }

    @Test func tokensNeverLeak() async throws {
        let server = try LoopbackHTTPServer()
        let token = "T9SECRET/B7SECRET/xoxSECRETxox"
        server.script("/services/\(token)", [.status(500, body: "error for /services/\(token)")])
        let dir = TestPaths.scratch()
        let settings = Kit.settings(dir: dir, sinks: [.log, .stderr, .slackWebhook], slack: [server.url("/services/\(token)")], maxRetries: 0)
        let (d, events, stderr) = make(settings, dir: dir)
        d.dispatch(Kit.alert())
        #expect(await d.drainAsync(5))
        await d.shutdownAsync(1)
        var everything = stderr()
        for path in [settings.logPath, settings.spoolPath, settings.healthPath] {
            everything += (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<missing \(path)>"
        }
        for e in events.all { everything += "\(e)" }
        everything += d.health.map { "\($0)" }.joined()
        #expect(!everything.contains("SECRET"))
        #expect(everything.contains("http://127.0.0.1:\(server.port)/***"))
        #expect(!everything.contains("<missing"))
        server.stop()
    }

    @Test func retryAfterParsingAndBackoff() {
        #expect(RetryPolicy.parseRetryAfter("120") == 120)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryPolicy.parseRetryAfter("Tue, 14 Nov 2023 22:13:20 GMT", now: now) == 0)
        #expect(RetryPolicy.parseRetryAfter("Tue, 14 Nov 2023 22:14:20 GMT", now: now) == 60)
        #expect(RetryPolicy.parseRetryAfter("soon") == nil)
        var s = AlertSettings(root: "/tmp")
        s.retryBackoffSeconds = 1; s.retryBackoffMaxSeconds = 5
        let p = RetryPolicy(settings: s)
        #expect(p.backoff(retry: 1, jitter: 0.5) == 1 && p.backoff(retry: 3, jitter: 0.5) == 4 && p.backoff(retry: 9, jitter: 0.5) == 5)
        #expect(p.backoff(retry: 2, jitter: 0) == 1 && p.backoff(retry: 2, jitter: 0.999) < 3)
    }

    @Test func redaction() {
        #expect(RedactedURL.describe("https://hooks.slack.com/services/T0/B0/xyz") == "https://hooks.slack.com/***")
        #expect(RedactedURL.describe("http://127.0.0.1:9093") == "http://127.0.0.1:9093")
        #expect(RedactedURL.describe("not a url") == "<unparseable URL, redacted>")
        let u = URL(string: "https://h.example/a/b?token=abc")!
        #expect(RedactedURL.scrub("failed https://h.example/a/b?token=abc and /a/b", urls: [u]) == "failed https://h.example/*** and /***")
    }

    @Test func alertmanagerPayload() throws {
        let body = try #require(try JSONSerialization.jsonObject(with: AlertPayloads.alertmanager(Kit.alert())) as? [[String: Any]])
        let labels = try #require(body.first?["labels"] as? [String: String])
        #expect(labels["alertname"] == "risk_limit_breached" && labels["severity"] == "critical" && labels["symbol"] == "BTC/EUR")
        #expect((body.first?["annotations"] as? [String: String])?["description"]?.contains("notional=7.50") == true)
        #expect(UTCTime.parse(body.first?["startsAt"] as? String ?? "") != nil)
        #expect(AlertPayloads.alertmanagerEndpoint(URL(string: "http://127.0.0.1:9093")!).absoluteString == "http://127.0.0.1:9093/api/v2/alerts")
    }
}
