import Foundation

/// `[live_alerts]` → `AlertSettings`.
enum AlertsConfig {
    static func load(_ s: TOMLSection, root: String, resolve: (String) -> String, warnings: inout [String]) throws -> AlertSettings {
        var s = s
        var a = AlertSettings(root: root)
        a.enabled = try s.bool("enabled", default: a.enabled)
        a.sinks = try kinds(&s, "sinks", default: a.sinks)
        a.fallbackSinks = try kinds(&s, "fallback_sinks", default: a.fallbackSinks)
        if let remote = a.fallbackSinks.first(where: \.isRemote) {
            throw s.error("fallback_sinks", "contains \"\(remote.rawValue)\"; fallback sinks must be local: log, stderr")
        }
        a.webhookURLs = try urls(&s, "webhook_urls")
        a.slackWebhookURLs = try urls(&s, "slack_webhook_urls")
        a.alertmanagerURLs = try urls(&s, "alertmanager_urls")
        a.minSeverity = try s.choice("min_severity", default: a.minSeverity)
        a.timeoutSeconds = try s.double("timeout_seconds", default: a.timeoutSeconds, valid: "a number of seconds > 0 and ≤ 300") { $0 > 0 && $0 <= 300 }
        a.maxRetries = try s.int("max_retries", default: a.maxRetries, valid: "an integer from 0 to 20") { (0...20).contains($0) }
        a.retryBackoffSeconds = try s.double("retry_backoff_seconds", default: a.retryBackoffSeconds, valid: "a number of seconds ≥ 0") { $0 >= 0 }
        a.retryBackoffMaxSeconds = try s.double("retry_backoff_max_seconds", default: a.retryBackoffMaxSeconds, valid: "a number of seconds ≥ 0") { $0 >= 0 }
        a.retryAfterMaxSeconds = try s.double("retry_after_max_seconds", default: a.retryAfterMaxSeconds, valid: "a number of seconds ≥ 0") { $0 >= 0 }
        a.dedupWindowSeconds = try s.double("dedup_window_seconds", default: a.dedupWindowSeconds, valid: "a number of seconds ≥ 0") { $0 >= 0 }
        a.downAfterFailures = try s.int("down_after_failures", default: a.downAfterFailures, valid: "an integer ≥ 1") { $0 >= 1 }
        a.downCooldownSeconds = try s.double("down_cooldown_seconds", default: a.downCooldownSeconds, valid: "a number of seconds ≥ 0") { $0 >= 0 }
        a.logPath = resolve(try s.string("log_path", default: "logs/alerts.log"))
        a.spoolPath = resolve(try s.string("spool_path", default: "state/alerts/spool.jsonl"))
        a.healthPath = resolve(try s.string("health_path", default: "state/alerts/sink_health.json"))
        for (kind, list, key) in [(SinkKind.webhook, a.webhookURLs, "webhook_urls"), (.slackWebhook, a.slackWebhookURLs, "slack_webhook_urls"),
                                  (.alertmanager, a.alertmanagerURLs, "alertmanager_urls")] {
            if a.sinks.contains(kind) && list.isEmpty {
                warnings.append("\(s.source.location(section: "live_alerts", key: "sinks")): sink \"\(kind.rawValue)\" is enabled but \(key) is empty: it sends nothing")
            }
        }
        warnings += s.unknownKeyWarnings()
        return a
    }

    private static func kinds(_ s: inout TOMLSection, _ key: String, default def: [SinkKind]) throws -> [SinkKind] {
        let names = try s.stringArray(key, default: def.map(\.rawValue))
        var out: [SinkKind] = []
        for (i, n) in names.enumerated() {
            guard let k = SinkKind(rawValue: n.lowercased()) else {
                throw s.error("\(key)[\(i)]", "= \"\(TerminalText.sanitize(n))\" is not a sink; valid: \(SinkKind.validList)")
            }
            if !out.contains(k) { out.append(k) }
        }
        return out
    }

    private static func urls(_ s: inout TOMLSection, _ key: String) throws -> [URL] {
        try s.stringArray(key, default: []).enumerated().map { i, text in
            guard let u = URL(string: text), let scheme = u.scheme?.lowercased(), scheme == "http" || scheme == "https",
                  let host = u.host, !host.isEmpty else {
                // The value may hold a token: show only what is safe.
                throw s.error("\(key)[\(i)]", "= \(RedactedURL.describe(text)) is not a valid http(s) URL (expected https://host/path)")
            }
            return u
        }
    }
}
