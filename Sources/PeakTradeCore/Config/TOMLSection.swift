import Foundation
import TOMLKit

/// Typed, validated reads from one TOML table. Every error names file, line (when the key can be located),
/// section, key, the bad value and what is valid; keys never read are reported as unknown.
struct TOMLSection {
    let name: String
    let table: TOMLTable?
    let source: ConfigSource
    private(set) var used: Set<String> = []

    init(name: String, table: TOMLTable?, source: ConfigSource) {
        self.name = name
        self.table = table
        self.source = source
    }

    func error(_ key: String, _ message: String) -> PeakTradeError {
        .config("\(source.location(section: name, key: key)): [\(name)] \(key) \(message)")
    }

    private mutating func raw(_ key: String) -> TOMLValueConvertible? {
        used.insert(key)
        return table?[key]
    }

    mutating func string(_ key: String, default def: String) throws -> String {
        guard let v = raw(key) else { return def }
        guard let s = v.string else { throw error(key, "= \(v.debugDescription) is not a string") }
        return try EnvExpansion.expand(s, onMissing: { name in
            error(key, "refers to environment variable ${\(name)}, which is not set")
        })
    }

    mutating func stringArray(_ key: String, default def: [String]) throws -> [String] {
        guard let v = raw(key) else { return def }
        guard let arr = v.array else { throw error(key, "= \(v.debugDescription) is not an array of strings") }
        return try arr.enumerated().map { i, item in
            guard let s = item.string else {
                throw error("\(key)[\(i)]", "= \(item.debugDescription) is not a string")
            }
            return try EnvExpansion.expand(s, onMissing: { name in
                error("\(key)[\(i)]", "refers to environment variable ${\(name)}, which is not set")
            })
        }
    }

    mutating func bool(_ key: String, default def: Bool) throws -> Bool {
        guard let v = raw(key) else { return def }
        guard let b = v.bool else { throw error(key, "= \(v.debugDescription) is not valid; valid: true, false") }
        return b
    }

    mutating func double(_ key: String, default def: Double, valid: String = "a number",
                         _ ok: (Double) -> Bool = { _ in true }) throws -> Double {
        guard let v = raw(key) else { return def }
        guard let d = v.double ?? v.int.map(Double.init), d.isFinite, ok(d) else {
            throw error(key, "= \(v.debugDescription) is not valid; expected \(valid)")
        }
        return d
    }

    mutating func int(_ key: String, default def: Int, valid: String = "an integer",
                      _ ok: (Int) -> Bool = { _ in true }) throws -> Int {
        guard let v = raw(key) else { return def }
        guard let i = v.int, ok(i) else { throw error(key, "= \(v.debugDescription) is not valid; expected \(valid)") }
        return i
    }

    mutating func choice<E: RawRepresentable & CaseIterable>(_ key: String, default def: E) throws -> E
    where E.RawValue == String {
        guard let v = raw(key) else { return def }
        let valid = E.allCases.map(\.rawValue).joined(separator: ", ")
        guard let s = v.string, let e = E(rawValue: s.lowercased()) else {
            throw error(key, "= \(v.debugDescription) is not valid; valid: \(valid)")
        }
        return e
    }

    mutating func severity(_ key: String, default def: Severity) throws -> Severity {
        guard let v = raw(key) else { return def }
        guard let s = v.string, let sev = Severity(name: s) else {
            throw error(key, "= \(v.debugDescription) is not valid; valid: \(Severity.validList)")
        }
        return sev
    }

    mutating func duration(_ key: String, default def: Int64) throws -> Int64 {
        guard let v = raw(key) else { return def }
        guard let s = v.string, let ms = Duration.parseMilliseconds(s), ms > 0 else {
            throw error(key, "= \(v.debugDescription) is not valid; expected a duration such as \"90s\", \"30m\", \"1h\", \"2d\"")
        }
        return ms
    }

    /// Warnings for keys present in the table that no reader asked for.
    func unknownKeyWarnings() -> [String] {
        guard let table else { return [] }
        return table.keys.sorted().filter { !used.contains($0) }.map { key in
            "\(source.location(section: name, key: key)): unknown key [\(name)] \(key) (ignored; known: \(used.sorted().joined(separator: ", ")))"
        }
    }
}

/// `${NAME}` and `${NAME:-default}` references in config strings, expanded at load time.
public enum EnvExpansion {
    public static func expand(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                              onMissing: (String) -> Error) throws -> String {
        guard text.contains("${") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { out += rest[open.lowerBound...]; return out }
            let body = rest[open.upperBound..<close]
            let parts = body.components(separatedBy: ":-")
            let name = parts[0]
            if let value = environment[name], !value.isEmpty {
                out += value
            } else if parts.count > 1 {
                out += parts.dropFirst().joined(separator: ":-")
            } else {
                throw onMissing(name)
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
