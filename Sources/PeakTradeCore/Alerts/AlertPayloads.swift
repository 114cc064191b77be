import Foundation

/// The bodies each remote sink POSTs.
public enum AlertPayloads {
    static func jsonData(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    /// Generic webhook: the alert's own fields.
    public static func webhook(_ a: Alert) -> Data {
        jsonData([
            "id": a.id, "severity": a.severity.rawValue, "source": a.source, "title": a.title, "message": a.message,
            "labels": a.labels, "timestamp": UTCTime.iso(a.timestamp), "environment": a.environment.rawValue,
        ] as [String: Any])
    }

    static func emoji(_ s: AlertSeverity) -> String {
        switch s {
        case .info: ":information_source:"
        case .warning: ":warning:"
        case .critical: ":rotating_light:"
        }
    }

    /// Slack incoming webhook: `text` (the notification fallback) plus Block Kit blocks with the severity up front.
    public static func slack(_ a: Alert) -> Data {
        let sev = a.severity.rawValue.uppercased()
        let text = "\(emoji(a.severity)) [\(sev)] \(a.title) (\(a.environment.rawValue), \(a.source))"
        var blocks: [[String: Any]] = [
            ["type": "header", "text": ["type": "plain_text", "text": String("\(sev): \(a.title)".prefix(150)), "emoji": true]],
            ["type": "section", "text": ["type": "mrkdwn", "text": String("\(emoji(a.severity)) *\(sev)* — \(a.message)".prefix(3000))]],
        ]
        if !a.labels.isEmpty {
            let fields = a.labels.sorted { $0.key < $1.key }.prefix(10).map { ["type": "mrkdwn", "text": "*\($0.key)*\n\($0.value)"] }
            blocks.append(["type": "section", "fields": fields])
        }
        blocks.append(["type": "context", "elements": [["type": "mrkdwn",
            "text": "source `\(a.source)` · env `\(a.environment.rawValue)` · \(UTCTime.iso(a.timestamp)) · id `\(a.id)`"]]])
        return jsonData(["text": text, "blocks": blocks] as [String: Any])
    }

    /// Alertmanager API v2: POST /api/v2/alerts with a list of alerts.
    public static func alertmanager(_ a: Alert) -> Data {
        var labels = a.labels
        labels["alertname"] = alertName(a.title)
        labels["severity"] = a.severity.rawValue
        labels["source"] = a.source
        labels["environment"] = a.environment.rawValue
        labels["service"] = labels["service"] ?? "peak_trade"
        let alert: [String: Any] = [
            "labels": labels,
            "annotations": ["summary": a.title, "description": a.message, "alert_id": a.id],
            "startsAt": UTCTime.iso(a.timestamp),
        ]
        return jsonData([alert])
    }

    /// Alertmanager groups by `alertname`: a stable identifier rather than free text.
    static func alertName(_ title: String) -> String {
        var out = ""
        for ch in title.unicodeScalars {
            if CharacterSet.alphanumerics.contains(ch) && ch.isASCII { out.unicodeScalars.append(ch) }
            else if !out.hasSuffix("_") { out.append("_") }
        }
        let trimmed = out.trimmingCharacters(in: CharacterSet(charactersIn: "_"))
        return trimmed.isEmpty ? "PeakTradeAlert" : String(trimmed.prefix(80))
    }

    /// `/api/v2/alerts` under the configured base URL.
    public static func alertmanagerEndpoint(_ base: URL) -> URL {
        if base.path.hasSuffix("/api/v2/alerts") { return base }
        return base.appendingPathComponent("api/v2/alerts")
    }
}
