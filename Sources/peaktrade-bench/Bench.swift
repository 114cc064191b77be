import Foundation
import PeakTradeCore
import PeakTradeTestSupport

/// Benchmarks that need more than one command: `swift run -c release peaktrade-bench alerts`.
/// (The data-check benchmark is the real command; see scripts/bench-data-check.sh.)
@main
struct Bench {
    static func main() async throws {

        let args = CommandLine.arguments.dropFirst()
        switch args.first {
        case "alerts": try await alerts(Int(args.dropFirst().first ?? "") ?? 500_000)
        default:
            say("usage: peaktrade-bench alerts [N]")
            exit(64)
        }
    }

    /// Unbuffered, so progress shows even when the output is a pipe.
    static func say(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }

    static func ms(_ from: UInt64, _ to: UInt64) -> Double { Double(to - from) / 1e6 }

    static func alerts(_ n: Int) async throws {
        let dir = TestPaths.scratch("bench")
        say("alert pipeline, \(System.coreCount) cores")

        // 1. Delivery rate (first: the black-holed run below keeps both cores busy spooling afterwards) to a healthy loopback webhook.
        let ok = try TinyHTTPReceiver()
        var h = AlertSettings(root: dir.appendingPathComponent("healthy").path)
        h.sinks = [.webhook]
        // BENCH_WEBHOOK_URL points the delivery run at another loopback server (to compare servers).
        h.webhookURLs = [ProcessInfo.processInfo.environment["BENCH_WEBHOOK_URL"].flatMap(URL.init(string:)) ?? URL(string: "http://127.0.0.1:\(ok.port)/hook")!]
        let m = min(n, Int(ProcessInfo.processInfo.environment["BENCH_DELIVERIES"] ?? "") ?? 3_000)
        let devNull = open("/dev/null", O_WRONLY)
        let healthy = AlertDispatcher(settings: h, environment: .shadow, stderrFD: devNull)
        let d0 = DispatchTime.now().uptimeNanoseconds
        for a in makeAlerts(m) { healthy.dispatch(a) }
        let drained = await offPool { healthy.drain(timeout: 120) }
        let d1 = DispatchTime.now().uptimeNanoseconds
        say(String(format: "  delivery to a healthy loopback webhook: %d alerts in %.0f ms = %.0f alerts/s (drained: %@, receiver counted %d)",
                     m, ms(d0, d1), Double(m) / (Double(d1 - d0) / 1e9), drained ? "yes" : "NO", ok.received))
        // 2. Enqueue rate while the only remote sink is a black hole (accepts, never answers).
        let hole = try await LoopbackHTTPServer()
        hole.script("/hole", [.hang])
        var s = AlertSettings(root: dir.path)
        s.sinks = [.webhook]
        s.webhookURLs = [hole.url("/hole")]
        s.timeoutSeconds = 5
        s.dedupWindowSeconds = 60
        // Fallback copies of failed alerts go to a log file and /dev/null, not this terminal.
        let d = AlertDispatcher(settings: s, environment: .shadow, stderrFD: devNull)
        let alerts = makeAlerts(n)
        var latencies = [UInt64](repeating: 0, count: n)
        let t0 = DispatchTime.now().uptimeNanoseconds
        for (k, a) in alerts.enumerated() {
            let a0 = DispatchTime.now().uptimeNanoseconds
            d.dispatch(a)
            latencies[k] = DispatchTime.now().uptimeNanoseconds - a0
        }
        let t1 = DispatchTime.now().uptimeNanoseconds
        let rate = Double(n) / (Double(t1 - t0) / 1e9)
        latencies.sort()
        let p = { (q: Double) in Double(latencies[min(n - 1, Int(Double(n) * q))]) / 1e3 }
        say(String(format: "  enqueue, webhook black-holed: %d alerts in %.1f ms = %.0f alerts/s; dispatch latency p50 %.2f µs, p99 %.2f µs, p99.99 %.1f µs, max %.1f µs",
                     n, ms(t0, t1), rate, p(0.5), p(0.99), p(0.9999), Double(latencies[n - 1]) / 1e3))

        exit(0)  // the black-holed worker still holds its queue; nothing to wait for
    }

    static func makeAlerts(_ n: Int) -> [Alert] {
        (0..<n).map { i in
            Alert(id: "bench-\(i)", severity: .warning, source: "bench", title: "alert \(i % 1000)", message: "value \(i)",
                  labels: ["i": String(i)], timestamp: 1_700_000_000_000 + Int64(i), environment: .shadow)
        }
    }
}
