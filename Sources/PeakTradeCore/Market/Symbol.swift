import Foundation

/// A trading pair such as `BTC/EUR`.
public struct Symbol: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let base: String
    public let quote: String

    public init(base: String, quote: String) {
        self.base = base.uppercased()
        self.quote = quote.uppercased()
    }

    /// Accepts `BTC/EUR`, `btc-eur`, `BTC_EUR`.
    public init(parsing text: String) throws {
        let t = text.trimmingCharacters(in: .whitespaces)
        let parts = t.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "_" })
        guard parts.count == 2, parts.allSatisfy({ p in !p.isEmpty && p.allSatisfy { $0.isLetter || $0.isNumber } })
        else {
            throw PeakTradeError.usage("symbol \(TerminalText.quoted(text)) is not valid; expected BASE/QUOTE such as BTC/EUR")
        }
        self.init(base: String(parts[0]), quote: String(parts[1]))
    }

    /// The symbol named by a data file such as `BTC_EUR-1h.csv`, if its name follows that pattern.
    public static func fromFileName(_ path: String) -> Symbol? {
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let pair = name.split(separator: "-").first.map(String.init) ?? name
        return try? Symbol(parsing: pair)
    }

    /// `BTC_EUR`: the form used in file names.
    public var fileStem: String { "\(base)_\(quote)" }
    public var description: String { "\(base)/\(quote)" }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public static func < (a: Symbol, b: Symbol) -> Bool { a.description < b.description }
}
