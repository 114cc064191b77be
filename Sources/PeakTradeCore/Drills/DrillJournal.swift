import Foundation

/// The drill's write-ahead record: one JSON object a line, appended and fsync'd before the action it
/// announces, so a drill killed at any point (kill -9 included) can be found and undone.
public final class DrillJournal: @unchecked Sendable {
    public let path: String
    private let clock: Clock
    private let lock = NSLock()

    public init(path: String, clock: @escaping Clock) {
        self.path = path
        self.clock = clock
    }

    /// Appends `{"time", "actor", "type", ...fields}`; throws when it cannot be made durable.
    public func append(_ type: String, actor: String = "engine", _ fields: [String: Any] = [:]) throws {
        var object = fields
        object["time"] = UTCTime.iso(clock())
        object["actor"] = actor
        object["type"] = type
        let line = String(decoding: AlertPayloads.jsonData(object), as: UTF8.self)
        lock.lock(); defer { lock.unlock() }
        try AtomicFile.createDirectory(URL(fileURLWithPath: path).deletingLastPathComponent())
        guard AppendOnlyFile.append([line], to: path, sync: true) else {
            throw PeakTradeError.io("\(path): cannot append to the drill journal")
        }
    }

    /// Every entry; a torn last line (a crash mid-write) is skipped.
    public static func read(_ path: String) -> [[String: Any]] {
        guard let bytes = try? FileBytes.read(path) else { return [] }
        return bytes.split(separator: 10).compactMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
    }
}

/// Protects the operator's files: a sha256 manifest before anything is touched, backups of files changed in
/// place, removal of copies the drill made, and verification that everything is back as it was.
public struct FileGuard: Sendable {
    public struct Entry: Sendable, Codable, Equatable {
        public var path: String
        /// nil: the file did not exist before (the drill created it; cleanup removes it).
        public var sha256: String?
        public var backup: String?
    }

    public static func entry(_ relative: String, backupDir: String?) throws -> Entry {
        // Absolute: a restore may run from another working directory.
        let path = URL(fileURLWithPath: relative).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: path) else { return Entry(path: path, sha256: nil, backup: nil) }
        let sum = try SHA256.file(path)
        var backup: String?
        if let backupDir {
            let name = "\(sum.prefix(12))-\(URL(fileURLWithPath: path).lastPathComponent)"
            let b = (backupDir as NSString).appendingPathComponent(name)
            try AtomicFile.write(Data(try FileBytes.read(path)), to: URL(fileURLWithPath: b))
            guard try SHA256.file(b) == sum else { throw PeakTradeError.io("\(b): backup does not match \(path)") }
            backup = b
        }
        return Entry(path: path, sha256: sum, backup: backup)
    }

    /// Puts every entry back (from its backup, or removes a file the drill created) and verifies it.
    /// Returns one line per file; throws when a file cannot be returned to its recorded checksum.
    public static func restore(_ entries: [Entry]) throws -> [String] {
        var report: [String] = []
        for e in entries {
            if let sum = e.sha256 {
                let current = try? SHA256.file(e.path)
                if current != sum {
                    guard let b = e.backup else { throw PeakTradeError.io("\(e.path): changed (sha256 \(current ?? "missing")) and no backup was recorded") }
                    try AtomicFile.write(Data(try FileBytes.read(b)), to: URL(fileURLWithPath: e.path))
                }
                let after = try SHA256.file(e.path)
                guard after == sum else { throw PeakTradeError.io("\(e.path): sha256 \(after) after restore, expected \(sum)") }
                report.append("\(e.path): sha256 \(sum.prefix(16))… verified\(current == sum ? "" : " (restored from backup)")")
            } else if FileManager.default.fileExists(atPath: e.path) {
                try FileManager.default.removeItem(atPath: e.path)
                report.append("\(e.path): created by the drill, removed")
            } else {
                report.append("\(e.path): absent, as before")
            }
        }
        return report
    }
}
