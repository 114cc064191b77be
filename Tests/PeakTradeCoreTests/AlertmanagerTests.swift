import Foundation
import Testing
import PeakTradeTestSupport
@testable import PeakTradeCore

/// A real Alertmanager receives our alert and lists it on its own API.
@Suite(.enabled(if: AlertmanagerProcess.available, Comment(rawValue: AlertmanagerProcess.skipReason)))
struct AlertmanagerTests {
    @Test func alertmanagerReceivesAndListsTheAlert() async throws {
        let dir = TestPaths.scratch()
        let am = try AlertmanagerProcess(dir: dir)
        defer { am.stop() }
        #expect(await offPool { am.waitReady() }, "alertmanager did not become ready")
        let settings = AlertTestKit.settings(dir: dir, sinks: [.alertmanager], alertmanager: [am.url], timeout: 3)
        let bus = EventBus()
        let events = EventLog(bus)
        let d = AlertDispatcher(settings: settings, environment: .paper, bus: bus)
        let a = Alert(severity: .critical, source: "risk", title: "Risk limit breached", message: "ORDER_NOTIONAL_EXCEEDS_MAX: notional=7.50 max=5.00",
                      labels: ["symbol": "BTC/EUR"], timestamp: SystemClock.now(), environment: .paper)
        d.dispatch(a)
        #expect(await d.drainAsync(10))
        #expect(events.delivered(sink: "alertmanager[0]") == 1)
        let listed = await offPool { httpGet(am.url.appendingPathComponent("api/v2/alerts")) }
        #expect(listed?.status == 200)
        let alerts = try #require(try JSONSerialization.jsonObject(with: listed?.body ?? Data()) as? [[String: Any]])
        let ours = alerts.first { ($0["labels"] as? [String: String])?["alertname"] == "Risk_limit_breached" }
        let labels = try #require(ours?["labels"] as? [String: String])
        #expect(labels["severity"] == "critical" && labels["environment"] == "paper" && labels["symbol"] == "BTC/EUR")
        #expect((ours?["annotations"] as? [String: String])?["alert_id"] == a.id)
        #expect((ours?["status"] as? [String: Any])?["state"] as? String == "active")
    }
}
