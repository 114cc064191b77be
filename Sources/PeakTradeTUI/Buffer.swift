import PeakTradeCore

/// A rectangle in terminal cells.
public struct Rect: Equatable, Hashable, Sendable {
    public var x: Int, y: Int, width: Int, height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }

    public var isEmpty: Bool { width == 0 || height == 0 }
    public var right: Int { x + width }
    public var bottom: Int { y + height }

    /// The area inside a one-cell border.
    public var inner: Rect { Rect(x: x + 1, y: y + 1, width: width - 2, height: height - 2) }

    public func intersection(_ o: Rect) -> Rect {
        let x0 = max(x, o.x), y0 = max(y, o.y)
        return Rect(x: x0, y: y0, width: min(right, o.right) - x0, height: min(bottom, o.bottom) - y0)
    }
}

/// One terminal cell. A wide glyph occupies its cell and a `continuation` cell to its right.
public struct Cell: Equatable, Sendable {
    public var symbol: String
    public var style: Style
    /// The right half of a wide glyph: never drawn on its own.
    public var continuation: Bool

    public init(_ symbol: String = " ", style: Style = .plain, continuation: Bool = false) {
        self.symbol = symbol
        self.style = style
        self.continuation = continuation
    }

    public static let blank = Cell()
}

/// The frame in memory (ratatui's model): widgets render into it; a backend writes only what changed since
/// the previous frame. Text written into it is sanitised: control characters never reach the terminal.
public struct Buffer: Equatable, Sendable {
    public private(set) var area: Rect
    public private(set) var cells: [Cell]

    public init(area: Rect) {
        self.area = area
        cells = [Cell](repeating: .blank, count: area.width * area.height)
    }

    @inline(__always)
    func index(_ x: Int, _ y: Int) -> Int? {
        guard x >= area.x, x < area.right, y >= area.y, y < area.bottom else { return nil }
        return (y - area.y) * area.width + (x - area.x)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { index(x, y).map { cells[$0] } ?? .blank }
        set { if let i = index(x, y) { cells[i] = newValue } }
    }

    public mutating func fill(_ r: Rect, with cell: Cell = .blank) {
        let clip = r.intersection(area)
        guard !clip.isEmpty else { return }
        for y in clip.y..<clip.bottom { for x in clip.x..<clip.right { self[x, y] = cell } }
    }

    public mutating func setStyle(_ r: Rect, _ style: Style) {
        let clip = r.intersection(area)
        guard !clip.isEmpty else { return }
        for y in clip.y..<clip.bottom { for x in clip.x..<clip.right { self[x, y].style = style } }
    }

    /// Writes `text` from (x, y), at most `maxWidth` columns, clipped to the buffer; returns the column after
    /// the last glyph written. A wide glyph that would not fit entirely is not written.
    @discardableResult
    public mutating func set(_ x: Int, _ y: Int, _ text: String, style: Style = .plain, maxWidth: Int = .max) -> Int {
        guard y >= area.y, y < area.bottom else { return x }
        let limit = min(area.right, maxWidth == .max ? Int.max : x + maxWidth)
        var col = x
        for ch in Self.clean(text) {
            let w = CharWidth.of(ch)
            if w == 0 { continue }
            if col + w > limit { break }
            if col >= area.x {
                self[col, y] = Cell(String(ch), style: style)
                if w == 2 { self[col + 1, y] = Cell("", style: style, continuation: true) }
            }
            col += w
        }
        return col
    }

    /// Untrusted text must not drive the terminal.
    static func clean(_ s: String) -> String {
        s.unicodeScalars.contains { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) } ? TerminalText.sanitize(s) : s
    }

    /// The cells that differ from `previous` (everything when the size changed), in row order.
    public func diff(from previous: Buffer) -> [(x: Int, y: Int, cell: Cell)] {
        var out: [(Int, Int, Cell)] = []
        let sameShape = previous.area == area
        for i in cells.indices where !sameShape || cells[i] != previous.cells[i] {
            if cells[i].continuation { continue }
            out.append((area.x + i % area.width, area.y + i / area.width, cells[i]))
        }
        return out
    }

    /// The text of each row (continuations skipped): what snapshot tests compare.
    public var lines: [String] {
        (0..<area.height).map { row in
            var s = ""
            for col in 0..<area.width {
                let c = cells[row * area.width + col]
                if !c.continuation { s += c.symbol }
            }
            return s
        }
    }
}

extension String {
    /// Pads with spaces or truncates (with …) to exactly `width` columns.
    public func fitted(_ width: Int) -> String {
        var out = "", used = 0
        let total = CharWidth.of(self)
        for ch in self {
            let w = CharWidth.of(ch)
            if used + w > width - (total > width ? 1 : 0) { break }
            out.append(ch); used += w
        }
        if total > width && width > 0 { out += "…"; used += 1 }
        return out + String(repeating: " ", count: max(0, width - used))
    }
}

extension Buffer {
    static let asciiGlyphs: [String: String] = [
        "│": "|", "─": "-", "┌": "+", "┐": "+", "└": "+", "┘": "+", "┄": "-", "·": "-", "—": "-", "…": "~", "→": ">",
        "←": "<", "↑": "^", "↓": "v", "▶": ">", "▸": ">", "●": "*", "⚑": "!", "✓": "v", "✗": "x", "✖": "X", "█": "#",
        "░": ".", "⏸": "=", "\u{00A0}": " ", "×": "x", "≥": ">", "▏": "#", "▎": "#", "▍": "#", "▌": "#", "▋": "#", "▊": "#", "▉": "#",
    ]

    /// For terminals whose locale is not UTF-8: every non-ASCII glyph becomes its ASCII stand-in (or `?`),
    /// so whatever a widget or a data file put on screen, nothing is sent that the terminal cannot show.
    public mutating func foldToASCII() {
        for i in cells.indices {
            let c = cells[i]
            if c.continuation { cells[i] = Cell(" ", style: c.style); continue }
            if c.symbol.unicodeScalars.allSatisfy(\.isASCII) { continue }
            cells[i].symbol = Self.asciiGlyphs[c.symbol] ?? "?"
        }
    }
}
