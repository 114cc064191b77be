import Foundation
import PeakTradeCore
@testable import PeakTradeConsole
import PeakTradeTestSupport
import PeakTradeTUI

/// A deterministic console: fixed clock, generated candles, the repository's themes, runbooks and scenarios.
enum ConsoleFixtures {
    static let now: Int64 = 1_764_000_000_000  // 2025-11-24T16:00:00Z
    static let btc = Symbol(base: "BTC", quote: "EUR"), eth = Symbol(base: "ETH", quote: "EUR")
    static let themesDir = TestPaths.repositoryRoot.appendingPathComponent("themes").path

    static func theme(_ name: String = "dark") -> Theme { try! Theme.load(name, dir: themesDir) }

    static func state(width: Int = 120, height: Int = 36, candles: Int = 300) -> ConsoleState {
        var market = MarketState(symbols: [btc, eth], timeframe: .h1)
        market.series[btc] = SampleCandleGenerator(symbol: btc, timeframe: .h1, bars: candles, seed: 42).generate()
        market.series[eth] = SampleCandleGenerator(symbol: eth, timeframe: .h1, bars: candles, seed: 43).generate()
        var s = ConsoleState(environment: .shadow, operatorName: "alice", now: now, theme: theme(), market: market,
                             feed: FeedState(mode: .replay, speed: 4))
        s.width = width; s.height = height
        s.scenarios = DrillCatalogue.all.map(ScenarioInfo.init)
        s.themes = Theme.available(in: themesDir)
        s.runbooks = try! Runbook.load(path: TestPaths.repositoryRoot.appendingPathComponent(Runbook.defaultPath).path)
        s.journalPath = "state/drills/console/test.jsonl"
        MarketUpdate.reshow(&s)
        s.feed.lastCandle = s.market.series[btc]!.time.last
        s.feed.lastReceived = now - 2000
        return s
    }

    /// Applies actions in order and collects every effect.
    @discardableResult
    static func run(_ s: inout ConsoleState, _ actions: [ConsoleAction]) -> [ConsoleEffect] {
        actions.flatMap { ConsoleUpdate.update(&s, $0) }
    }

    static func keys(_ text: String) -> [ConsoleAction] { text.map { .key(.char($0)) } }

    static func alert(_ severity: AlertSeverity, _ title: String, id: String, at: Int64 = now) -> Alert {
        Alert(id: id, severity: severity, source: "risk", title: title, message: "m", labels: [:], timestamp: at, environment: .shadow)
    }

    /// Compares a frame with `Snapshots/NAME.txt`; RECORD_SNAPSHOTS=1 writes the file instead.
    static func snapshot(_ buffer: Buffer, _ name: String) -> (matches: Bool, diff: String) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name).txt")
        let text = buffer.lines.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try! Data(text.utf8).write(to: url)
            return (true, "")
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else { return (false, "no snapshot \(url.path); record with RECORD_SNAPSHOTS=1") }
        if expected == text { return (true, "") }
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false), b = text.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
        return (false, "line \((first?.offset ?? min(a.count, b.count)) + 1):\n expected: \(first.map { String($0.element.0) } ?? "")\n actual:   \(first.map { String($0.element.1) } ?? "")")
    }
}
