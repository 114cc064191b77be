import PeakTradeCore
import PeakTradeTUI

/// Alerts newest first with severity, source and time; one line of sink health (state, last error, retry
/// countdown, spool size) above them.
struct AlertsPane: Widget {
    let state: ConsoleState

    func render(_ a: Rect, _ buf: inout Buffer) {
        let s = state, al = s.alerts, t = s.theme
        let filter = al.minimum == .info ? "all" : "≥ \(al.minimum.rawValue)"
        ConsoleView.frame(s, .alerts, "Alerts · \(al.entries.count) (\(al.unacknowledged) unacknowledged) · showing \(filter)", a, &buf)
        let inner = a.inner
        guard inner.height > 0 else { return }
        var x = buf.put(inner.x, inner.y, "sinks ", t[.dim], limit: inner.right)
        if al.sinks.isEmpty { x = buf.put(x, inner.y, "none reported yet · ", t[.dim], limit: inner.right) }
        for h in al.sinks {
            let style = h.state == .ok ? t[.ok] : h.state == .degraded ? t[.warning] : t[.breach]
            x = buf.put(x, inner.y, "\(h.sink) ", t[.text], limit: inner.right)
            x = buf.put(x, inner.y, h.state.rawValue.uppercased(), style, limit: inner.right)
            if h.state != .ok {
                var extra = ""
                if let e = h.lastError { extra += " \(e)" }
                if let next = h.nextRetryAt { extra += ", retry in \(ViewText.duration(max(0, next - s.now)))" }
                x = buf.put(x, inner.y, extra, t[.dim], limit: inner.right)
            }
            x = buf.put(x, inner.y, " · ", t[.dim], limit: inner.right)
        }
        buf.put(x, inner.y, "spool \(al.spooled)", al.spooled > 0 ? t[.warning] : t[.dim], limit: inner.right)

        let shown = al.shown
        // Focused, the selected alert's message gets the bottom lines (what to do is usually in it).
        let detail = s.focus == .alerts && shown.indices.contains(al.cursor) && inner.height >= 6
            ? Array(ViewText.wrap("› " + shown[al.cursor].alert.message, inner.width).prefix(2)) : []
        let rows = inner.height - 1 - detail.count
        guard rows > 0 else { return }
        for (k, line) in detail.enumerated() { buf.put(inner.x, inner.bottom - detail.count + k, line, t[.info], limit: inner.right) }
        if shown.isEmpty {
            buf.put(inner.x, inner.y + 1, al.entries.isEmpty ? "no alerts" : "no alerts at \(al.minimum.rawValue) or above (f changes the filter)", t[.dim], limit: inner.right)
            return
        }
        let top = max(0, min(al.cursor - rows / 2, shown.count - rows))
        for (row, i) in (top..<min(shown.count, top + rows)).enumerated() {
            let e = shown[i], y = inner.y + 1 + row
            let selected = s.focus == .alerts && i == al.cursor
            if selected { buf.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), with: Cell(" ", style: t[.selection])) }
            let sevStyle = selected ? t[.selection] : e.alert.severity == .critical ? t[.critical] : e.alert.severity == .warning ? t[.warning] : t[.info]
            let body = selected ? t[.selection] : e.acknowledged ? t[.dim] : t[.text]
            var x = buf.put(inner.x, y, e.acknowledged ? "✓ " : "● ", body, limit: inner.right)
            x = buf.put(x, y, ViewText.clock(e.alert.timestamp) + " ", body, limit: inner.right)
            x = buf.put(x, y, e.alert.severity.rawValue.uppercased().padding(toLength: 8, withPad: " ", startingAt: 0), sevStyle, limit: inner.right)
            x = buf.put(x, y, " \(e.alert.source): \(e.alert.title)\(e.repeats > 0 ? " ×\(e.repeats + 1)" : "")", body, limit: inner.right)
            let where_ = (e.delivered.isEmpty ? "" : " → " + e.delivered.joined(separator: ",")) + (e.failed.isEmpty ? "" : " ✗ " + e.failed.joined(separator: ","))
            buf.put(x, y, where_, selected ? t[.selection] : e.failed.isEmpty ? t[.dim] : t[.warning], limit: inner.right)
        }
    }
}
