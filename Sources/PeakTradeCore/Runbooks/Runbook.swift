import Foundation

/// A runbook section parsed from markdown: `## \`id\` Title` followed by a numbered list of steps.
public struct Runbook: Sendable, Equatable {
    public var id: String
    public var title: String
    public var steps: [String]
    /// 1-based line of the heading in the file.
    public var line: Int

    public static let defaultPath = "docs/runbooks/RUNBOOKS_AND_INCIDENT_HANDLING.md"

    public static func parse(_ text: String, path: String) throws -> [Runbook] {
        var out: [Runbook] = []
        var current: Runbook?
        for (i, raw) in text.components(separatedBy: "\n").enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("## ") {
                if let c = current { out.append(c) }
                let heading = line.dropFirst(3)
                guard heading.hasPrefix("`"), let close = heading.dropFirst().firstIndex(of: "`") else {
                    throw PeakTradeError.badInput("\(path):\(i + 1): runbook heading must start with an id in backticks: ## `id` Title")
                }
                let id = String(heading[heading.index(after: heading.startIndex)..<close])
                let title = heading[heading.index(after: close)...].trimmingCharacters(in: .whitespaces)
                current = Runbook(id: id, title: title, steps: [], line: i + 1)
            } else if var c = current, let dot = line.firstIndex(of: "."), line[..<dot].allSatisfy(\.isNumber), !line[..<dot].isEmpty {
                c.steps.append(line[line.index(after: dot)...].trimmingCharacters(in: .whitespaces))
                current = c
            }
        }
        if let c = current { out.append(c) }
        if let empty = out.first(where: { $0.steps.isEmpty }) {
            throw PeakTradeError.badInput("\(path):\(empty.line): runbook `\(empty.id)` has no numbered steps")
        }
        return out
    }

    public static func load(path: String) throws -> [Runbook] {
        try parse(String(decoding: try FileBytes.read(path), as: UTF8.self), path: path)
    }

    public static func find(_ id: String, path: String) throws -> Runbook {
        let all = try load(path: path)
        guard let r = all.first(where: { $0.id == id }) else {
            throw PeakTradeError.usage("runbook \"\(id)\" is not in \(path); valid: \(all.map(\.id).joined(separator: ", "))")
        }
        return r
    }
}
