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
