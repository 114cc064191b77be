import PeakTradeCore
import PeakTradeTUI

/// Everything that can change the console's state: keys, time, and what the core reports.
public enum ConsoleAction: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    case tick(now: Int64)
    /// Candles the feed delivered for one symbol (in time order).
    case candles(Symbol, [Candle], receivedAt: Int64)
    /// Data-quality findings (the feed's incremental checks, a drill's checks).
    case findings([FindingEntry])
    case shadow(RiskState)
    case feedProblem(String?)
    case feedFinished
    /// An event from the core's stream (alerts, deliveries, sink health, drill steps).
    case event(OpsEvent)
    case drill(DrillEngine.Progress)
    /// The drill engine waits for the operator on a manual criterion.
    case drillPrompt(criterionID: String)
    /// The candle file a drill damaged (a copy), read for the chart.
    case drillData(Symbol, file: String, CandleSeries)
    case themeLoaded(Theme)
    case problem(String)
}

/// Side effects the update function asks for; the runtime performs them (files, threads, HTTP).
public enum ConsoleEffect: Sendable, Equatable {
    /// An operator action for the journal(s): the console session's and, while a drill runs, the drill's.
    case journal(type: String, fields: [String: String])
    case startDrill(scenario: String, variant: String?)
    case answerPrompt(confirmed: Bool, note: String?)
    case setFeed(paused: Bool, speed: Double)
    case loadTheme(String)
    case quit
}
