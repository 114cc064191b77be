import Testing
import PeakTradeCore
@testable import PeakTradeConsole
import PeakTradeTUI

/// The update function driven by key and event sequences, as an operator would drive it.
@Suite struct ConsoleUpdateTests {
    typealias F = ConsoleFixtures

    @Test func helpOpensAndClosesAndPanesCycle() {
        var s = F.state()
        F.run(&s, [.key(.char("?"))])
        #expect(s.overlay == .help)
        F.run(&s, [.key(.char("q"))])  // q closes the overlay, it does not quit
        #expect(s.overlay == nil && !s.quitRequested)
        F.run(&s, [.key(.tab), .key(.tab)])
        #expect(s.focus == .alerts)
        F.run(&s, [.key(.backTab), .key(.backTab), .key(.backTab)])
        #expect(s.focus == .runbook)
    }

    @Test func quitWithoutADrillIsImmediateAndJournaled() {
        var s = F.state()
        let effects = F.run(&s, [.key(.char("q"))])
        #expect(s.quitRequested)
        #expect(effects == [.journal(type: "console_quit", fields: [:]), .quit])
    }

    @Test func scrollZoomAndSymbolSwitch() {
        var s = F.state()
        F.run(&s, [.key(.char("h")), .key(.char("h"))])
        #expect(s.market.offset == 16)
        F.run(&s, [.key(.char("G"))])
        #expect(s.market.offset == 0)
        F.run(&s, [.key(.char("z"))])
        #expect(s.market.zoom == .h4 && s.market.shown.count == 75)
        F.run(&s, [.key(.char("z")), .key(.char("z"))])
        #expect(s.market.zoom == .d1)  // stops at the widest
        F.run(&s, [.key(.char("Z")), .key(.char("Z"))])
        #expect(s.market.zoom == .h1 && s.market.shown.count == 300)
        F.run(&s, [.key(.char("s"))])
        #expect(s.market.symbol == F.eth && s.market.shown == s.market.series[F.eth])
    }

    @Test func newCandlesKeepAScrolledViewInPlace() {
        var s = F.state()
        F.run(&s, [.key(.char("h"))])
        let last = s.market.series[F.btc]!.time.last!
        let c = Candle(time: last + 3_600_000, open: 1, high: 2, low: 1, close: 2, volume: 1)
        F.run(&s, [.candles(F.btc, [c], receivedAt: F.now)])
        #expect(s.market.shown.count == 301 && s.market.offset == 9)
        #expect(s.feed.lastCandle == c.time && s.feed.candlesReceived == 1)
    }

    @Test func commandLineRunsCommandsAndReportsBadOnes() {
        var s = F.state()
        var effects = F.run(&s, [.key(.char(":"))] + F.keys("speed 16") + [.key(.enter)])
        #expect(s.feed.speed == 16 && s.commandLine == nil)
        #expect(effects.first == .setFeed(paused: false, speed: 16))
        #expect(effects.contains(.journal(type: "feed_speed_changed", fields: ["paused": "false", "speed": "16", "before": "4"])))
        effects = F.run(&s, [.key(.char(":"))] + F.keys("speed fast") + [.key(.enter)])
        #expect(effects.isEmpty && s.message?.isError == true && s.message!.text.contains("0.25 to 1024"))
        F.run(&s, [.key(.char(":"))] + F.keys("launch") + [.key(.enter)])
        #expect(s.message!.text.contains("unknown command \"launch\"") && s.message!.text.contains("drill run ID"))
        F.run(&s, [.key(.char(":"))] + F.keys("symbol eth/eur") + [.key(.enter)])
        #expect(s.market.symbol == F.eth)
        effects = F.run(&s, [.key(.char(":"))] + F.keys("theme light") + [.key(.enter)])
        #expect(effects == [.loadTheme("light"), .journal(type: "theme_changed", fields: ["theme": "light", "before": "dark"])])
        F.run(&s, [.key(.char(":"))] + F.keys("theme pink") + [.key(.enter)])
        #expect(s.message!.text.contains("valid: dark, high-contrast, light, monochrome"))
        F.run(&s, [.key(.char(":")), .key(.char("x")), .key(.escape)])
        #expect(s.commandLine == nil)
    }

    @Test func tabCompletesCommandsIdsAndNames() {
        var s = F.state()
        F.run(&s, [.key(.char(":"))] + F.keys("dr") + [.key(.tab)])
        #expect(s.commandLine?.text == "drill ")
        F.run(&s, [.key(.tab)])
        #expect(s.commandLine?.text == "drill run ")
        F.run(&s, F.keys("d") + [.key(.tab)])
        #expect(s.commandLine?.text == "drill run data_gap ")
        F.run(&s, F.keys("gap_3") + [.key(.tab)])
        #expect(s.commandLine?.text == "drill run data_gap gap_3h ")
        F.run(&s, [.key(.escape), .key(.char(":"))] + F.keys("theme ") + [.key(.tab)])
        #expect(s.message?.text == "dark  high-contrast  light  monochrome")
        F.run(&s, F.keys("h") + [.key(.tab)])
        #expect(s.commandLine?.text == "theme high-contrast ")
        F.run(&s, [.key(.escape), .key(.char(":"))] + F.keys("runbook data") + [.key(.tab)])
        #expect(s.commandLine?.text == "runbook data-gaps ")
    }

    @Test func aDrillFromPickerToVerdict() {
        var s = F.state()
        F.run(&s, [.key(.char("d"))])
        #expect(s.overlay == .drillPicker(cursor: 0, variant: 0))
        F.run(&s, [.key(.char("l")), .key(.char("l"))])
        #expect(s.overlay == .drillPicker(cursor: 0, variant: 2))
        #expect(ConsoleView.render(s).lines.contains { $0.contains("data_gap") && $0.contains("[gap_3h]") })
        F.run(&s, [.key(.char("l"))])  // wraps to the default
        F.run(&s, [.key(.enter)])
        guard case let .confirm(c)? = s.overlay else { Issue.record("no confirmation"); return }
        #expect(c.effect == .startDrill(scenario: "data_gap", variant: nil))
        var effects = F.run(&s, [.key(.char("y"))])
        #expect(effects == [.journal(type: "drill_start", fields: ["scenario": "data_gap", "variant": "gap_2h", "in_place": "false"]),
                            .startDrill(scenario: "data_gap", variant: "gap_2h")])
        #expect(s.focus == .drill && s.drill?.running == true)
        // The engine's progress ticks the checklist.
        let injected = F.now + 100
        F.run(&s, [.drill(.started(runID: "R1", journalPath: "/j")), .drill(.stage("prepared", detail: "2 copies", at: F.now + 50)),
                   .drill(.stage("injected", detail: "removed 2 candles", at: injected))])
        let criterion = DataFaultScenario.gap.criteria[0]
        F.run(&s, [.drill(.criterion(DrillEngine.CriterionResult(criterion: criterion, metAt: injected + 80, status: "met", note: nil)))])
        #expect(s.drill!.items[0].status == "met" && s.drill!.timeToDetect == 80)
        // A manual criterion waits for the operator; a note goes with the confirmation.
        F.run(&s, [.drillPrompt(criterionID: "operator_ack")])
        #expect(s.drill!.awaiting == "operator_ack" && s.drill!.cursor == 4)
        effects = F.run(&s, [.key(.char("n"))] + F.keys("saw it") + [.key(.escape)])
        #expect(s.noteEditor == nil && effects.isEmpty && s.drill!.notes.isEmpty)  // escape cancels a note
        effects = F.run(&s, [.key(.char("n"))] + F.keys("gap in chart") + [.key(.enter)])
        #expect(effects == [.journal(type: "note", fields: ["text": "gap in chart", "drill": "R1"])])
        // Quitting now asks first.
        F.run(&s, [.key(.char("q"))])
        guard case .confirm? = s.overlay else { Issue.record("quit did not ask"); return }
        F.run(&s, [.key(.char("n"))])
        #expect(!s.quitRequested && s.overlay == nil)
        F.run(&s, [.key(.ctrl("c"))])  // ctrl-c asks the same question
        guard case let .confirm(q)? = s.overlay, q.effect == .quit else { Issue.record("ctrl-c did not ask"); return }
        F.run(&s, [.key(.escape)])
        effects = F.run(&s, [.key(.char("c"))])
        #expect(effects == [.answerPrompt(confirmed: true, note: "gap in chart"),
                            .journal(type: "criterion_confirmed", fields: ["criterion": "operator_ack", "note": "gap in chart"])])
        #expect(s.drill!.awaiting == nil)
        F.run(&s, [.key(.char("c"))])
        #expect(s.message?.text == "the drill is not waiting for a confirmation")
    }

    @Test func declineAsksFirstAndDrillsRefuseInLiveMode() {
        var s = F.state()
        F.run(&s, [.key(.char(":"))] + F.keys("drill run data_gap") + [.key(.enter), .key(.char("y"))])
        F.run(&s, [.drillPrompt(criterionID: "operator_ack")])
        F.run(&s, [.key(.char("x"))])
        guard case let .confirm(c)? = s.overlay else { Issue.record("decline did not ask"); return }
        #expect(c.effect == .decline(criterion: "operator_ack"))
        let effects = F.run(&s, [.key(.char("y"))])
        #expect(effects.first == .answerPrompt(confirmed: false, note: nil))
        F.run(&s, [.key(.char(":"))] + F.keys("drill run data_gap") + [.key(.enter)])
        #expect(s.message?.text == "drill data_gap is still running")

        var live = F.state()
        live.environment = .live
        F.run(&live, [.key(.char("d"))])
        #expect(live.overlay == nil && live.message!.text.contains("refuse to start"))
    }

    @Test func quitWhileTheDrillWaitsDeclinesSoCleanupRuns() {
        var s = F.state()
        F.run(&s, [.key(.char(":"))] + F.keys("drill run corrupt_candle absurd_high") + [.key(.enter), .key(.char("y"))])
        #expect(s.drill?.variant == "absurd_high")
        F.run(&s, [.drillPrompt(criterionID: "operator_ack"), .key(.ctrl("c"))])
        let effects = F.run(&s, [.key(.ctrl("c"))])  // the second ctrl-c: quit anyway, in order
        #expect(s.quitRequested)
        #expect(effects.first == .answerPrompt(confirmed: false, note: "operator quit the console"))
        #expect(effects.last == .quit)
    }

    @Test func alertsArriveAreAcknowledgedAndFiltered() {
        var s = F.state()
        F.run(&s, [.event(OpsEvent(time: F.now, kind: .alertRaised(F.alert(.warning, "limit warning", id: "a1")))),
                   .event(OpsEvent(time: F.now, kind: .alertRaised(F.alert(.critical, "orders blocked", id: "a2")))),
                   .event(OpsEvent(time: F.now, kind: .alertDelivered(alertID: "a2", sink: "log", attempts: 1, milliseconds: 3))),
                   .event(OpsEvent(time: F.now, kind: .alertDeliveryFailed(alertID: "a2", sink: "webhook", attempts: 4, error: "HTTP 500", permanent: false)))])
        #expect(s.alerts.entries.map(\.alert.id) == ["a2", "a1"])
        #expect(s.alerts.entries[0].delivered == ["log"] && s.alerts.entries[0].failed == ["webhook"])
        F.run(&s, [.key(.tab), .key(.tab)])
        #expect(ConsoleView.render(s).lines.contains { $0.contains("│› m ") }, "the selected alert's message is shown")
        var effects = F.run(&s, [.key(.char("j")), .key(.char("a"))])
        #expect(effects == [.journal(type: "alert_acknowledged", fields: ["alert_id": "a1", "severity": "warning", "source": "risk", "title": "limit warning"])])
        F.run(&s, [.key(.char("f")), .key(.char("f"))])
        #expect(s.alerts.minimum == .critical && s.alerts.shown.map(\.alert.id) == ["a2"])
        effects = F.run(&s, [.key(.char("A"))])
        #expect(effects.count == 1 && s.alerts.unacknowledged == 0)
        var health = SinkHealth(sink: "webhook", kind: .webhook, target: "http://127.0.0.1:1/…")
        health.state = .down
        F.run(&s, [.event(OpsEvent(time: F.now, kind: .sinkHealthChanged(health)))])
        #expect(s.alerts.sinks.map(\.state) == [.down])
        // The spool count follows the sinks: up when an alert is spooled, down when redelivery empties it.
        F.run(&s, [.event(OpsEvent(time: F.now, kind: .alertSpooled(alertID: "a2", sink: "webhook")))])
        #expect(s.alerts.spooled == 1)
        health.state = .ok
        health.spooled = 0
        F.run(&s, [.event(OpsEvent(time: F.now, kind: .sinkHealthChanged(health)))])
        #expect(s.alerts.spooled == 0)
    }

    @Test func runbookWalkJournalsEveryStep() {
        var s = F.state()
        F.run(&s, [.key(.char("r")), .key(.enter)])
        let book = s.runbooks[0]
        #expect(s.walk?.runbook.id == book.id && s.focus == .runbook)
        var effects: [ConsoleEffect] = []
        for (i, k) in zip(book.steps.indices, [Character]("cxccccccccccccccc")) {
            effects += F.run(&s, [.key(.char(k))])
            #expect(s.walk!.statuses[i] == (k == "c" ? "confirmed" : "skipped"))
        }
        #expect(s.walk!.finished)
        #expect(effects.last == .journal(type: "runbook_finished", fields: ["runbook": book.id, "confirmed": String(book.steps.count - 1), "steps": String(book.steps.count)]))
        #expect(effects.filter { if case let .journal(t, _) = $0 { return t == "runbook_step" } else { return false } }.count == book.steps.count)
    }

    @Test func feedPauseAndSpeedKeys() {
        var s = F.state()
        var effects = F.run(&s, [.key(.char("p"))])
        #expect(s.feed.paused && effects.first == .setFeed(paused: true, speed: 4))
        #expect(effects.last == .journal(type: "feed_paused", fields: ["paused": "true", "speed": "4", "before": "false"]))
        effects = F.run(&s, [.key(.char("+")), .key(.char("-")), .key(.char("-"))])
        #expect(s.feed.speed == 2 && effects.count == 6)
    }

    @Test func theDrillsDamagedCopyIsChartedUntilTheDrillEnds() {
        var s = F.state()
        F.run(&s, [.key(.char(":"))] + F.keys("drill run corrupt_candle") + [.key(.enter), .key(.char("y"))])
        var copy = s.market.series[F.eth]!
        let at = copy.time[100]
        copy.close[100] *= 10
        let file = "/x/state/drills/R-corrupt_candle/data/ETH_EUR-1h.csv"
        let outlier = Finding(kind: .outlier, severity: .critical, start: at, end: at, count: 1, rows: [102], message: "close 10x")
        F.run(&s, [.event(OpsEvent(time: F.now, kind: .dataFinding(source: "data check", file: file, outlier))),
                   .drillData(F.eth, file: file, copy)])
        // The chart switches to ETH/EUR, shows the copy, flags the candle and scrolls it into view.
        #expect(s.market.symbol == F.eth && s.market.shown == copy && s.market.drillCopy?.flagged == [at])
        #expect(s.market.offset == 299 - 100 - 20)
        let frame = ConsoleView.render(s).lines.joined(separator: "\n")
        #expect(frame.contains("DRILL COPY ETH_EUR-1h.csv") && frame.contains("✖"))
        // The findings list jumps the chart to a finding.
        s.market.offset = 0
        F.run(&s, [.key(.char("F"))])
        #expect(s.overlay == .findings(cursor: 0))
        F.run(&s, [.key(.enter)])
        #expect(s.overlay == nil && s.market.offset == 179 && s.message!.text.contains("outlier (data check)"))
        // The verdict puts the feed back.
        F.run(&s, [.drill(.failed("stopped"))])
        #expect(s.market.drillCopy == nil && s.market.shown == s.market.series[F.eth])
    }

    @Test func aDrillPointsAtItsRunbookAndTakesItsSinksAlongWhenItEnds() {
        var s = F.state()
        s.alerts.ownSinks = ["log"]
        s.alerts.sinks = [SinkHealth(sink: "log", kind: .log, target: "logs/alerts.log")]
        F.run(&s, [.key(.char(":"))] + F.keys("drill run alert_sink_failure") + [.key(.enter), .key(.char("y"))])
        var broken = SinkHealth(sink: "webhook[0]", kind: .webhook, target: "https://invalid-url-that-does-not-exist.com/…")
        broken.state = .degraded
        F.run(&s, [.event(OpsEvent(time: F.now, kind: .sinkHealthChanged(broken))), .drillPrompt(criterionID: "operator_ack")])
        #expect(s.alerts.sinks.map(\.sink) == ["log", "webhook[0]"])
        #expect(ConsoleView.render(s).lines.joined().contains("runbook: r opens section alert-failures"))
        F.run(&s, [.key(.char("r"))])
        guard case let .runbookPicker(cursor)? = s.overlay else { Issue.record("no picker"); return }
        #expect(s.runbooks[cursor].id == "alert-failures")
        F.run(&s, [.key(.escape), .drill(.failed("stopped"))])
        #expect(s.alerts.sinks.map(\.sink) == ["log"])
    }

    @Test func lineEditorKeepsControlCharactersOut() {
        var e = LineEditor()
        for k: Key in [.char("a"), .char("\u{7}"), .char("b"), .left, .char("X"), .ctrl("a"), .char(">"), .ctrl("e"), .backspace] { _ = e.handle(k) }
        #expect(e.text == ">aX" && e.cursor == 3)
        #expect(e.handle(.enter) == .submitted(">aX"))
    }
}
