import Foundation
import Testing
import PeakTradeTestSupport
@testable import PeakTradeCore

/// The engine as the console drives it: progress for a live checklist, a manual answer from another thread,
/// and the operator's journaled actions in the drill log.
@Suite struct DrillEngineProgressTests {
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [DrillEngine.Progress] = []
        func add(_ p: DrillEngine.Progress) { lock.lock(); list.append(p); lock.unlock() }
        var all: [DrillEngine.Progress] { lock.lock(); defer { lock.unlock() }; return list }
    }

    @Test func progressTicksTheChecklistAndOperatorActionsReachTheLog() throws {
        let root = TestPaths.scratch()
        var settings = Settings(root: root.path)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
        for (sym, seed) in [("BTC/EUR", UInt64(42)), ("ETH/EUR", 43)] {
            let s = Fixtures.generated(bars: 400, seed: seed, symbol: sym)
            try CandleCSVWriter.write(s, to: settings.data.file(for: try Symbol(parsing: sym)))
        }
        settings.alerts.sinks = [.log]
        settings.alerts.fallbackSinks = [.log]
        let recorder = Recorder()
        let engine = DrillEngine(settings: settings, operatorName: "alice")
        let outcome = try engine.run(scenario: DataFaultScenario.gap, variant: nil, inPlace: false, prompt: { c in
            // What the console does when the operator types a note and confirms.
            guard case let .started(_, journal)? = recorder.all.first else { return nil }
            try? DrillJournal(path: journal, clock: SystemClock.now).append("operator_note", actor: "alice", ["text": "gap seen in chart"])
            return .confirmed(note: "gap seen in chart")
        }, progress: { recorder.add($0) })
        #expect(outcome.verdict == "PASS")
        let seen = recorder.all
        guard case let .started(runID, _)? = seen.first, case let .finished(o)? = seen.last else { Issue.record("no start/finish: \(seen)"); return }
        #expect(runID == outcome.runID && o.verdict == "PASS")
        let stages = seen.compactMap { p -> String? in if case let .stage(name, _, _) = p { return name } else { return nil } }
        #expect(stages == ["prepared", "injected", "observed", "cleanup", "restored"])
        let criteria = seen.compactMap { p -> String? in if case let .criterion(r) = p { return "\(r.criterion.id):\(r.status)" } else { return nil } }
        #expect(criteria == ["gap_detected:met", "gap_not_silent:met", "gap_in_backtest:met", "data_alert_logged:met", "operator_ack:met"])
        // The injected stage carries the engine's injection time, so live time-to-detect matches the final one.
        guard case let .stage(_, _, injectedAt)? = seen.first(where: { if case .stage("injected", _, _) = $0 { return true } else { return false } }) else { return }
        #expect(injectedAt == outcome.injectedAt)
        let log = try String(contentsOfFile: settings.drills.logPath, encoding: .utf8)
        #expect(log.contains("### Operator actions\n\n- ") && log.contains(" alice note: text=gap seen in chart"))
    }
}
