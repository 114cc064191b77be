import PeakTradeTUI

/// A one-line text editor (command line, operator notes): insert at the cursor, backspace, left/right,
/// ctrl-a/ctrl-e/ctrl-u. Control characters never enter the text.
public struct LineEditor: Sendable, Equatable {
    public var text: String = ""
    public var cursor: Int = 0
    public var limit = 500

    public init(_ text: String = "") {
        self.text = text
        cursor = text.count
    }

    public enum Outcome: Equatable { case editing, submitted(String), cancelled }

    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .enter: return .submitted(text)
        case .escape, .ctrl("c"), .ctrl("g"): return .cancelled
        case .backspace:
            if cursor > 0 { text.remove(at: text.index(text.startIndex, offsetBy: cursor - 1)); cursor -= 1 }
        case .left, .ctrl("b"): cursor = max(0, cursor - 1)
        case .right, .ctrl("f"): cursor = min(text.count, cursor + 1)
        case .ctrl("a"): cursor = 0
        case .ctrl("e"): cursor = text.count
        case .ctrl("u"): text.removeFirst(cursor); cursor = 0
        case let .char(c) where !c.isASCII || (c.asciiValue! >= 32 && c.asciiValue! != 127):
            guard text.count < limit else { break }
            text.insert(c, at: text.index(text.startIndex, offsetBy: cursor)); cursor += 1
        default: break
        }
        return .editing
    }
}
