import Foundation
import PeakTradeCore
import PeakTradeTUI

/// The console's one state transition (Elm/Bubble Tea): pure, so key and event sequences are testable
/// without a terminal; whatever touches the world comes back as effects.
public enum ConsoleUpdate {
    public static func update(_ s: inout ConsoleState, _ action: ConsoleAction) -> [ConsoleEffect] {
        switch action {
        case let .key(k): return key(&s, k)
        case let .resize(w, h): s.width = w; s.height = h
        case let .tick(now): s.now = now
        case let .candles(symbol, candles, at): MarketUpdate.append(&s, symbol, candles, at: at)
        case let .findings(list): MarketUpdate.add(&s, list)
        case let .shadow(r): s.risk = r
        case let .feedProblem(e):
            s.feed.error = e
            if let e { s.message = StatusMessage(text: "feed: \(e)", isError: true) }
        case .feedFinished:
            s.feed.finished = true
            s.message = StatusMessage(text: "feed: end of the replay file", isError: false)
        case let .event(e): EventUpdate.apply(&s, e)
        case let .drill(p): return DrillUpdate.progress(&s, p)
        case let .drillPrompt(id): DrillUpdate.prompt(&s, id)
        case let .drillData(symbol, file, series): MarketUpdate.showDrillCopy(&s, symbol, file, series)
        case let .themeLoaded(t):
            s.theme = t
            s.message = StatusMessage(text: "theme \(t.name)", isError: false)
        case let .problem(text): s.message = StatusMessage(text: text, isError: true)
        }
        return []
    }

    // MARK: keys

    static func key(_ s: inout ConsoleState, _ k: Key) -> [ConsoleEffect] {
        if k == .resize { return [] }
        if case let .confirm(c)? = s.overlay { return confirm(&s, c, k) }
        if s.commandLine != nil { return CommandLine.key(&s, k) }
        if s.noteEditor != nil { return noteKey(&s, k) }
        if let o = s.overlay { return overlayKey(&s, o, k) }
        s.message = nil
        guard let b = KeyMap.binding(for: k, in: s.focus) else {
            s.message = StatusMessage(text: "\(k.label): no binding here (? lists them)", isError: false)
            return []
        }
        return perform(&s, b.command)
    }

    public static func perform(_ s: inout ConsoleState, _ c: Command) -> [ConsoleEffect] {
        switch c {
        case .help: s.overlay = .help
        case .quit: return requestQuit(&s)
        case .nextPane, .previousPane:
            let all = Pane.allCases
            let i = all.firstIndex(of: s.focus)!
            s.focus = all[(i + (c == .nextPane ? 1 : all.count - 1)) % all.count]
        case .commandLine: s.commandLine = LineEditor()
        case .up, .down: move(&s, c == .up ? -1 : 1)
        case .left, .right, .pageUp, .pageDown, .zoomIn, .zoomOut, .nextSymbol, .follow:
            MarketUpdate.view(&s, c)
        case .findings: s.overlay = .findings(cursor: 0)
        case .pauseFeed: return setFeed(&s, paused: !s.feed.paused, speed: s.feed.speed)
        case .faster: return setFeed(&s, paused: s.feed.paused, speed: min(s.feed.speed * 2, 1024))
        case .slower: return setFeed(&s, paused: s.feed.paused, speed: max(s.feed.speed / 2, 0.25))
        case .acknowledge, .acknowledgeAll: return EventUpdate.acknowledge(&s, all: c == .acknowledgeAll)
        case .filterSeverity:
            let order = AlertSeverity.allCases.sorted()
            s.alerts.minimum = order[(order.firstIndex(of: s.alerts.minimum)! + 1) % order.count]
            s.alerts.cursor = 0
        case .drillPicker:
            if let refusal = DrillUpdate.refusal(s) { s.message = StatusMessage(text: refusal, isError: true) } else { s.overlay = .drillPicker(cursor: 0, variant: 0) }
        case .confirmCriterion: return DrillUpdate.answer(&s, confirmed: true)
        case .declineCriterion:
            guard let id = s.drill?.awaiting else { s.message = StatusMessage(text: "the drill is not waiting for a confirmation", isError: false); return [] }
            s.overlay = .confirm(Confirmation(question: "Decline \(id)? It is recorded as not met and the verdict cannot be PASS.", effect: .decline(criterion: id)))
        case .note: s.noteEditor = LineEditor()
        case .runbookPicker:
            // During a drill the picker starts on the drill's own section.
            let section = s.drill.flatMap { d in s.runbooks.firstIndex { $0.id == d.runbook } } ?? 0
            s.overlay = .runbookPicker(cursor: section)
        case .runbookConfirm, .runbookSkip: return RunbookUpdate.step(&s, status: c == .runbookConfirm ? "confirmed" : "skipped")
        }
        return []
    }

    static func move(_ s: inout ConsoleState, _ delta: Int) {
        switch s.focus {
        case .alerts: s.alerts.cursor = max(0, min(s.alerts.cursor + delta, s.alerts.shown.count - 1))
        case .drill: if var d = s.drill { d.cursor = max(0, min(d.cursor + delta, d.items.count - 1)); s.drill = d }
        case .candles: MarketUpdate.view(&s, delta < 0 ? .zoomIn : .zoomOut)
        case .risk, .runbook: break
        }
    }

    static func setFeed(_ s: inout ConsoleState, paused: Bool, speed: Double) -> [ConsoleEffect] {
        let before = s.feed
        s.feed.paused = paused
        s.feed.speed = speed
        var fields = ["paused": String(paused), "speed": Self.speedText(speed)]
        fields["before"] = before.paused != paused ? String(before.paused) : Self.speedText(before.speed)
        s.message = StatusMessage(text: paused ? "feed paused" : "feed \(s.feed.mode.rawValue) at \(speedText(speed)) bar/s", isError: false)
        return [.setFeed(paused: paused, speed: speed), .journal(type: before.paused != paused ? (paused ? "feed_paused" : "feed_resumed") : "feed_speed_changed", fields: fields)]
    }

    static func speedText(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(format: "%g", v) }

    static func requestQuit(_ s: inout ConsoleState) -> [ConsoleEffect] {
        if let d = s.drill, d.running {
            s.overlay = .confirm(Confirmation(question: "Drill \(d.scenario) is running. Quit? Open manual criteria are declined and its cleanup runs first.", effect: .quit))
            return []
        }
        return quitNow(&s)
    }

    static func quitNow(_ s: inout ConsoleState) -> [ConsoleEffect] {
        s.quitRequested = true
        var effects: [ConsoleEffect] = []
        if let d = s.drill, let id = d.awaiting {
            effects.append(.answerPrompt(confirmed: false, note: "operator quit the console"))
            effects.append(.journal(type: "criterion_declined", fields: ["criterion": id, "note": "operator quit the console"]))
        }
        return effects + [.journal(type: "console_quit", fields: [:]), .quit]
    }

    static func confirm(_ s: inout ConsoleState, _ c: Confirmation, _ k: Key) -> [ConsoleEffect] {
        switch k {
        case .ctrl("c") where c.effect != .quit:
            s.overlay = nil
            s.message = StatusMessage(text: "cancelled", isError: false)
        case .char("y"), .char("Y"), .ctrl("c"):  // a second ctrl-c answers "quit anyway"
            s.overlay = nil
            switch c.effect {
            case .quit: return quitNow(&s)
            case let .startDrill(id, variant): return DrillUpdate.start(&s, id, variant)
            case .decline: return DrillUpdate.answer(&s, confirmed: false)
            }
        case .char("n"), .char("N"), .escape, .char("q"):
            s.overlay = nil
            s.message = StatusMessage(text: "cancelled", isError: false)
        default: break
        }
        return []
    }

    static func noteKey(_ s: inout ConsoleState, _ k: Key) -> [ConsoleEffect] {
        guard var editor = s.noteEditor else { return [] }
        switch editor.handle(k) {
        case .editing: s.noteEditor = editor
        case .cancelled: s.noteEditor = nil
        case let .submitted(text):
            s.noteEditor = nil
            let note = text.trimmingCharacters(in: .whitespaces)
            guard !note.isEmpty else { return [] }
            var fields = ["text": note]
            if let d = s.drill, d.running {
                s.drill!.notes.append((s.now, note))
                fields["drill"] = d.runID ?? d.scenario
            }
            if let w = s.walk, s.focus == .runbook { fields["runbook"] = w.runbook.id; fields["step"] = String(w.step + 1) }
            s.message = StatusMessage(text: "note recorded", isError: false)
            return [.journal(type: "note", fields: fields)]
        }
        return []
    }

    static func overlayKey(_ s: inout ConsoleState, _ o: Overlay, _ k: Key) -> [ConsoleEffect] {
        let up = k == .up || k == .char("k"), down = k == .down || k == .char("j")
        let close = k == .escape || k == .char("q")
        switch o {
        case .help:
            if close || k == .char("?") || k == .enter { s.overlay = nil; s.helpScroll = 0 }
            else if up || down { s.helpScroll = max(0, s.helpScroll + (up ? -1 : 1)) }
            else if k == .char(" ") { s.helpScroll += 10 }
        case let .findings(cursor):
            if close || k == .char("f") || k == .char("F") { s.overlay = nil }
            else if up || down { s.overlay = .findings(cursor: max(0, min(cursor + (up ? -1 : 1), s.market.findings.count - 1))) }
            else if k == .enter, s.market.findings.indices.contains(cursor) {
                s.overlay = nil
                MarketUpdate.jump(&s, to: s.market.findings[cursor])
            }
        case let .drillPicker(cursor, variant):
            let left = k == .left || k == .char("h"), right = k == .right || k == .char("l")
            if close { s.overlay = nil }
            else if up || down { s.overlay = .drillPicker(cursor: max(0, min(cursor + (up ? -1 : 1), s.scenarios.count - 1)), variant: 0) }
            else if (left || right), s.scenarios.indices.contains(cursor) {
                let n = s.scenarios[cursor].variants.count
                s.overlay = .drillPicker(cursor: cursor, variant: (variant + (right ? 1 : n - 1)) % n)
            } else if k == .enter, s.scenarios.indices.contains(cursor) {
                let sc = s.scenarios[cursor]
                DrillUpdate.askToStart(&s, sc, variant: variant == 0 ? nil : sc.variants[min(variant, sc.variants.count - 1)])
            }
        case let .runbookPicker(cursor):
            if close { s.overlay = nil }
            else if up || down { s.overlay = .runbookPicker(cursor: max(0, min(cursor + (up ? -1 : 1), s.runbooks.count - 1))) }
            else if k == .enter, s.runbooks.indices.contains(cursor) {
                s.overlay = nil
                return RunbookUpdate.start(&s, s.runbooks[cursor].id)
            }
        case .confirm: break
        }
        return []
    }
}
