import Foundation
import PeakTradeCore
import PeakTradeTestSupport
import PeakTradeConsole
import PeakTradeTUI

/// Benchmarks that need more than one command: `swift run -c release peaktrade-bench alerts`.
/// (The data-check benchmark is the real command; see scripts/bench-data-check.sh.)
@main
struct Bench {
    static func main() async throws {

        let args = CommandLine.arguments.dropFirst()
        switch args.first {
        case "alerts": try await alerts(Int(args.dropFirst().first ?? "") ?? 500_000)
        case "risk": risk(Int(args.dropFirst().first ?? "") ?? 100_000)
        case "research": try research()
        case "render": render()
        default:
            say("usage: peaktrade-bench alerts [N] | risk [BATCH] | research | render")
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
        let ok = try LoopbackHTTPServer()
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
                     m, ms(d0, d1), Double(m) / (Double(d1 - d0) / 1e9), drained ? "yes" : "NO", ok.requests().count))
        // 2. Enqueue rate while the only remote sink is a black hole (accepts, never answers).
        let hole = try LoopbackHTTPServer()
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

    /// Order checks per second: batches of realistic mixed orders (four symbols, both sides, a few violations)
    /// against a portfolio with open positions.
    static func risk(_ batch: Int) {
        let symbols = ["BTC/EUR", "ETH/EUR", "SOL/EUR", "LTC/EUR"].map { try! Symbol(parsing: $0) }
        let prices = [60_000.0, 3_000, 150, 80]
        var rng = SplitMix64(seed: 7)
        var p = PaperPortfolio(initialCash: 1_000_000, now: 1_767_225_600_000)
        for (s, px) in zip(symbols, prices) {
            p.fill(Order(timestamp: 0, symbol: s, side: .buy, quantity: 1_000 / px, price: px), slippageBps: 0, feeBps: 0, now: 0)
        }
        for run in [50, 1] { riskBatch(batch, run: run, symbols: symbols, prices: prices, portfolio: p, rng: &rng) }
    }

    /// `run`: orders per symbol before the next symbol (50 ≈ a grouped signal file, 1 = fully interleaved).
    static func riskBatch(_ batch: Int, run: Int, symbols: [Symbol], prices: [Double], portfolio p: PaperPortfolio, rng: inout SplitMix64) {
        let orders = (0..<batch).map { i -> Order in
            let k = (i / run) % symbols.count
            let notional = 100 + rng.nextDouble() * 6_000
            return Order(timestamp: 0, symbol: symbols[k], side: rng.nextDouble() < 0.5 ? .buy : .sell,
                         quantity: notional / prices[k], price: prices[k])
        }
        let limits = LiveRiskLimits(settings: LiveRiskSettings())
        var best = Double.infinity
        var blocked = 0
        for _ in 0..<10 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let r = limits.checkOrders(orders, portfolio: p, enforce: true)
            let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            best = min(best, dt)
            blocked = r.blocked
        }
        say(String(format: "risk checks, symbol runs of %d: batch of %d orders in %.2f ms (best of 10) = %.2f M orders/s; %d blocked",
                   run, batch, best * 1000, Double(batch) / best / 1e6, blocked))
    }

    /// One strategy over 1,000,000 bars; a 3-leg preset over the bundled two years of hourly bars; a
    /// 200-variant robustness study on all cores.
    static func research() throws {
        let series = SampleCandleGenerator(symbol: try Symbol(parsing: "BTC/EUR"), timeframe: .m1, bars: 1_000_000, seed: 42).generate()
        for name in ["ma_crossover", "rsi_reversion", "breakout", "momentum"] {
            var best = Double.infinity
            var trades = 0
            for _ in 0..<5 {
                let t0 = DispatchTime.now().uptimeNanoseconds
                let r = try Backtester.run(series, spec: StrategySpec(name: name), model: ExecutionModel(), initialCash: 10_000, timeframe: .m1)
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
                trades = r.trades.count
            }
            say(String(format: "  %@ over 1,000,000 bars: %.1f ms (best of 5) = %.1f M bars/s (%d trades)", name, best * 1000, 1 / best, trades))
        }
        let settings = try ConfigLoader.load(path: TestPaths.repositoryRoot.appendingPathComponent("config/config.toml").path)
        let preset = try PortfolioPreset.load("multi_style_moderate", path: settings.research.presetsPath)
        let t0 = DispatchTime.now().uptimeNanoseconds
        let data = try PortfolioRun.loadData(preset, settings: settings)
        let t1 = DispatchTime.now().uptimeNanoseconds
        var best = Double.infinity
        for _ in 0..<5 {
            let a = DispatchTime.now().uptimeNanoseconds
            _ = try PortfolioRun.run(preset, data: data, model: settings.research.model, initialCash: 10_000)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - a) / 1e9)
        }
        say(String(format: "  multi_style_moderate (3 legs × %d hourly bars): load + data checks %.1f ms, run %.1f ms (best of 5)",
                   data[0].series.count, Double(t1 - t0) / 1e6, best * 1000))
        let r0 = DispatchTime.now().uptimeNanoseconds
        let study = try RobustnessStudy.run(preset, data: data, model: settings.research.model, initialCash: 10_000, variants: 200)
        let r1 = DispatchTime.now().uptimeNanoseconds
        say(String(format: "  robustness, %d variants + %d walk-forward splits + %d bootstrap samples on %d cores: %.0f ms",
                   study.variants.count, study.walkForward.count, study.bootstrapSamples, System.coreCount, Double(r1 - r0) / 1e6))
    }

    /// The console's full 200×50 frame (header, chart over 1,000,000 loaded candles, risk gauges, 200 alerts, a
    /// drill checklist, hint and status lines) rendered and diffed against the previous frame, the chart
    /// scrolled by one candle each time; then a live candle appended to the million before each frame.
    static func render() {
        let btc = try! Symbol(parsing: "BTC/EUR")
        var market = MarketState(symbols: [btc], timeframe: .m1)
        // Owned by the state alone, as in the console (a second reference would make appends copy).
        market.series[btc] = SampleCandleGenerator(symbol: btc, timeframe: .m1, bars: 1_000_000, seed: 42).generate()
        let theme = try! Theme.load("dark", dir: "themes")
        var state = ConsoleState(environment: .shadow, operatorName: "bench", now: 1_764_000_000_000, theme: theme, market: market,
                                 feed: FeedState(mode: .replay, speed: 4))
        state.width = 200; state.height = 50
        state.scenarios = DrillCatalogue.all.map(ScenarioInfo.init)
        for i in 0..<200 {
            _ = ConsoleUpdate.update(&state, .event(OpsEvent(time: 0, kind: .alertRaised(Alert(id: "a\(i)", severity: i % 7 == 0 ? .critical : .warning, source: "risk",
                title: "alert \(i)", message: "m", labels: [:], timestamp: 1_764_000_000_000 + Int64(i) * 1000, environment: .shadow)))))
        }
        var risk = RiskState()
        risk.preset = "multi_style_moderate"
        risk.utilisation = [0.2, 0.5, 0.85, 1.1].enumerated().map { LimitUtilisation(limit: "limit \($0.offset)", used: $0.element * 100, max: 100, warningThreshold: 0.8) }
        _ = ConsoleUpdate.update(&state, .shadow(risk))
        _ = ConsoleUpdate.update(&state, .key(.char("d")))
        _ = ConsoleUpdate.update(&state, .key(.enter))
        _ = ConsoleUpdate.update(&state, .key(.char("y")))
        _ = ConsoleUpdate.update(&state, .key(.char("G")))  // shows the series
        func measure(_ label: String, _ step: (Int) -> Void) {
            var previous = ConsoleView.render(state)
            var times: [Double] = []
            for k in 0..<200 {
                let t0 = DispatchTime.now().uptimeNanoseconds
                step(k)
                let b = ConsoleView.render(state)
                let changes = b.diff(from: previous)
                previous = b
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                if changes.isEmpty { say("no changes?") }
            }
            times.sort()
            say(String(format: "%@: median %.2f ms, p95 %.2f ms, max %.2f ms (200 frames)", label, times[100], times[190], times[199]))
        }
        measure("console frame 200×50, 1,000,000 candles, render + diff (scrolling)") { k in state.market.offset = k + 1 }
        var last = state.market.series[btc]!.time.last!
        measure("console frame 200×50, 1,000,000 candles, append a live candle + render + diff") { _ in
            state.market.offset = 0
            last += 60_000
            _ = ConsoleUpdate.update(&state, .candles(btc, [Candle(time: last, open: 1, high: 2, low: 1, close: 2, volume: 1)], receivedAt: last))
        }
    }

    static func makeAlerts(_ n: Int) -> [Alert] {
        (0..<n).map { i in
            Alert(id: "bench-\(i)", severity: .warning, source: "bench", title: "alert \(i % 1000)", message: "value \(i)",
                  labels: ["i": String(i)], timestamp: 1_700_000_000_000 + Int64(i), environment: .shadow)
        }
    }
}
