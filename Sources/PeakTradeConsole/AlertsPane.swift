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
        let rows = inner.height - 1
        guard rows > 0 else { return }
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

/// The running drill's checklist: stages and criteria ticked with their times as the engine reports them,
/// time to detect counting live, the operator's notes, and cleanup and verdict at the end.
struct DrillPane: Widget {
    let state: ConsoleState

    func render(_ a: Rect, _ buf: inout Buffer) {
        let s = state, t = s.theme
        guard let d = s.drill else {
            ConsoleView.frame(s, .drill, "Drill · none running", a, &buf)
            var y = a.inner.y
            for line in ["d starts a drill (picker), or :drill run ID", "Drills run on copies of the data and config;", "every step is journaled and logged.", ""]
                + s.scenarios.map({ "  \($0.id) — \($0.title)" }) where y < a.inner.bottom {
                buf.put(a.inner.x, y, line, t[.dim], limit: a.inner.right)
                y += 1
            }
            return
        }
        ConsoleView.frame(s, .drill, "Drill \(d.scenario) (\(d.variant))\(d.runID.map { " · \($0)" } ?? "")", a, &buf)
        let inner = a.inner
        var lines: [(String, Style)] = []
        func add(_ text: String, _ style: Style, wrap: Bool = true, indent: String = "") {
            for l in wrap ? ViewText.wrap(text, max(10, inner.width - indent.count)) : [text] { lines.append((indent + l, style)) }
        }
        // Most important first, so a short pane still shows where the drill stands.
        add(d.stages.map { ($0.at != nil ? "✓" : "·") + " " + $0.name }.joined(separator: "  "), t[.text])
        if let v = d.verdict {
            let restored = d.stages.first { $0.name == "restored" }?.detail ?? ""
            add("VERDICT \(v) · cleanup: \(restored)", v == "PASS" ? t[.ok].bold() : t[.breach])
        }
        if let e = d.error { add("ERROR \(e)", t[.error]) }
        if let inj = d.injectedAt {
            let detect = d.timeToDetect.map { "time to detect \(ViewText.duration($0))" } ?? (d.running ? "time to detect: waiting \(ViewText.duration(s.now - inj))" : "not detected")
            let ack = d.timeToAcknowledge.map { " · to acknowledge \(ViewText.duration($0))" } ?? (d.running && d.awaiting != nil ? " · to acknowledge: \(ViewText.duration(s.now - inj))" : "")
            add(detect + ack, t[.info])
        }
        if d.awaiting != nil { add("▶ c confirm · x decline · n note · F findings", t[.warning].bold()) }
        for item in d.items {
            let (mark, style): (String, Style) = switch item.status {
            case "met": ("[✓]", t[.ok])
            case "pending": ("[ ]", t[.dim])
            case "waiting for the operator", "confirming", "declining": ("[?]", t[.warning])
            default: ("[✗]", t[.breach])
            }
            var text = "\(mark) \(item.manual ? "manual" : "auto  ") \(item.id)"
            if let met = item.metAt { text += " \(ViewText.clock(met))" + (d.injectedAt.map { " (+\(ViewText.duration(met - $0)))" } ?? "") }
            if item.status != "met" && item.status != "pending" { text += " — \(item.status)" }
            add(text, style, wrap: false)
            // Met criteria keep one line; the open ones are spelled out.
            add(item.text, d.awaiting == item.id ? t[.warning] : t[.dim], wrap: item.status != "met", indent: "      ")
        }
        for n in d.notes.suffix(3) { add("note \(ViewText.clock(n.at)) \(n.text)", t[.text]) }
        for (i, l) in lines.prefix(inner.height).enumerated() {
            buf.put(inner.x, inner.y + i, l.0, l.1, limit: inner.right)
        }
    }
}

/// A runbook section walked a step at a time.
struct RunbookPane: Widget {
    let state: ConsoleState

    func render(_ a: Rect, _ buf: inout Buffer) {
        let s = state, t = s.theme, inner = a.inner
        guard let w = s.walk else {
            ConsoleView.frame(s, .runbook, "Runbook · none open", a, &buf)
            var y = inner.y
            for line in ["r picks a runbook, or :runbook ID", ""] + s.runbooks.map({ "  \($0.id) — \($0.title)" }) where y < inner.bottom {
                buf.put(inner.x, y, line, t[.dim], limit: inner.right)
                y += 1
            }
            return
        }
        ConsoleView.frame(s, .runbook, "Runbook \(w.runbook.id) · step \(min(w.step + 1, w.runbook.steps.count))/\(w.runbook.steps.count)", a, &buf)
        var y = inner.y
        y = buf.put(inner.x, y, w.runbook.title, t[.title], limit: inner.right) >= 0 ? y + 1 : y
        // Keep the current step in view.
        let first = max(0, w.step - max(1, (inner.height - 2) / 3))
        for i in first..<w.runbook.steps.count where y < inner.bottom {
            let status = w.statuses[i]
            let mark = status == "confirmed" ? "✓" : status == "skipped" ? "–" : i == w.step ? "▶" : "·"
            let style = i == w.step ? t[.warning].bold() : status == nil ? t[.text] : t[.dim]
            let text = "\(mark) \(i + 1). \(w.runbook.steps[i])"
            let lines = i == w.step ? ViewText.wrap(text, inner.width) : [text]
            for l in lines where y < inner.bottom { buf.put(inner.x, y, l, style, limit: inner.right); y += 1 }
        }
        if w.finished, y < inner.bottom {
            buf.put(inner.x, y, "done: \(w.statuses.filter { $0 == "confirmed" }.count) of \(w.runbook.steps.count) confirmed (journaled)", t[.ok], limit: inner.right)
        }
    }
}
