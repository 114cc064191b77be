/// Colours and attributes of a cell. Colours are abstract (named, 256-index, or the terminal default) so a
/// backend can map them to what the terminal supports (256/16/8 colours, or none for NO_COLOR).
public enum TermColor: Equatable, Hashable, Sendable {
    case `default`
    case black, red, green, yellow, blue, magenta, cyan, white
    case brightBlack, brightRed, brightGreen, brightYellow, brightBlue, brightMagenta, brightCyan, brightWhite
    case indexed(UInt8)
}

public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextAttributes(rawValue: 1)
    public static let dim = TextAttributes(rawValue: 2)
    public static let underline = TextAttributes(rawValue: 4)
    public static let reverse = TextAttributes(rawValue: 8)
}

public struct Style: Equatable, Hashable, Sendable {
    public var fg: TermColor
    public var bg: TermColor
    public var attributes: TextAttributes

    public init(fg: TermColor = .default, bg: TermColor = .default, attributes: TextAttributes = []) {
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    public static let plain = Style()

    public func bold() -> Style { var s = self; s.attributes.insert(.bold); return s }
}

extension TermColor {
    /// xterm's default RGB for the 16 basic colours.
    static let basicRGB: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// The RGB of a 256-colour index (16 basic, 6×6×6 cube, 24 greys).
    public static func rgb(_ n: UInt8) -> (Int, Int, Int) {
        let i = Int(n)
        if i < 16 { return basicRGB[i] }
        if i >= 232 { let g = 8 + 10 * (i - 232); return (g, g, g) }
        let levels = [0, 95, 135, 175, 215, 255]
        let c = i - 16
        return (levels[c / 36], levels[c / 6 % 6], levels[c % 6])
    }

    /// The nearest of the first `available` (8 or 16) basic colours to a 256-colour index, so themes written
    /// for 256 colours still read on smaller terminals.
    public static func nearestBasic(_ n: UInt8, available: Int) -> Int {
        let (r, g, b) = rgb(n)
        let candidates = available >= 16 ? 16 : 8
        var best = 0, bestDistance = Int.max
        for k in 0..<candidates {
            let (r2, g2, b2) = basicRGB[k]
            let d = (r - r2) * (r - r2) + (g - g2) * (g - g2) + (b - b2) * (b - b2)
            if d < bestDistance { best = k; bestDistance = d }
        }
        return best
    }
}

extension Style {
    static let basicOrder: [TermColor] = [.black, .red, .green, .yellow, .blue, .magenta, .cyan, .white,
                                          .brightBlack, .brightRed, .brightGreen, .brightYellow, .brightBlue, .brightMagenta, .brightCyan, .brightWhite]

    /// The style as a terminal with `colors` colours can show it: 256-colour indexes become the nearest basic
    /// colour; with 8 colours a bright foreground becomes its base colour in bold (grey — bright black — the
    /// terminal's default colour, dimmed, rather than black, which would vanish on a dark background), and a
    /// bright background its base colour.
    public func degraded(toColors colors: Int) -> Style {
        guard colors > 0 && colors < 256 else { return self }
        var s = self
        func basic(_ c: TermColor) -> TermColor {
            if case let .indexed(n) = c { return Self.basicOrder[TermColor.nearestBasic(n, available: colors)] }
            return c
        }
        s.fg = basic(s.fg); s.bg = basic(s.bg)
        guard colors < 16 else { return s }
        if let i = Self.basicOrder.firstIndex(of: s.fg), i >= 8 {
            if s.fg == .brightBlack { s.fg = .default; s.attributes.insert(.dim) } else { s.fg = Self.basicOrder[i - 8]; s.attributes.insert(.bold) }
        }
        if let i = Self.basicOrder.firstIndex(of: s.bg), i >= 8 { s.bg = Self.basicOrder[i - 8] }
        return s
    }
}
