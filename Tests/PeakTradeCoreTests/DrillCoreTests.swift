import Foundation
import Testing
import PeakTradeTestSupport
@testable import PeakTradeCore

@Suite struct DrillCoreTests {
    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func fileGuardRestoresAndVerifies() throws {
        let dir = TestPaths.scratch()
        let f = TestPaths.file("original\n", name: "a.txt", in: dir)
        let e = try FileGuard.entry(f, backupDir: dir.appendingPathComponent("backup").path)
        try Data("damaged\n".utf8).write(to: URL(fileURLWithPath: f))
        let created = dir.appendingPathComponent("copy.csv").path
        #expect(FileManager.default.createFile(atPath: created, contents: Data("x".utf8)))
        let report = try FileGuard.restore([e, FileGuard.Entry(path: created, sha256: nil, backup: nil)])
        #expect(try String(contentsOfFile: f, encoding: .utf8) == "original\n")
        #expect(!FileManager.default.fileExists(atPath: created))
        #expect(report[0].contains("verified (restored from backup)") && report[1].contains("removed"))
        let noBackup = try FileGuard.entry(f, backupDir: nil)
        try Data("changed".utf8).write(to: URL(fileURLWithPath: f))
        #expect(throws: PeakTradeError.self) { try FileGuard.restore([noBackup]) }
    }

    @Test func configOverlayWriterChangesOnlyTheKeys() throws {
        let text = "# comment\n[live_risk]\nenabled = true\nmax_order_notional = 5000.0 \n\n[live_alerts]\nsinks = [\"log\"]\n"
        let f = TestPaths.file(text, name: "c.toml")
        try ConfigOverlayWriter.set(["max_order_notional": "5.0", "max_daily_loss_abs": "1.0"], section: "live_risk", in: f)
        let out = try String(contentsOfFile: f, encoding: .utf8)
        #expect(out == "# comment\n[live_risk]\nmax_daily_loss_abs = 1.0\nenabled = true\nmax_order_notional = 5.0\n\n[live_alerts]\nsinks = [\"log\"]\n")
        let s = try ConfigLoader.load(path: f)
        #expect(s.liveRisk.maxOrderNotional == 5 && s.liveRisk.maxDailyLossAbs == 1)
    }

    @Test func runbookParserAndErrors() throws {
        let all = try Runbook.load(path: TestPaths.repositoryRoot.appendingPathComponent(Runbook.defaultPath).path)
        #expect(all.map(\.id) == ["data-gaps", "pnl-divergence", "risk-limit-violations", "alert-failures", "exchange-api-failure", "correlation-drift"])
        #expect(all.allSatisfy { $0.steps.count >= 4 })
        // Every scenario's runbook section exists.
        for s in DrillCatalogue.all { #expect(all.contains { $0.id == s.runbookSection }, "\(s.id)") }
        #expect(throws: PeakTradeError.self) { try Runbook.parse("## No id\n1. x\n", path: "r.md") }
        #expect(throws: PeakTradeError.badInput("r.md:1: runbook `a` has no numbered steps")) { try Runbook.parse("## `a` A\ntext\n", path: "r.md") }
    }

    @Test func scheduleRotatesMonthlyAndIsDueQuarterly() {
        var settings = Settings(root: TestPaths.scratch().path)
        settings.drills.workDir = TestPaths.scratch().path
        let rows = DrillSchedule.rows(settings: settings, now: UTCTime.parse("2026-03-15T00:00:00Z")!)
        #expect(rows.map(\.scenario) == DrillCatalogue.all.map(\.id))
        #expect(rows.filter(\.thisMonth).map(\.scenario) == ["risk_limit_breach"], "month 3 of 2026 → the third scenario")
        #expect(rows.allSatisfy { $0.status == "due (never run)" })
    }
}
