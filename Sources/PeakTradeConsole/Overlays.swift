import PeakTradeCore
import PeakTradeTUI

/// Boxes drawn over the panes: help (generated from the key table), the findings list, the drill and runbook
/// pickers, and confirmations.
enum Overlays {
    static func render(_ s: ConsoleState, _ o: Overlay, _ screen: Rect, _ buf: inout Buffer) {
        let t = s.theme
        switch o {
        case .help:
            var lines: [(String, Style)] = []
            for section in KeyMap.helpSections() {
                lines.append((section.title, t[.title]))
                for b in section.bindings {
                    lines.append(("  \(b.label.padding(toLength: 14, withPad: " ", startingAt: 0)) \(b.description)\(b.dangerous && !b.description.contains("asks first") ? "  (asks first)" : "")", b.dangerous ? t[.dangerous] : t[.text]))
                }
            }
            lines.append(("", t[.text]))
            lines.append(("Operator actions are journaled in \(s.journalPath)", t[.dim]))
            let rows = min(lines.count, screen.height - 6)
            let title = lines.count > rows ? "Help — keys (↑↓ scroll, esc closes)" : "Help — keys (esc closes)"
            box(s, title, lines, selected: nil, screen, &buf, width: 92, scroll: s.helpScroll)
        case let .findings(cursor):
            let lines = s.market.findings.map { e -> (String, Style) in
                let f = e.finding
                let when = f.start.map(ViewText.minute) ?? "-"
                let style = f.severity >= .error ? t[.breach] : f.severity == .warning ? t[.warning] : t[.text]
                return ("\(f.severity.name.uppercased().padding(toLength: 8, withPad: " ", startingAt: 0)) \(e.symbol?.description ?? "?") \(when) \(f.kind.rawValue) [\(e.source)] \(f.message)", style)
            }
            box(s, "Data-quality findings (\(lines.count)), newest first", lines.isEmpty ? [("no findings", t[.dim])] : lines,
                selected: lines.isEmpty ? nil : cursor, screen, &buf, width: screen.width - 8)
        case let .drillPicker(cursor, variant):
            var lines: [(String, Style)] = []
            for (i, sc) in s.scenarios.enumerated() {
                // The selected row shows its chosen variant in brackets.
                let variants = sc.variants.enumerated().map { j, v in i == cursor && j == variant ? "[\(v)]" : v }.joined(separator: " ")
                lines.append(("\(sc.id.padding(toLength: 20, withPad: " ", startingAt: 0)) \(sc.title) — \(variants)", t[.text]))
            }
            box(s, "Start a drill on copies (←→ variant, enter asks to confirm)", lines, selected: cursor, screen, &buf, width: 110)
        case let .runbookPicker(cursor):
            let lines = s.runbooks.map { ("\($0.id.padding(toLength: 26, withPad: " ", startingAt: 0)) \($0.title) (\($0.steps.count) steps)", t[.text]) }
            box(s, "Walk a runbook", lines.isEmpty ? [("no runbooks found", t[.dim])] : lines, selected: lines.isEmpty ? nil : cursor, screen, &buf, width: 100)
        case let .confirm(c):
            let width = min(screen.width - 4, 72)
            var lines = ViewText.wrap(c.question, width - 4).map { ($0, t[.text]) }
            lines.append(("", t[.text]))
            lines.append(("y = yes    n / esc = no", t[.dangerous]))
            box(s, "Confirm", lines, selected: nil, screen, &buf, width: width, border: t[.dangerous])
        }
    }

    static func box(_ s: ConsoleState, _ title: String, _ lines: [(String, Style)], selected: Int?, _ screen: Rect, _ buf: inout Buffer,
                    width: Int, border: Style? = nil, scroll: Int = 0) {
        let t = s.theme
        let w = min(width, screen.width - 2)
        let h = min(lines.count + 2, screen.height - 4)
        let r = Rect(x: screen.x + (screen.width - w) / 2, y: screen.y + max(1, (screen.height - h) / 2), width: w, height: h)
        buf.fill(r, with: Cell(" ", style: t[.text]))
        Block(title: title, style: border ?? t[.borderFocus], borders: s.unicode ? .unicode : .ascii).render(r, &buf)
        let rows = h - 2
        let top = selected.map { max(0, min($0 - rows / 2, lines.count - rows)) } ?? max(0, min(scroll, lines.count - rows))
        for (row, i) in (top..<min(lines.count, top + rows)).enumerated() {
            let y = r.y + 1 + row
            if i == selected { buf.fill(Rect(x: r.x + 1, y: y, width: w - 2, height: 1), with: Cell(" ", style: t[.selection])) }
            buf.put(r.x + 2, y, lines[i].0, i == selected ? t[.selection] : lines[i].1, limit: r.right - 1)
        }
    }
}
