import Foundation
import Testing
import PeakTradeCore
@testable import PeakTradeConsole
import PeakTradeTUI

/// Whole frames rendered into buffers and compared with the text snapshots in Snapshots/.
@Suite struct ConsoleViewTests {
    typealias F = ConsoleFixtures

    /// A console mid-drill: candles with a flagged one, risk in warning, alerts, the checklist half ticked.
    static func busy() -> ConsoleState {
        var s = F.state()
        let series = s.market.series[F.btc]!
        let flaggedAt = series.time[280]
        F.run(&s, [.findings([FindingEntry(symbol: F.btc, source: "feed", file: "data/BTC_EUR-1h.csv",
                                           finding: Finding(kind: .outlier, severity: .critical, start: flaggedAt, end: flaggedAt, count: 1, rows: [282],
                                                            message: "close 10.0x the previous close"), seenAt: F.now)])])
        var r = RiskState()
        r.preset = "multi_style_moderate"
        r.utilisation = [LimitUtilisation(limit: "max_order_notional", used: 4200, max: 5000, warningThreshold: 0.8),
                         LimitUtilisation(limit: "max_total_exposure_notional", used: 12000, max: 50000, warningThreshold: 0.8),
                         LimitUtilisation(limit: "max_symbol_exposure_notional", used: 26000, max: 25000, warningThreshold: 0.8),
                         LimitUtilisation(limit: "max_daily_loss_abs", used: 120, max: 1000, warningThreshold: 0.8)]
        r.allowed = 41; r.blocked = 2; r.equity = 10_250.5; r.initialCash = 10_000; r.fees = 31.2
        r.positions = "L1 BTC/EUR=0.1;L2 ETH/EUR=0"
        r.reasons = ["2025-11-24 14:00 BTC/EUR buy: SYMBOL_EXPOSURE_EXCEEDS_MAX"]
        F.run(&s, [.shadow(r),
                   .event(OpsEvent(time: F.now, kind: .alertRaised(F.alert(.warning, "risk limit warning: max_order_notional", id: "a1", at: F.now - 60_000)))),
                   .event(OpsEvent(time: F.now, kind: .alertRaised(F.alert(.critical, "orders blocked by live risk limits", id: "a2")))),
                   .event(OpsEvent(time: F.now, kind: .alertDelivered(alertID: "a2", sink: "log", attempts: 1, milliseconds: 2)))])
        F.run(&s, [.key(.char(":"))] + F.keys("drill run data_gap") + [.key(.enter), .key(.char("y"))])
        F.run(&s, [.drill(.started(runID: "20251124T160000Z-data_gap", journalPath: "/j")),
                   .drill(.stage("prepared", detail: "2 copies", at: F.now)), .drill(.stage("injected", detail: "gap", at: F.now + 10)),
                   .drill(.criterion(DrillEngine.CriterionResult(criterion: DataFaultScenario.gap.criteria[0], metAt: F.now + 90, status: "met"))),
                   .drillPrompt(criterionID: "operator_ack"), .tick(now: F.now + 4000)])
        return s
    }

    func expectSnapshot(_ b: Buffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let r = F.snapshot(b, name)
        #expect(r.matches, "\(name): \(r.diff)", sourceLocation: sourceLocation)
    }

    @Test func fullFrameMidDrill() {
        let b = ConsoleView.render(Self.busy())
        expectSnapshot(b, "mid-drill-120x36")
        let text = b.lines.joined(separator: "\n")
        #expect(text.contains(" SHADOW ") && text.contains("drill data_gap: waiting: operator_ack"))
        #expect(text.contains("✖"))  // the flagged candle is marked in the chart
        // Colours carry state: the breached gauge and the critical alert use the theme's roles.
        let t = F.theme()
        let row = b.lines.firstIndex { $0.contains("symbol exposu") }!
        let col = Array(b.lines[row]).firstIndex(of: "█")!
        #expect(b[b.lines[row].prefix(col).count, row].style == t[.breach])
    }

    @Test func helpOverlayComesFromTheKeyTable() {
        var s = F.state(width: 100, height: 40)
        F.run(&s, [.key(.char("?"))])
        let b = ConsoleView.render(s)
        expectSnapshot(b, "help-100x40")
        let text = b.lines.joined(separator: "\n")
        for binding in KeyMap.bindings where binding.pane == nil { #expect(text.contains(binding.description.prefix(30))) }
        // Longer than the screen: it scrolls to the last section.
        #expect(!text.contains("skip the current step"))
        F.run(&s, Array(repeating: .key(.char("j")), count: 30))
        #expect(ConsoleView.render(s).lines.joined().contains("skip the current step"))
        F.run(&s, [.key(.escape)])
        #expect(s.overlay == nil && s.helpScroll == 0)
    }

    @Test func tooSmallSaysSo() {
        var s = F.state(width: 60, height: 20)
        F.run(&s, [.resize(width: 60, height: 20)])
        let b = ConsoleView.render(s)
        expectSnapshot(b, "too-small-60x20")
        F.run(&s, [.resize(width: 80, height: 24)])
        #expect(ConsoleView.render(s).lines[0].contains("SHADOW"))
    }

    @Test func asciiFallbackAndLiveBanner() {
        var s = Self.busy()
        s.unicode = false
        s.environment = .live
        let b = ConsoleView.render(s)
        expectSnapshot(b, "ascii-live-120x36")
        #expect(b.lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
        #expect(b.lines[0].contains("## LIVE - REAL ORDERS ##"))
        #expect(b[0, 0].style == F.theme()[.bannerLive])
    }

    @Test func untrustedTextIsSanitised() {
        var s = F.state()
        F.run(&s, [.event(OpsEvent(time: F.now, kind: .alertRaised(F.alert(.critical, "evil\u{1b}]0;pwned\u{7}\u{1b}[2J title", id: "x"))))])
        let text = ConsoleView.render(s).lines.joined()
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 } && text.contains("title"))
    }

    @Test func everyBundledThemeLoadsAndBadThemesAreNamed() throws {
        for name in ["dark", "light", "high-contrast", "monochrome"] {
            let t = F.theme(name)
            #expect(t.styles.count == Theme.Role.allCases.count)
        }
        #expect(F.theme("monochrome").styles.values.allSatisfy { $0.fg == .default && $0.bg == .default })
        #expect(F.theme("dark").withoutColour().styles.values.allSatisfy { $0.fg == .default && $0.bg == .default })
        #expect(throws: PeakTradeError.self) { try Theme.load("pink", dir: F.themesDir) }
        do { _ = try Theme.load("pink", dir: F.themesDir) } catch { #expect("\(error)".contains("valid: dark, high-contrast, light, monochrome")) }
        let dark = try String(contentsOfFile: F.themesDir + "/dark.toml", encoding: .utf8)
        func message(_ text: String) -> String { do { _ = try Theme.parse(text, name: "t", path: "t.toml"); return "" } catch { return "\(error)" } }
        #expect(message(dark.replacingOccurrences(of: "chart_up = \"green\"", with: "chart_up = \"greenish\"")).contains("t.toml:22: chart_up: unknown colour \"greenish\""))
        #expect(message(dark.replacingOccurrences(of: "ok = \"green\"", with: "ok = \"green blinking\"")).contains("unknown attribute \"blinking\""))
        #expect(message(dark.replacingOccurrences(of: "ok = \"green\"\n", with: "")).contains("role ok is missing"))
        #expect(message(dark + "sparkle = \"red\"\n").contains("unknown role \"sparkle\""))
        #expect(message(dark.replacingOccurrences(of: "ok = \"green\"", with: "ok = green")).contains("t.toml:14: ok must be a quoted string"))
    }
}
