import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Alerts that no remote sink could deliver, one JSON object a line, fsync'd on every append. Redelivery
/// rewrites the file atomically (temp + fsync + rename) under the same flock, keeping entries added meanwhile
/// and any line it cannot parse, so nothing is ever lost.
public final class AlertSpool: @unchecked Sendable {
    public struct Entry: Codable, Sendable, Equatable {
        public var alert: Alert
        /// The sink that should still receive it (`webhook[0]`); never a URL.
        public var sink: String
        public var spooledAt: String
        public var attempts: Int
        public var lastError: String

        public init(alert: Alert, sink: String, spooledAt: String, attempts: Int, lastError: String) {
            self.alert = alert
            self.sink = sink
            self.spooledAt = spooledAt
            self.attempts = attempts
            self.lastError = lastError
        }

        enum CodingKeys: String, CodingKey { case alert, sink, spooledAt = "spooled_at", attempts, lastError = "last_error" }

        var key: String { "\(alert.id)\u{1}\(sink)" }
    }

    public struct Contents: Sendable {
        public var entries: [Entry]
        /// Lines that could not be parsed (a torn write after a power loss); kept in the file, never dropped.
        public var unreadableLines: Int
    }

    public let path: String

    public init(path: String) { self.path = path }

    @discardableResult
    public func append(_ entries: [Entry]) -> Bool {
        guard !entries.isEmpty else { return true }
        try? AtomicFile.createDirectory(URL(fileURLWithPath: path).deletingLastPathComponent())
        let lines = entries.compactMap { try? JSONEncoder.sorted.encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        // Same lock as the rewrite in `redeliver`: an append can never fall between its read and its rename.
        return withLock { AppendOnlyFile.append(lines, to: path, sync: true) }
    }

    public func read() -> Contents {
        withLock { readUnlocked().contents }
    }

    /// Offers each entry (optionally only those for `sinks`) to `deliver`; removes the ones it accepts.
    /// Returns (delivered, remaining for those sinks).
    @discardableResult
    public func redeliver(sinks: Set<String>? = nil, deliver: (Entry) -> Bool) -> (delivered: Int, remaining: Int) {
        let snapshot = read().entries.filter { sinks == nil || sinks!.contains($0.sink) }
        guard !snapshot.isEmpty else { return (0, 0) }
        var done = Set<String>()
        for e in snapshot where deliver(e) { done.insert(e.key) }
        guard !done.isEmpty else { return (0, snapshot.count) }
        withLock {
            let current = readUnlocked()
            var keep: [String] = current.unparsed
            for e in current.contents.entries where !done.contains(e.key) {
                if let d = try? JSONEncoder.sorted.encode(e) { keep.append(String(decoding: d, as: UTF8.self)) }
            }
            let text = keep.isEmpty ? "" : keep.joined(separator: "\n") + "\n"
            try? AtomicFile.write(text, to: URL(fileURLWithPath: path))
        }
        return (done.count, snapshot.count - done.count)
    }

    /// Size of the spool file (no parse).
    public var bytes: Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    /// Number of entries and bytes (for status lines).
    public var size: (entries: Int, bytes: Int) { (read().entries.count, bytes) }

    private func readUnlocked() -> (contents: Contents, unparsed: [String]) {
        guard let bytes = try? FileBytes.read(path) else { return (Contents(entries: [], unreadableLines: 0), []) }
        var entries: [Entry] = []
        var unparsed: [String] = []
        let decoder = JSONDecoder()
        for line in bytes.split(separator: 10, omittingEmptySubsequences: true) {
            if let e = try? decoder.decode(Entry.self, from: Data(line)) { entries.append(e) }
            else { unparsed.append(String(decoding: line, as: UTF8.self)) }
        }
        return (Contents(entries: entries, unreadableLines: unparsed.count), unparsed)
    }

    /// An exclusive flock on a sibling lock file: the spool itself is replaced by rename during redelivery.
    private func withLock<T>(_ body: () -> T) -> T {
        try? AtomicFile.createDirectory(URL(fileURLWithPath: path).deletingLastPathComponent())
        let fd = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if fd >= 0 { flock(fd, LOCK_EX) }
        defer { if fd >= 0 { flock(fd, LOCK_UN); close(fd) } }
        return body()
    }
}
