/// Text from data files, HTTP bodies or config can reach a terminal; strip what could drive it.
public enum TerminalText {
    /// Replaces C0/C1 control characters (ESC included) and DEL with U+FFFD, keeping tabs as spaces.
    public static func sanitize(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09: out.append(" ")
            case 0x00...0x1F, 0x7F...0x9F: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Quotes a value for an error message, sanitised and shortened so a garbage file cannot flood the screen.
    public static func quoted(_ text: String, limit: Int = 40) -> String {
        let clean = sanitize(text)
        if clean.count <= limit { return "\"\(clean)\"" }
        return "\"\(clean.prefix(limit))…\""
    }
}
