import FlyingFox
import FlyingSocks
import Foundation

/// A real HTTP server on 127.0.0.1 (a free port) whose answers are scripted per path. It records every
/// request, so tests can count attempts and check bodies.
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

    private let server: HTTPServer
    private var task: Task<Void, Error>?
    private let lock = NSLock()
    private var scripts: [String: [Reply]] = [:]
    private var fallback: Reply = .status(200, body: "ok")
    private var received: [Request] = []
    public private(set) var port: UInt16 = 0

    public init() async throws {
        server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 120, logger: QuietLogger())
        let handler = Handler(owner: Weak(self))
        await server.appendRoute("*", to: handler)
        let s = server
        task = Task { try await s.run() }
        try await server.waitUntilListening()
        if case let .ip4(_, port)? = await server.listeningAddress { self.port = port }
    }

    public func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    /// Replies for `path` in order; the last one repeats.
    public func script(_ path: String, _ replies: [Reply]) {
        lock.lock(); defer { lock.unlock() }
        scripts[path] = replies
    }

    public func requests(_ path: String? = nil) -> [Request] {
        lock.lock(); defer { lock.unlock() }
        return path.map { p in received.filter { $0.path == p } } ?? received
    }

    public func stop() async {
        await server.stop(timeout: 0)
        task?.cancel()
    }

    fileprivate func reply(for request: Request) -> Reply {
        lock.lock(); defer { lock.unlock() }
        received.append(request)
        guard var list = scripts[request.path], !list.isEmpty else { return fallback }
        let r = list.removeFirst()
        scripts[request.path] = list.isEmpty ? [r] : list
        return r
    }

    private struct Weak: Sendable {
        weak var value: LoopbackHTTPServer?
        init(_ v: LoopbackHTTPServer) { value = v }
    }

    private struct Handler: HTTPHandler {
        let owner: Weak

        func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
            var headers: [String: String] = [:]
            for (k, v) in request.headers { headers[k.rawValue.lowercased()] = v }
            let body = try await request.bodyData
            guard let server = owner.value else { return HTTPResponse(statusCode: .internalServerError) }
            switch server.reply(for: Request(path: request.path, headers: headers, body: body, at: Date())) {
            case .hang:
                try await Task.sleep(nanoseconds: 60_000_000_000)
                return HTTPResponse(statusCode: .ok)
            case let .status(code, body, extra):
                var h = HTTPHeaders()
                for (k, v) in extra { h[HTTPHeader(k)] = v }
                return HTTPResponse(statusCode: HTTPStatusCode(code, phrase: "Scripted"), headers: h, body: Data(body.utf8))
            }
        }
    }
}

/// FlyingFox logs every connection by default; the tests' output should show test results.
struct QuietLogger: Logging {
    func logDebug(_ debug: @autoclosure () -> String) {}
    func logInfo(_ info: @autoclosure () -> String) {}
    func logWarning(_ warning: @autoclosure () -> String) {}
    func logError(_ error: @autoclosure () -> String) {}
    func logCritical(_ critical: @autoclosure () -> String) {}
}
