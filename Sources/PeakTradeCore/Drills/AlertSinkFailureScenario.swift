import Foundation

/// `alert_sink_failure`: a webhook (or Slack) URL made invalid. The send error must be logged without a crash,
/// the fallback sinks must carry the alert, and a meta-alert must tell the operator delivery is degraded.
/// By default the broken URL is an overlay and alert state goes to the drill folder; `--in-place` rewrites the
/// operator's config (backed up first).
public struct AlertSinkFailureScenario: DrillScenario {
    public let id = "alert_sink_failure"
    public let title = "Alert / webhook / Slack failure"
    public let goal = "When an alert sink breaks, the error is logged without a crash, fallback sinks carry the alert, and the operator still learns that something is wrong."
    public let roles = ["operator"]
    public let variants = ["invalid_webhook_url", "invalid_slack_url"]
    public let preparation = ["Record sha256 of the config (and back it up when in place)", "Point alert log, spool and health files into the drill folder (default)"]
    public let injection = "Replace the webhook (or Slack) URL with https://invalid-url-that-does-not-exist.com/…"
    public let expectedSignals = ["a delivery error for the broken sink, logged", "the alert on the fallback sinks (log, stderr)", "a meta-alert \"alert delivery degraded: <sink>\""]
    public let cleanup = ["Restore the config (in place) or drop the overlay", "Verify the config's sha256"]
    public let runbookSection = "alert-failures"

    static let brokenURL = "https://invalid-url-that-does-not-exist.com/hooks/peaktrade-drill"

    public var criteria: [DrillCriterion] {
        [
            .auto("send_error_logged", "a send error for the broken sink, logged", detects: true) { ev, f in
                guard f["log_has_delivery_failed"] == "true" else { return nil }
                return ev.first { if case let .alertDeliveryFailed(_, sink, _, _, _) = $0 { return sink == f["broken_sink"] } else { return false } }
            },
            .auto("fallback_used", "the fallback sinks carried the alert") { ev, f in
                ev.first {
                    switch $0 {
                    case let .alertFallback(id, _, failed): return id == f["probe_id"] && failed == f["broken_sink"]
                    case let .alertDelivered(id, sink, _, _): return id == f["probe_id"] && (sink == "log" || sink == "stderr")
                    default: return false
                    }
                }
            },
            .auto("meta_alert", "the meta-alert \"alert delivery degraded\" was raised") { ev, f in
                ev.first { if case let .alertRaised(a) = $0 { return a.title == "alert delivery degraded: \(f["broken_sink"] ?? "?")" } else { return false } }
            },
            .auto("no_crash", "no crash: the pipeline kept working") { _, f in f["observed_at"].flatMap(UTCTime.parse) },
            .manual("operator_ack", "the operator learned that alert delivery is degraded", acknowledges: true),
        ]
    }

    func target(_ variant: String) -> (SinkKind, String) {
        variant == "invalid_slack_url" ? (.slackWebhook, "slack_webhook_urls") : (.webhook, "webhook_urls")
    }

    public func filesChangedInPlace(_ ctx: DrillContext) -> [String] { ctx.original.configPath.map { [$0] } ?? [] }

    public func prepare(_ ctx: DrillContext) throws -> [String] {
        if !ctx.inPlace {
            ctx.effective.alerts.logPath = ctx.path("alerts/alerts.log")
            ctx.effective.alerts.spoolPath = ctx.path("alerts/spool.jsonl")
            ctx.effective.alerts.healthPath = ctx.path("alerts/sink_health.json")
        }
        return []
    }

    public func inject(_ ctx: DrillContext) throws -> DrillFacts {
        let (kind, key) = target(ctx.variant)
        var sinks = ctx.effective.alerts.sinks
        for k in [SinkKind.log, .stderr, kind] where !sinks.contains(k) { sinks.append(k) }
        if ctx.inPlace, let path = ctx.original.configPath {
            try ConfigOverlayWriter.set([key: "[\"\(Self.brokenURL)\"]", "sinks": "[" + sinks.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") + "]", "enabled": "true"],
                                        section: "live_alerts", in: path)
            ctx.effective.alerts = try ConfigLoader.load(path: path).alerts
        } else {
            ctx.effective.alerts.enabled = true
            ctx.effective.alerts.sinks = sinks
            if kind == .webhook { ctx.effective.alerts.webhookURLs = [URL(string: Self.brokenURL)!] }
            else { ctx.effective.alerts.slackWebhookURLs = [URL(string: Self.brokenURL)!] }
        }
        // Quick failures: the drill is about what happens, not about waiting for retries.
        ctx.effective.alerts.maxRetries = min(ctx.effective.alerts.maxRetries, 1)
        ctx.effective.alerts.timeoutSeconds = min(ctx.effective.alerts.timeoutSeconds, 3)
        return ["broken_sink": "\(kind.rawValue)[0]", "broken_target": RedactedURL.describe(Self.brokenURL)]
    }

    public func observe(_ ctx: DrillContext, facts: DrillFacts) throws -> DrillFacts {
        let d = ctx.alerts()
        let probe = Alert(severity: .critical, source: "drill", title: "drill: alert sink failure probe",
                          message: "Drill \(ctx.runID): this alert must reach the fallback sinks although \(facts["broken_sink"] ?? "a sink") is broken.",
                          labels: ["drill": ctx.runID], timestamp: ctx.clock(), environment: ctx.effective.environment)
        d.dispatch(probe, force: true)
        d.drain(timeout: 60)
        let log = (try? String(decoding: FileBytes.read(ctx.effective.alerts.logPath), as: UTF8.self)) ?? ""
        return ["probe_id": probe.id, "log_has_delivery_failed": String(log.contains("\"delivery_failed\"") && log.contains(facts["broken_sink"] ?? "?")),
                "observed_at": UTCTime.iso(ctx.clock())]
    }
}
