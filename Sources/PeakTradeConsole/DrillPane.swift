import PeakTradeCore
import PeakTradeTUI

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
        // A no-break space keeps each mark with its stage when the line wraps.
        add(d.stages.map { ($0.at != nil ? "✓" : "·") + "\u{00A0}" + $0.name }.joined(separator: "  "), t[.text])
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
        if d.awaiting != nil {
            add("▶ c confirm · x decline · n note · F findings", t[.warning].bold())
            add("runbook: r opens section \(d.runbook)", t[.info])
        }
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
