import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 receiver on 127.0.0.1 for the delivery benchmark: keep-alive, TCP_NODELAY, the whole
/// response in one write — what a well-behaved webhook endpoint does. (FlyingFox, used by the tests, writes
/// responses in pieces without TCP_NODELAY, so each keep-alive request waits ~40 ms for a delayed ACK.)
final class TinyHTTPReceiver: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var count = 0

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &len) } }
        port = UInt16(bigEndian: addr.sin_port)
        guard bound == 0, listen(listener, 64) == 0 else { throw PeakTradeBenchError.socket }
        let t = Thread { [self] in acceptLoop() }
        t.start()
    }

    var received: Int {
        lock.lock(); defer { lock.unlock() }
        return count
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 { return }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            Thread { [self] in serve(fd) }.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        let response = Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok".utf8)
        while true {
            // One request: headers up to CRLFCRLF, then Content-Length bytes of body.
            var headerEnd: Int?
            var needed = Int.max
            while true {
                if headerEnd == nil, let r = find(buffer, [13, 10, 13, 10]) {
                    headerEnd = r + 4
                    let head = String(decoding: buffer[0..<r], as: UTF8.self).lowercased()
                    let cl = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    needed = r + 4 + (cl.flatMap { Int($0.dropFirst(15).trimmingCharacters(in: .whitespaces)) } ?? 0)
                }
                if buffer.count >= needed { break }
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
            }
            buffer.removeFirst(needed)
            lock.lock(); count += 1; lock.unlock()
            if response.withUnsafeBytes({ write(fd, $0.baseAddress!, $0.count) }) < 0 { return }
        }
    }

    private func find(_ hay: [UInt8], _ needle: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<i + needle.count]) == needle { return i }
        return nil
    }
}

enum PeakTradeBenchError: Error { case socket }
