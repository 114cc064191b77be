import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

public enum HTTPOutcome: Sendable {
    case response(status: Int, headers: [String: String], body: Data)
    case timeout
    case refused
    case unresolvable
    case transport(String)
}

/// Sends one POST and waits for the outcome, never longer than `timeout`.
public protocol HTTPPoster: Sendable {
    func post(_ url: URL, body: Data, headers: [String: String], timeout: Double) -> HTTPOutcome
}

/// FoundationNetworking's URLSession (libcurl underneath). No caches, no cookies, no proxies: alerts go
/// straight to their endpoint.
public final class URLSessionPoster: HTTPPoster, @unchecked Sendable {
    private let session: URLSession

    public init() {
        let config = URLSessionConfiguration.ephemeral
        config.requestCachePolicy = .reloadIgnoringLocalCacheData
        config.httpShouldSetCookies = false
        config.connectionProxyDictionary = [:]
        config.httpMaximumConnectionsPerHost = 4
        session = URLSession(configuration: config)
    }

    public func post(_ url: URL, body: Data, headers: [String: String], timeout: Double) -> HTTPOutcome {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = body
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let done = DispatchSemaphore(value: 0)
        let box = OutcomeBox()
        let task = session.dataTask(with: request) { data, response, error in
            if let http = response as? HTTPURLResponse {
                var h: [String: String] = [:]
                for (k, v) in http.allHeaderFields { h[String(describing: k).lowercased()] = String(describing: v) }
                box.value = .response(status: http.statusCode, headers: h, body: data ?? Data())
            } else {
                box.value = Self.classify(error)
            }
            done.signal()
        }
        task.resume()
        // FoundationNetworking rounds request timeouts to whole seconds; the configured timeout is enforced here.
        if done.wait(timeout: .now() + timeout) == .timedOut {
            task.cancel()
            return .timeout
        }
        return box.value ?? .transport("no response")
    }

    static func classify(_ error: Error?) -> HTTPOutcome {
        guard let e = error as? URLError else { return .transport(error.map { "\(type(of: $0))" } ?? "no response") }
        switch e.code {
        case .timedOut: return .timeout
        case .cannotConnectToHost, .networkConnectionLost, .notConnectedToInternet: return .refused
        case .cannotFindHost, .dnsLookupFailed: return .unresolvable
        default: return .transport("URL error \(e.code.rawValue)")
        }
    }

    private final class OutcomeBox: @unchecked Sendable { var value: HTTPOutcome? }
}
