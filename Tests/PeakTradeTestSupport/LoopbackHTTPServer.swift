import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 (a free port) whose answers are scripted per path, recording every
/// request so tests can count attempts and check bodies.
///
/// It runs on its own threads (one per connection, blocking sockets), not on Swift's cooperative pool: under
/// a full parallel test run that pool is busy with other tests, and a server living on it answered late.
/// Keep-alive, TCP_NODELAY, each reply in a single write (so no Nagle/delayed-ACK stalls).
public final class LoopbackHTTPServer: @unchecked Sendable {
    public enum Reply: Sendable {
        case status(Int, body: String = "", headers: [String: String] = [:])
        /// Accept the request and never answer (until the server stops).
        case hang
    }

    public struct Request: Sendable {
        public let path: String
        public let headers: [String: String]
        public let body: Data
        public let at: Date
        public var json: Any? { try? JSONSerialization.jsonObject(with: body) }
    }

    public let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var scripts: [String: [Reply]] = [:]
    private var received: [Request] = []
    private var stopped = false
    private var connections: [Int32] = []

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        guard bound == 0, listen(fd, 128) == 0 else { close(fd); throw PeakTradeTestError.socket("bind/listen on 127.0.0.1 failed") }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        listener = fd
        port = UInt16(bigEndian: addr.sin_port)
        let t = Thread { [self] in acceptLoop() }
        t.name = "loopback-http-accept"
        t.start()
    }

    public func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    /// Replies for `path` in order; the last one repeats. Unscripted paths get 200 "ok".
    public func script(_ path: String, _ replies: [Reply]) {
        lock.lock(); defer { lock.unlock() }
        scripts[path] = replies
    }

    public func requests(_ path: String? = nil) -> [Request] {
        lock.lock(); defer { lock.unlock() }
        return path.map { p in received.filter { $0.path == p } } ?? received
    }

    public var received_count: Int { requests().count }

    /// Closes the listener and every open connection (hanging requests end).
    /// Idempotent: closing the listener twice could close an unrelated descriptor that reused its number.
    public func stop() {
        lock.lock()
        guard !stopped else { lock.unlock(); return }
        stopped = true
        let open = connections
        lock.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for c in open { shutdown(c, Int32(SHUT_RDWR)) }
    }

    deinit { stop() }

    private var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 { if errno == EINTR { continue }; return }
            if isStopped { close(fd); return }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            lock.lock(); connections.append(fd); lock.unlock()
            let t = Thread { [self] in serve(fd) }
            t.name = "loopback-http-conn"
            t.start()
        }
    }

    private func reply(for request: Request) -> Reply {
        lock.lock(); defer { lock.unlock() }
        received.append(request)
        guard var list = scripts[request.path], !list.isEmpty else { return .status(200, body: "ok") }
        let r = list.removeFirst()
        scripts[request.path] = list.isEmpty ? [r] : list
        return r
    }

    private func serve(_ fd: Int32) {
        defer {
            lock.lock(); connections.removeAll { $0 == fd }; lock.unlock()
            close(fd)
        }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while !isStopped {
            var headerEnd: Int?
            var needed = Int.max
            var head = ""
            while true {
                if headerEnd == nil, let r = Self.find(buffer, [13, 10, 13, 10]) {
                    headerEnd = r + 4
                    head = String(decoding: buffer[0..<r], as: UTF8.self)
                    let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                        .flatMap { Int($0.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                    needed = r + 4 + length
                }
                if buffer.count >= needed { break }
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
            }
            let lines = head.split(separator: "\r\n").map(String.init)
            let target = lines.first?.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
            var headers: [String: String] = [:]
            for l in lines.dropFirst() {
                let kv = l.split(separator: ":", maxSplits: 1)
                if kv.count == 2 { headers[kv[0].lowercased()] = kv[1].trimmingCharacters(in: .whitespaces) }
            }
            let body = Data(buffer[headerEnd!..<needed])
            buffer.removeFirst(needed)
            let path = String(target.prefix { $0 != "?" })
            switch reply(for: Request(path: path, headers: headers, body: body, at: Date())) {
            case .hang:
                let until = Date().addingTimeInterval(60)
                while !isStopped && Date() < until { usleep(20_000) }
                return
            case let .status(code, text, extra):
                var response = "HTTP/1.1 \(code) Scripted\r\nContent-Length: \(text.utf8.count)\r\nContent-Type: text/plain\r\n"
                for (k, v) in extra { response += "\(k): \(v)\r\n" }
                response += "\r\n\(text)"
                let bytes = Array(response.utf8)
                var off = 0
                while off < bytes.count {
                    let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + off, bytes.count - off) }
                    if n <= 0 { return }
                    off += n
                }
            }
        }
    }

    static func find(_ hay: [UInt8], _ needle: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var i = 0
        while i <= hay.count - needle.count {
            if hay[i] == needle[0] && hay[i + 1] == needle[1] && hay[i + 2] == needle[2] && hay[i + 3] == needle[3] { return i }
            i += 1
        }
        return nil
    }
}

public enum PeakTradeTestError: Error { case socket(String) }
