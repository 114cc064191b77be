import Foundation
import Testing
import PeakTradeTestSupport
import PeakTradeCore

/// The risk-limit drill (scenario 3) by hand, as the playbook describes it, with a loopback webhook.
@Suite struct LiveOpsCLITests {
    let signals = """
    timestamp,symbol,side,quantity,price,strategy
    2025-12-31T23:00:00Z,BTC/EUR,buy,0.01,,ma_crossover
    2025-12-31T23:00:00Z,ETH/EUR,buy,0.5,,ma_crossover
    2025-12-31T23:00:00Z,DOGE/EUR,buy,100,,ma_crossover
    """

    /// A workspace with a signals folder and a config using the bundled data.
    func workspace(mode: String = "paper", limits: String, webhook: URL? = nil) -> (dir: URL, config: String) {
        let dir = TestPaths.scratch()
        try? FileManager.default.createDirectory(at: dir.appendingPathComponent("reports/forward"), withIntermediateDirectories: true)
        _ = TestPaths.file(signals, name: "reports/forward/forward_ma_crossover_signals.csv", in: dir)
        let sinks = webhook == nil ? "[\"log\"]" : "[\"log\", \"webhook\"]"
        let cfg = """
        [environment]
        mode = "\(mode)"
        [data]
        dir = "\(TestPaths.repositoryRoot.path)/data"
        [live_risk]
        \(limits)
        [live_alerts]
        sinks = \(sinks)
        webhook_urls = [\(webhook.map { "\"\($0.absoluteString)\"" } ?? "")]
        timeout_seconds = 5.0
        log_path = "\(dir.path)/logs/alerts.log"
        spool_path = "\(dir.path)/state/alerts/spool.jsonl"
        health_path = "\(dir.path)/state/alerts/health.json"
        [paper]
        state_dir = "\(dir.path)/state/paper"
        [drills]
        work_dir = "\(dir.path)/state/drills"
        """
        return (dir, TestPaths.file(cfg, name: "config.toml", in: dir))
    }

    static let drillLimits = "max_order_notional = 5.0\nmax_total_exposure_notional = 10.0\nmax_daily_loss_abs = 1.0\nmax_symbol_exposure_notional = 10.0"

    @Test func drillLimitsBlockOrdersAndTheCriticalAlertReachesTheWebhook() async throws {
        let server = try LoopbackHTTPServer()
        let (dir, cfg) = workspace(limits: Self.drillLimits, webhook: server.url("/hook/TOKEN123"))
        let r = try await PeakTradeBinary.runAsync(["live-ops", "orders", "--config", cfg, "--signals", "reports/forward/forward_*_signals.csv",
                                                    "--enforce-live-risk", "--json"], cwd: dir)
        #expect(r.status == 1)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let orders = try #require(doc["orders"] as? [[String: Any]])
        #expect(orders.count == 2 && orders.allSatisfy { $0["decision"] as? String == "blocked" })
        let codes = orders.flatMap { ($0["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String } }
        #expect(codes.filter { $0 == "ORDER_NOTIONAL_EXCEEDS_MAX" }.count == 2 && codes.contains("TOTAL_EXPOSURE_EXCEEDS_MAX"))
        let messages = orders.flatMap { ($0["reasons"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String } }
        #expect(messages.contains { $0.hasPrefix("ORDER_NOTIONAL_EXCEEDS_MAX: notional=586.47 max=5.00") })
        let bad = try #require(doc["bad_rows"] as? [[String: Any]])
        #expect(bad.count == 1 && bad[0]["line"] as? Int == 4)
        #expect((doc["summary"] as? [String: Int])?["blocked"] == 2)
        // The CRITICAL alert went through the webhook.
        let bodies = server.requests("/hook/TOKEN123").compactMap { $0.json as? [String: Any] }
        #expect(bodies.contains { $0["severity"] as? String == "critical" && $0["source"] as? String == "risk" && ($0["message"] as? String)?.contains("ORDER_NOTIONAL_EXCEEDS_MAX") == true })
        #expect(!r.stdout.contains("TOKEN123"))
        // Without --enforce-live-risk the same orders are marked not allowed.
        let preview = try await PeakTradeBinary.runAsync(["live-ops", "orders", "--config", cfg, "--signals", "reports/forward/*.csv"], cwd: dir)
        #expect(preview.status == 1 && preview.stdout.contains("NOT ALLOWED") && preview.stdout.contains("bad row (excluded)") && preview.stdout.contains(":4: unknown symbol DOGE/EUR"))
        server.stop()
    }

    @Test func normalLimitsAllowAndPaperFillBooksThem() async throws {
        let (dir, cfg) = workspace(limits: "max_order_notional = 5000.0")
        let r = try await PeakTradeBinary.runAsync(["live-ops", "orders", "--config", cfg, "--signals", "reports/forward/*.csv", "--enforce-live-risk", "--paper-fill"], cwd: dir)
        #expect(r.status == 1, "the DOGE row is bad")
        #expect(r.stdout.contains("2 allowed, 0 blocked, 0 not allowed, 2 paper-filled"))
        let p = try await PeakTradeBinary.runAsync(["live-ops", "portfolio", "--config", cfg, "--json"], cwd: dir)
        #expect(p.status == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(p.stdout.utf8)) as? [String: Any])
        #expect(doc["schema"] as? String == "peaktrade.portfolio/1" && doc["fresh"] as? Bool == false)
        let positions = try #require(doc["positions"] as? [[String: Any]])
        #expect(positions.map { $0["symbol"] as? String } == ["BTC/EUR", "ETH/EUR"])
        #expect(positions[0]["quantity"] as? Double == 0.01)
        for key in ["as_of", "cash", "equity", "gross_exposure", "realized_pnl", "unrealized_pnl", "fees_paid", "day", "day_start_equity", "daily_pnl", "utilisation"] {
            #expect(doc[key] != nil, "\(key)")
        }
        #expect((doc["fees_paid"] as? Double ?? 0) > 0)
    }

    @Test func liveModeIsPreviewOnly() async throws {
        let (dir, cfg) = workspace(mode: "live", limits: "max_order_notional = 5000.0")
        let r = try await PeakTradeBinary.runAsync(["live-ops", "orders", "--config", cfg, "--signals", "reports/forward/*.csv", "--paper-fill"], cwd: dir)
        #expect(r.stdout.contains("LIVE — preview only") && r.stdout.contains("preview only — nothing is booked or sent"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("state/paper/portfolio.json").path))
        let h = try await PeakTradeBinary.runAsync(["live-ops", "health", "--config", cfg], cwd: dir)
        #expect(h.stdout.contains("*** LIVE ENVIRONMENT ***"))
        #expect(try await PeakTradeBinary.runAsync(["live-ops", "health", "--config", cfg, "--strict"], cwd: dir).status == 1)
    }

    @Test func corruptStateIsAnErrorNotAReset() async throws {
        let (dir, cfg) = workspace(limits: "max_order_notional = 5000.0")
        let state = dir.appendingPathComponent("state/paper/portfolio.json")
        try FileManager.default.createDirectory(at: state.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("{\"version\": 1, \"cash\": ".utf8).write(to: state)
        let r = try await PeakTradeBinary.runAsync(["live-ops", "portfolio", "--config", cfg], cwd: dir)
        #expect(r.status == 65 && r.stderr.contains("paper portfolio state is corrupt"))
        let o = try await PeakTradeBinary.runAsync(["live-ops", "orders", "--config", cfg, "--signals", "reports/forward/*.csv", "--paper-fill"], cwd: dir)
        #expect(o.status == 65)
        #expect(try String(contentsOf: state, encoding: .utf8) == "{\"version\": 1, \"cash\": ")
    }

    @Test func healthProbesSinksWithoutSendingAndFailsWhenUnreachable() async throws {
        let server = try LoopbackHTTPServer()
        let (dir, cfg) = workspace(limits: "max_order_notional = 5000.0", webhook: server.url("/hook/abc"))
        let ok = try await PeakTradeBinary.runAsync(["live-ops", "health", "--config", cfg, "--json"], cwd: dir)
        #expect(ok.status == 0, "\(ok.stdout)")
        #expect(ok.stdout.contains("reachable (TCP connect; nothing sent)"))
        #expect(server.requests().isEmpty, "the probe sends nothing")
        server.stop()
        let down = try await PeakTradeBinary.runAsync(["live-ops", "health", "--config", cfg], cwd: dir)
        #expect(down.status == 1 && down.stdout.contains("FAIL  sink webhook[0]") && down.stdout.contains("not reachable"))
    }
}
