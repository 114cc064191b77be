import Foundation

/// For `--in-place` drills: sets keys of one section of a TOML file by rewriting their lines (adding them after
/// the section header when absent), keeping everything else byte for byte. The caller backs the file up first.
public enum ConfigOverlayWriter {
    public static func set(_ values: [String: String], section: String, in path: String) throws {
        let text = String(decoding: try FileBytes.read(path), as: UTF8.self)
        var lines = text.components(separatedBy: "\n")
        var current = ""
        var header: Int?
        var done = Set<String>()
        for i in lines.indices {
            let t = lines[i].trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("[") && !t.hasPrefix("[[") {
                current = t.dropFirst().prefix(while: { $0 != "]" }).trimmingCharacters(in: .whitespaces)
                if current == section { header = i }
                continue
            }
            guard current == section else { continue }
            for (k, v) in values where t.hasPrefix(k) && t.dropFirst(k.count).drop(while: { $0 == " " }).first == "=" {
                lines[i] = "\(k) = \(v)"
                done.insert(k)
            }
        }
        let missing = values.keys.filter { !done.contains($0) }.sorted()
        if !missing.isEmpty {
            let add = missing.map { "\($0) = \(values[$0]!)" }
            if let h = header { lines.insert(contentsOf: add, at: h + 1) } else { lines += ["", "[\(section)]"] + add }
        }
        try AtomicFile.write(lines.joined(separator: "\n"), to: URL(fileURLWithPath: path))
    }
}
