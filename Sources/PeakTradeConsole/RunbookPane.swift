import PeakTradeCore
import PeakTradeTUI

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
