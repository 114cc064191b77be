/// The config file's path and text, used to point errors at the line of a key (TOMLKit gives positions
/// only for syntax errors, so keys are located by a small scan of the source).
struct ConfigSource {
    let path: String
    let lines: [Substring]

    init(path: String, text: String) {
        self.path = path
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    func location(section: String, key: String) -> String {
        guard let line = line(section: section, key: key) else { return path }
        return "\(path):\(line)"
    }

    /// 1-based line of `key` (without any `[i]` suffix) inside `[section]`, or of the section header.
    func line(section: String, key: String?) -> Int? {
        let bareKey = key.map { String($0.prefix(while: { $0 != "[" })) }
        var current = ""
        var headerLine: Int?
        for (i, raw) in lines.enumerated() {
            let t = raw.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("[") && !t.hasPrefix("[[") {
                current = t.dropFirst().prefix(while: { $0 != "]" }).trimmingCharacters(in: .whitespaces)
                if current == section { headerLine = i + 1 }
                continue
            }
            guard current == section, let k = bareKey, t.hasPrefix(k) else { continue }
            let after = t.dropFirst(k.count).drop(while: { $0 == " " || $0 == "\t" })
            if after.first == "=" { return i + 1 }
        }
        return headerLine
    }
}
