import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Alertmanager's own health endpoint: a GET that creates nothing.
public enum AlertmanagerProbe {
    /// nil when `GET <base>/-/healthy` answers 200, otherwise the (redacted) reason.
    public static func healthy(_ base: URL, timeout: Double) -> String? {
        let url = base.appendingPathComponent("-/healthy")
        var req = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        req.httpMethod = "GET"
        let done = DispatchSemaphore(value: 0)
        final class Box: @unchecked Sendable { var result: String? = "no answer" }
        let box = Box()
        let task = URLSession.shared.dataTask(with: req) { _, resp, error in
            if let h = resp as? HTTPURLResponse { box.result = h.statusCode == 200 ? nil : "GET /-/healthy answered HTTP \(h.statusCode)" }
            else {
                switch URLSessionPoster.classify(error) {
                case .refused: box.result = "connection refused"
                case .unresolvable: box.result = "host not resolvable"
                case .timeout: box.result = "timed out"
                default: box.result = "not reachable"
                }
            }
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeout) == .timedOut {
            task.cancel()
            return "timed out after \(fmt(timeout)) s"
        }
        return box.result
    }
}
