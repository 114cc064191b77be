import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A free TCP port on 127.0.0.1 (bound, read, released).
public func freeLoopbackPort() -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = 0
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
    _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
    return UInt16(bigEndian: addr.sin_port)
}

/// A plain blocking GET (test helper; never used against anything but loopback).
public func httpGet(_ url: URL, timeout: Double = 5) -> (status: Int, body: Data)? {
    let done = DispatchSemaphore(value: 0)
    final class Box: @unchecked Sendable { var v: (Int, Data)? }
    let box = Box()
    var req = URLRequest(url: url)
    req.timeoutInterval = timeout
    URLSession.shared.dataTask(with: req) { data, resp, _ in
        if let h = resp as? HTTPURLResponse { box.v = (h.statusCode, data ?? Data()) }
        done.signal()
    }.resume()
    _ = done.wait(timeout: .now() + timeout + 1)
    return box.v
}

/// A real Alertmanager (Debian's prometheus-alertmanager) on a loopback port, for the duration of a test.
public final class AlertmanagerProcess: @unchecked Sendable {
    public static let binary = "/usr/bin/prometheus-alertmanager"
    public static var available: Bool { FileManager.default.isExecutableFile(atPath: binary) }
    public static let skipReason = "prometheus-alertmanager is not installed (scripts/test.sh installs it): real Alertmanager test skipped"

    public let port: UInt16
    private let process = Process()

    public init(dir: URL) throws {
        port = freeLoopbackPort()
        let cfg = dir.appendingPathComponent("alertmanager.yml")
        try "route:\n  receiver: blackhole\n  group_wait: 1s\nreceivers:\n  - name: blackhole\n".write(to: cfg, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["--config.file=\(cfg.path)", "--storage.path=\(dir.appendingPathComponent("data").path)",
                             "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=", "--log.level=warn"]
        let log = FileHandle(forWritingAtPath: "/dev/null")
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    public var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Blocks until `/-/ready` answers 200 (or the timeout passes).
    public func waitReady(timeout: Double = 20) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if httpGet(url.appendingPathComponent("-/ready"), timeout: 1)?.status == 200 { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    public func stop() {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
    }

    deinit { stop() }
}
