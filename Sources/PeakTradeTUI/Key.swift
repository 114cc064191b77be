/// A key as the console sees it (the curses backend translates terminal input into these).
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    case up, down, left, right, pageUp, pageDown, home, end, tab, backTab, enter, escape, backspace, resize
    case other(Int)

    /// How help and hint bars name the key.
    public var label: String {
        switch self {
        case let .char(c): c == " " ? "space" : String(c)
        case let .ctrl(c): "ctrl-\(c)"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "pgup"
        case .pageDown: "pgdn"
        case .home: "home"
        case .end: "end"
        case .tab: "tab"
        case .backTab: "shift-tab"
        case .enter: "enter"
        case .escape: "esc"
        case .backspace: "backspace"
        case .resize: "resize"
        case let .other(n): "key \(n)"
        }
    }
}
