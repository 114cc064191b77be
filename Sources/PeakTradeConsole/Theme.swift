import Foundation
import PeakTradeCore
import PeakTradeTUI

/// The console's colours by role, loaded from `themes/NAME.toml` (k9s/btop skins). Each line is
/// `role = "FG [on BG] [bold] [dim] [underline] [reverse]"`; colours are names (`red`, `bright_black`,
/// `default`) or 256-colour indexes (`208`).
public struct Theme: Sendable, Equatable {
    public enum Role: String, CaseIterable, Sendable {
        case text, dim, border, borderFocus = "border_focus", title, header, selection, error
        case bannerShadow = "banner_shadow", bannerPaper = "banner_paper", bannerTestnet = "banner_testnet", bannerLive = "banner_live"
        case ok, warning, breach, info, critical
        case hintKey = "hint_key", hintText = "hint_text", dangerous
        case chartUp = "chart_up", chartDown = "chart_down", chartFlagged = "chart_flagged", chartGap = "chart_gap"
        case chartAxis = "chart_axis", chartLast = "chart_last", chartVolume = "chart_volume"
    }

    public var name: String
    public var styles: [Role: Style]

    public subscript(_ role: Role) -> Style { styles[role] ?? .plain }

    public var chart: CandleChart.Theme {
        var t = CandleChart.Theme()
        t.up = self[.chartUp]; t.down = self[.chartDown]; t.flagged = self[.chartFlagged]; t.gap = self[.chartGap]
        t.axis = self[.chartAxis]; t.last = self[.chartLast]; t.volume = self[.chartVolume]
        return t
    }

    /// Every theme file in `dir`, by name.
    public static func available(in dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
    }

    public static func load(_ name: String, dir: String) throws -> Theme {
        let path = (dir as NSString).appendingPathComponent("\(name).toml")
        guard !name.contains("/"), FileManager.default.fileExists(atPath: path) else {
            let known = available(in: dir)
            throw PeakTradeError.config("theme \(TerminalText.quoted(name)) not found in \(dir); valid: \(known.isEmpty ? "(no themes in that folder)" : known.joined(separator: ", "))")
        }
        return try parse(String(decoding: try FileBytes.read(path), as: UTF8.self), name: name, path: path)
    }

    public static func parse(_ text: String, name: String, path: String) throws -> Theme {
        var styles: [Role: Style] = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let at = "\(path):\(n + 1)"
            guard let eq = line.firstIndex(of: "=") else { throw PeakTradeError.config("\(at): expected `role = \"fg on bg attrs\"`, got \(TerminalText.quoted(line))") }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if let hash = value.range(of: "\" #") { value = String(value[..<hash.lowerBound]) + "\"" }
            guard let role = Role(rawValue: key) else {
                throw PeakTradeError.config("\(at): unknown role \(TerminalText.quoted(key)); valid: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else {
                throw PeakTradeError.config("\(at): \(key) must be a quoted string such as \"cyan on default bold\", got \(TerminalText.quoted(value))")
            }
            styles[role] = try style(String(value.dropFirst().dropLast()), at: "\(at): \(key)")
        }
        if let missing = Role.allCases.first(where: { styles[$0] == nil }) {
            throw PeakTradeError.config("\(path): role \(missing.rawValue) is missing (every role needs a style: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return Theme(name: name, styles: styles)
    }

    static let colourNames: [String: TermColor] = [
        "default": .default, "black": .black, "red": .red, "green": .green, "yellow": .yellow, "blue": .blue, "magenta": .magenta,
        "cyan": .cyan, "white": .white, "bright_black": .brightBlack, "bright_red": .brightRed, "bright_green": .brightGreen,
        "bright_yellow": .brightYellow, "bright_blue": .brightBlue, "bright_magenta": .brightMagenta, "bright_cyan": .brightCyan,
        "bright_white": .brightWhite,
    ]
    static let attributeNames: [String: TextAttributes] = ["bold": .bold, "dim": .dim, "underline": .underline, "reverse": .reverse]

    static func style(_ spec: String, at: String) throws -> Style {
        var words = spec.split(separator: " ").map { $0.lowercased() }
        var s = Style()
        func colour(_ w: String) throws -> TermColor {
            if let c = colourNames[w] { return c }
            if let n = Int(w), (0...255).contains(n) { return .indexed(UInt8(n)) }
            throw PeakTradeError.config("\(at): unknown colour \(TerminalText.quoted(w)); valid: \(colourNames.keys.sorted().joined(separator: ", ")) or 0-255")
        }
        if let first = words.first, attributeNames[first] == nil {
            s.fg = try colour(first); words.removeFirst()
        }
        if words.first == "on" {
            guard words.count >= 2 else { throw PeakTradeError.config("\(at): `on` needs a background colour") }
            s.bg = try colour(words[1]); words.removeFirst(2)
        }
        for w in words {
            guard let a = attributeNames[w] else {
                throw PeakTradeError.config("\(at): unknown attribute \(TerminalText.quoted(w)); valid: bold, dim, underline, reverse")
            }
            s.attributes.insert(a)
        }
        return s
    }

    /// NO_COLOR and colourless terminals: the theme's attributes only, so state still reads (bold, reverse).
    public func withoutColour() -> Theme {
        Theme(name: name, styles: styles.mapValues { Style(attributes: $0.attributes) })
    }
}
