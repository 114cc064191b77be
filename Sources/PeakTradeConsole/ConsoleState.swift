import PeakTradeCore
import PeakTradeTUI

public enum Pane: String, CaseIterable, Sendable {
    case candles, risk, alerts, drill, runbook
    public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// Everything the console shows. Changed only by `ConsoleUpdate.update`; rendered by `ConsoleView`.
public struct ConsoleState: Sendable {
    public var environment: EnvironmentMode
    public var operatorName: String
    public var width = 80, height = 24
    public var now: Int64
    public var focus: Pane = .candles
    public var theme: Theme
    public var themes: [String] = []
    public var unicode = true
    public var market: MarketState
    public var feed: FeedState
    public var risk = RiskState()
    public var alerts = AlertsState()
    public var drill: DrillState?
    public var scenarios: [ScenarioInfo] = []
    public var runbooks: [Runbook] = []
    public var walk: RunbookWalk?
    public var overlay: Overlay?
    /// First help line shown (the help is longer than a small terminal).
    public var helpScroll = 0
    public var commandLine: LineEditor?
    /// A note being typed (for the drill or runbook pane).
    public var noteEditor: LineEditor?
    public var message: StatusMessage?
    public var quitRequested = false
    /// Where the console journals operator actions (shown in help).
    public var journalPath = ""

    public init(environment: EnvironmentMode, operatorName: String, now: Int64, theme: Theme, market: MarketState, feed: FeedState) {
        self.environment = environment
        self.operatorName = operatorName
        self.now = now
        self.theme = theme
        self.market = market
        self.feed = feed
    }

    public static let minimumWidth = 80, minimumHeight = 24
    public var tooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }
}

public struct StatusMessage: Sendable, Equatable {
    public var text: String
    public var isError: Bool
}

public enum Overlay: Sendable, Equatable {
    case help
    case findings(cursor: Int)
    /// `variant` indexes the selected scenario's variants (left/right change it).
    case drillPicker(cursor: Int, variant: Int)
    case runbookPicker(cursor: Int)
    case confirm(Confirmation)
}

/// A question the operator must answer with y/n before something happens.
public struct Confirmation: Sendable, Equatable {
    public var question: String
    public var effect: PendingAction
}

public enum PendingAction: Sendable, Equatable {
    case quit
    case startDrill(scenario: String, variant: String?)
    case decline(criterion: String)
}
