import PeakTradeCore
import PeakTradeTUI

/// Renders the whole console into a buffer: header, four panes, hint bar, status/command line and any overlay.
/// Pure: the same state gives the same frame, which is what the snapshot tests compare.
public enum ConsoleView {
    public static func render(_ s: ConsoleState) -> Buffer {
        var buf = Buffer(area: Rect(x: 0, y: 0, width: max(1, s.width), height: max(1, s.height)))
        render(s, into: &buf)
        return buf
    }

    public static func render(_ s: ConsoleState, into buf: inout Buffer) {
        let t = s.theme
        buf.fill(buf.area, with: Cell(" ", style: t[.text]))
        if s.tooSmall {
            tooSmall(s, &buf)
            if !s.unicode { buf.foldToASCII() }
            return
        }
        let rows = Layout.split(buf.area, .vertical, [.length(1), .fill(1), .length(1), .length(1)])
        Header(state: s).render(rows[0], &buf)
        let cols = Layout.split(rows[1], .horizontal, [.percent(62), .fill(1)])
        let left = Layout.split(cols[0], .vertical, [.fill(3), .fill(2)])
        let right = Layout.split(cols[1], .vertical, [.length(min(15, cols[1].height / 2)), .fill(1)])
        CandlesPane(state: s).render(left[0], &buf)
        AlertsPane(state: s).render(left[1], &buf)
        RiskPane(state: s).render(right[0], &buf)
        if lowerRight(s) == .runbook { RunbookPane(state: s).render(right[1], &buf) } else { DrillPane(state: s).render(right[1], &buf) }
        hints(s, rows[2], &buf)
        statusLine(s, rows[3], &buf)
        if let o = s.overlay { Overlays.render(s, o, buf.area, &buf) }
        if !s.unicode { buf.foldToASCII() }
    }

    /// The drill and runbook panes share the lower right: the focused one, else whichever is active.
    static func lowerRight(_ s: ConsoleState) -> Pane {
        if s.focus == .runbook || s.focus == .drill { return s.focus }
        if s.drill == nil && s.walk != nil { return .runbook }
        return .drill
    }

    /// A pane's frame: focused panes get the focus colour.
    static func frame(_ s: ConsoleState, _ pane: Pane, _ title: String, _ a: Rect, _ buf: inout Buffer) {
        let focused = s.focus == pane
        let style = s.theme[focused ? .borderFocus : .border]
        Block(title: (focused ? "▸ " : "") + title, style: style, titleStyle: s.theme[focused ? .borderFocus : .title],
              borders: s.unicode ? .unicode : .ascii).render(a, &buf)
    }

    static func hints(_ s: ConsoleState, _ a: Rect, _ buf: inout Buffer) {
        let t = s.theme
        var x = a.x
        let pairs: [(String, String, Bool)]
        if s.commandLine != nil {
            pairs = [("tab", "complete", false), ("enter", "run", false), ("esc", "cancel", false)]
        } else if s.noteEditor != nil {
            pairs = [("enter", "save note", false), ("esc", "cancel", false)]
        } else if case .confirm? = s.overlay {
            pairs = [("y", "yes", true), ("n/esc", "no", false)]
        } else if case .drillPicker? = s.overlay {
            pairs = [("↑↓/jk", "move", false), ("←→/hl", "variant", false), ("enter", "start (asks first)", true), ("esc", "close", false)]
        } else if s.overlay != nil {
            pairs = [("↑↓/jk", "move", false), ("enter", "choose", false), ("esc", "close", false)]
        } else {
            pairs = KeyMap.hints(for: s.focus).map { ($0.label, $0.description.split(separator: "(")[0].trimmingCharacters(in: .whitespaces), $0.dangerous) }
        }
        for (key, text, dangerous) in pairs {
            let short = String(text.split(separator: ":")[0])
            guard x + key.count + 2 < a.right else { break }
            x = buf.put(x, a.y, " \(key) ", dangerous ? t[.dangerous] : t[.hintKey], limit: a.right)
            x = buf.put(x, a.y, " \(short)  ", t[.hintText], limit: a.right)
        }
    }

    static func statusLine(_ s: ConsoleState, _ a: Rect, _ buf: inout Buffer) {
        let t = s.theme
        if let editor = s.commandLine ?? s.noteEditor {
            let prompt = s.commandLine != nil ? ":" : "note> "
            let x = buf.put(a.x, a.y, prompt, t[.title], limit: a.right)
            let visible = a.right - x - 1
            let chars = Array(editor.text)
            let start = max(0, editor.cursor - visible)
            buf.put(x, a.y, String(chars[start..<min(chars.count, start + visible)]), t[.text], limit: a.right)
            let cx = x + CharWidth.of(String(chars[start..<editor.cursor]))
            if cx < a.right { buf[cx, a.y] = Cell(cx - x < chars.count - start ? String(chars[start + cx - x]) : " ", style: t[.selection]) }
            return
        }
        if let m = s.message {
            buf.put(a.x, a.y, m.text, m.isError ? t[.error] : t[.text], limit: a.right)
        } else {
            buf.put(a.x, a.y, "operator \(s.operatorName) · every action is journaled · ? help · : commands", t[.dim], limit: a.right)
        }
    }

    static func tooSmall(_ s: ConsoleState, _ buf: inout Buffer) {
        let lines = ["terminal too small: \(s.width)x\(s.height)", "the console needs at least \(ConsoleState.minimumWidth)x\(ConsoleState.minimumHeight)", "enlarge the window, or q to quit"]
        let top = max(0, s.height / 2 - 1)
        for (i, l) in lines.enumerated() where top + i < s.height {
            buf.put(max(0, (s.width - CharWidth.of(l)) / 2), top + i, l, i == 0 ? s.theme[.warning] : s.theme[.text], limit: s.width)
        }
    }
}

/// Mode banner, running drill and its step, feed status and candle age, UTC clock.
struct Header: Widget {
    let state: ConsoleState

    func render(_ a: Rect, _ buf: inout Buffer) {
        let s = state, t = s.theme
        let live = s.environment == .live
        buf.fill(a, with: Cell(" ", style: live ? t[.bannerLive] : t[.header]))
        let banner: (String, Theme.Role) = switch s.environment {
        case .shadow: (" SHADOW ", .bannerShadow)
        case .paper: (" PAPER ", .bannerPaper)
        case .testnet: (" TESTNET ", .bannerTestnet)
        case .live: (" ██ LIVE — REAL ORDERS ██ ", .bannerLive)
        }
        var x = buf.put(a.x, a.y, banner.0, t[banner.1], limit: a.right)
        let base = live ? t[.bannerLive] : t[.header]
        x = buf.put(x, a.y, " Peak_Trade ops ", base.bold(), limit: a.right)
        let clock = " \(UTCTime.iso(s.now / 1000 * 1000).prefix(10)) \(ViewText.clock(s.now)) UTC "
        let limit = a.right - CharWidth.of(clock)
        if let d = s.drill {
            let step: String
            if let v = d.verdict { step = "verdict \(v)" } else if d.error != nil { step = "FAILED" }
            else if let w = d.awaiting { step = "waiting: \(w)" } else { step = d.stages.last(where: { $0.at != nil })?.name ?? "starting" }
            x = buf.put(x, a.y, "│ drill \(d.scenario): \(step) ", d.running ? base.bold() : base, limit: limit)
        }
        // Following a live file, a candle older than three bars means the data has stopped: say so in colour.
        let stale = s.feed.mode == .follow && (s.feed.lastCandle.map { s.now - $0 > 4 * s.market.timeframe.milliseconds } ?? false)
        x = buf.put(x, a.y, "│ \(feedText(s))\(stale ? " STALE" : "") ", s.feed.error != nil ? t[.error] : stale ? t[.warning] : base, limit: limit)
        buf.put(limit, a.y, clock, base.bold(), limit: a.right)
    }

    func feedText(_ s: ConsoleState) -> String {
        let f = s.feed
        let status = f.error != nil ? "feed ERROR" : f.finished ? "feed ended" : f.paused ? "⏸ paused" : f.mode == .replay ? "▶ replay \(ConsoleUpdate.speedText(f.speed))/s" : "▶ follow"
        guard let last = f.lastCandle else { return "\(status) · no candles yet" }
        let age = f.mode == .follow ? s.now - last : (f.lastReceived.map { s.now - $0 } ?? 0)
        return "\(status) · last candle \(ViewText.minute(last)) · \(f.mode == .follow ? "age" : "received") \(ViewText.duration(age))\(f.mode == .follow ? "" : " ago")"
    }
}
