import PeakTradeCore
import PeakTradeTUI

/// The `:` command line (k9s): `drill run ID [VARIANT]`, `runbook ID`, `theme NAME`, `symbol S`, `speed N`,
/// `pause`, `resume`, `help`, `quit`; tab completes the word under the cursor.
enum CommandLine {
    static let commands = ["drill", "runbook", "theme", "symbol", "speed", "pause", "resume", "help", "quit"]
    static let usage = "drill run ID [VARIANT], runbook ID, theme NAME, symbol S, speed N, pause, resume, help, quit"

    static func key(_ s: inout ConsoleState, _ k: Key) -> [ConsoleEffect] {
        guard var editor = s.commandLine else { return [] }
        if k == .tab {
            complete(&s, &editor)
            s.commandLine = editor
            return []
        }
        switch editor.handle(k) {
        case .editing: s.commandLine = editor
        case .cancelled: s.commandLine = nil
        case let .submitted(text):
            s.commandLine = nil
            return run(&s, text)
        }
        return []
    }

    static func candidates(_ s: ConsoleState, words: [String]) -> [String] {
        switch (words.count, words.first) {
        case (0, _), (1, _): return commands
        case (2, "drill"): return ["run"]
        case (3, "drill") where words[1] == "run": return s.scenarios.map(\.id)
        case (4, "drill") where words[1] == "run": return s.scenarios.first { $0.id == words[2] }?.variants ?? []
        case (2, "runbook"): return s.runbooks.map(\.id)
        case (2, "theme"): return s.themes
        case (2, "symbol"): return s.market.symbols.map(\.description)
        default: return []
        }
    }

    /// Completes the last word: a unique match is filled in (with a space), several are extended to their
    /// common prefix and listed in the status line.
    static func complete(_ s: inout ConsoleState, _ editor: inout LineEditor) {
        var words = editor.text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if editor.text.isEmpty || editor.text.hasSuffix(" ") { words.append("") }
        let partial = words.last ?? ""
        let matches = candidates(s, words: words).filter { $0.hasPrefix(partial) }
        guard !matches.isEmpty else { s.message = StatusMessage(text: "no completion for \(partial.isEmpty ? "this word" : partial)", isError: false); return }
        var completed = matches.count == 1 ? matches[0] + " " : commonPrefix(matches)
        if completed.count < partial.count { completed = partial }
        words[words.count - 1] = completed
        editor = LineEditor(words.joined(separator: " "))
        s.message = matches.count > 1 ? StatusMessage(text: matches.joined(separator: "  "), isError: false) : nil
    }

    static func commonPrefix(_ list: [String]) -> String {
        guard var p = list.first else { return "" }
        for w in list.dropFirst() { while !w.hasPrefix(p) { p.removeLast() } }
        return p
    }

    static func run(_ s: inout ConsoleState, _ text: String) -> [ConsoleEffect] {
        let w = text.split(separator: " ").map(String.init)
        guard let verb = w.first else { return [] }
        func fail(_ m: String) -> [ConsoleEffect] { s.message = StatusMessage(text: m, isError: true); return [] }
        switch verb {
        case "q", "quit", "q!": return ConsoleUpdate.requestQuit(&s)
        case "help", "?": s.overlay = .help
        case "pause": return ConsoleUpdate.setFeed(&s, paused: true, speed: s.feed.speed)
        case "resume": return ConsoleUpdate.setFeed(&s, paused: false, speed: s.feed.speed)
        case "drill":
            guard w.count >= 2 else { return ConsoleUpdate.perform(&s, .drillPicker) }
            guard w[1] == "run", w.count >= 3, w.count <= 4 else { return fail("usage: drill run ID [VARIANT]; IDs: \(s.scenarios.map(\.id).joined(separator: ", "))") }
            if let r = DrillUpdate.refusal(s) { return fail(r) }
            guard let sc = s.scenarios.first(where: { $0.id == w[2] }) else { return fail("drill \(TerminalText.quoted(w[2])) is not known; valid: \(s.scenarios.map(\.id).joined(separator: ", "))") }
            let variant = w.count == 4 ? w[3] : nil
            if let v = variant, !sc.variants.contains(v) { return fail("\(sc.id): variant \(TerminalText.quoted(v)) is not known; valid: \(sc.variants.joined(separator: ", "))") }
            DrillUpdate.askToStart(&s, sc, variant: variant)
        case "runbook":
            guard w.count == 2 else { return fail("usage: runbook ID; IDs: \(s.runbooks.map(\.id).joined(separator: ", "))") }
            return RunbookUpdate.start(&s, w[1])
        case "theme":
            guard w.count == 2, s.themes.contains(w[1]) else { return fail("usage: theme NAME; valid: \(s.themes.joined(separator: ", "))") }
            return [.loadTheme(w[1]), .journal(type: "theme_changed", fields: ["theme": w[1], "before": s.theme.name])]
        case "symbol":
            guard w.count == 2, let i = s.market.symbols.firstIndex(where: { $0.description.caseInsensitiveCompare(w[1]) == .orderedSame || "\($0.base)\($0.quote)".caseInsensitiveCompare(w[1]) == .orderedSame }) else {
                return fail("usage: symbol S; valid: \(s.market.symbols.map(\.description).joined(separator: ", "))")
            }
            MarketUpdate.select(&s, i)
        case "speed":
            guard w.count == 2, let v = Double(w[1]), v.isFinite, v >= 0.25, v <= 1024 else { return fail("usage: speed N (bars per second, 0.25 to 1024)") }
            return ConsoleUpdate.setFeed(&s, paused: s.feed.paused, speed: v)
        default:
            return fail("unknown command \(TerminalText.quoted(verb)); valid: \(usage)")
        }
        return []
    }
}
