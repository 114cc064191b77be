import PeakTradeTUI

/// What a key does. The update function acts on these, never on raw keys.
public enum Command: String, Sendable, CaseIterable {
    case help, quit, nextPane, previousPane, commandLine
    case up, down, left, right, pageUp, pageDown
    case zoomIn, zoomOut, nextSymbol, findings, follow
    case pauseFeed, faster, slower
    case acknowledge, acknowledgeAll, filterSeverity
    case drillPicker, confirmCriterion, declineCriterion, note
    case runbookPicker, runbookConfirm, runbookSkip
}

/// One binding: the keys, where it applies (nil: everywhere), what the help says, and whether it changes
/// something that needs a confirmation first.
public struct KeyBinding: Sendable {
    public let keys: [Key]
    public let command: Command
    public let pane: Pane?
    public let description: String
    public let dangerous: Bool
    /// Shown in the hint bar (the most used ones only; `?` lists all).
    public let hint: Bool

    public var label: String { keys.map(\.label).joined(separator: "/") }
}

/// The one table of key bindings: key handling, the help overlay and the hint bar all read it (k9s).
public enum KeyMap {
    static func g(_ keys: [Key], _ command: Command, _ description: String, dangerous: Bool = false, hint: Bool = false) -> KeyBinding {
        KeyBinding(keys: keys, command: command, pane: nil, description: description, dangerous: dangerous, hint: hint)
    }

    static func b(_ keys: [Key], _ command: Command, _ pane: Pane, _ description: String, dangerous: Bool = false, hint: Bool = false) -> KeyBinding {
        KeyBinding(keys: keys, command: command, pane: pane, description: description, dangerous: dangerous, hint: hint)
    }

    public static let bindings: [KeyBinding] = [
        g([.char("?")], .help, "help: every key binding", hint: true),
        g([.tab], .nextPane, "next pane", hint: true),
        g([.backTab], .previousPane, "previous pane"),
        g([.char(":")], .commandLine, "command line (drill run ID, runbook ID, theme NAME, symbol S, speed N, quit)", hint: true),
        g([.char("q"), .ctrl("c")], .quit, "quit (asks first while a drill runs; a second ctrl-c then quits)", dangerous: true, hint: true),
        g([.char("p")], .pauseFeed, "pause / resume the feed", hint: true),
        g([.char("+"), .char("=")], .faster, "feed faster (replay speed x2)"),
        g([.char("-")], .slower, "feed slower (replay speed /2)"),
        g([.char("d")], .drillPicker, "start a drill (picker)", dangerous: true, hint: true),
        g([.char("r")], .runbookPicker, "walk a runbook (picker)"),
        g([.char("F")], .findings, "data-quality findings list (enter jumps the chart there)"),
        g([.up, .char("k")], .up, "up / scroll"),
        g([.down, .char("j")], .down, "down / scroll"),
        // Candles
        b([.left, .char("h")], .left, .candles, "scroll back in time", hint: true),
        b([.right, .char("l")], .right, .candles, "scroll forward in time"),
        b([.char("<"), .pageUp], .pageUp, .candles, "scroll back a screen"),
        b([.char(">"), .pageDown], .pageDown, .candles, "scroll forward a screen"),
        b([.char("z")], .zoomOut, .candles, "zoom out (1h → 4h → 1d)", hint: true),
        b([.char("Z")], .zoomIn, .candles, "zoom in"),
        b([.char("s")], .nextSymbol, .candles, "next symbol", hint: true),
        b([.char("f")], .findings, .candles, "data-quality findings list (enter jumps the chart there)", hint: true),
        b([.char("G"), .end], .follow, .candles, "back to the newest candle"),
        // Alerts
        b([.char("a"), .enter], .acknowledge, .alerts, "acknowledge the selected alert", hint: true),
        b([.char("A")], .acknowledgeAll, .alerts, "acknowledge every shown alert"),
        b([.char("f")], .filterSeverity, .alerts, "filter by severity (all → warning+ → critical)", hint: true),
        // Drill
        b([.char("c")], .confirmCriterion, .drill, "confirm the manual criterion asked for", hint: true),
        b([.char("x")], .declineCriterion, .drill, "decline it (not met)", dangerous: true, hint: true),
        b([.char("n")], .note, .drill, "type an operator note (recorded in the journal)", hint: true),
        // Runbook
        b([.char("c"), .enter], .runbookConfirm, .runbook, "confirm the current step", hint: true),
        b([.char("x")], .runbookSkip, .runbook, "skip the current step (recorded as skipped)", hint: true),
        b([.char("n")], .note, .runbook, "type an operator note"),
    ]

    /// The binding for a key in a pane: the pane's own first, then the global ones.
    public static func binding(for key: Key, in pane: Pane) -> KeyBinding? {
        bindings.first { $0.pane == pane && $0.keys.contains(key) } ?? bindings.first { $0.pane == nil && $0.keys.contains(key) }
    }

    /// Hint bar entries for a pane: its own hinted bindings, then the global ones.
    public static func hints(for pane: Pane) -> [KeyBinding] {
        bindings.filter { $0.hint && $0.pane == pane } + bindings.filter { $0.hint && $0.pane == nil }
    }

    /// Help overlay lines grouped by scope.
    public static func helpSections() -> [(title: String, bindings: [KeyBinding])] {
        [("Everywhere", bindings.filter { $0.pane == nil })] + Pane.allCases.compactMap { p in
            let own = bindings.filter { $0.pane == p }
            return own.isEmpty ? nil : (p.title, own)
        }
    }
}
