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
    case drillPicker(cursor: Int)
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

public struct ScenarioInfo: Sendable, Equatable {
    public var id: String
    public var title: String
    public var variants: [String]
    public var criteria: [(id: String, text: String, manual: Bool, detects: Bool)]

    public static func == (a: ScenarioInfo, b: ScenarioInfo) -> Bool { a.id == b.id && a.variants == b.variants }

    public init(_ s: DrillScenario) {
        id = s.id; title = s.title; variants = s.variants
        criteria = s.criteria.map { ($0.id, $0.text, $0.isManual, $0.detects) }
    }
}

// MARK: market and feed

public struct MarketState: Sendable {
    public var symbols: [Symbol]
    public var timeframe: Timeframe
    public var series: [Symbol: CandleSeries] = [:]
    public var symbolIndex = 0
    public var zoom: Timeframe
    /// Candles (of the shown timeframe) between the newest and the right edge; 0 follows the newest.
    public var offset = 0
    /// The shown series at `zoom` (resampled only when data or zoom change).
    public var shown = CandleSeries()
    public var findings: [FindingEntry] = []
    public var flagged: [Symbol: Set<Int64>] = [:]
    /// While a drill runs on a damaged copy of a candle file, the chart shows that copy (so the operator sees
    /// the fault where the checks saw it).
    public var drillCopy: DrillCopy?

    public init(symbols: [Symbol], timeframe: Timeframe) {
        self.symbols = symbols
        self.timeframe = timeframe
        zoom = timeframe
    }

    public var symbol: Symbol { symbols[symbolIndex] }
}

public struct DrillCopy: Sendable, Equatable {
    public var symbol: Symbol
    public var file: String
    public var series: CandleSeries
    public var flagged: Set<Int64> = []
}

public struct FindingEntry: Sendable, Equatable {
    public var symbol: Symbol?
    public var source: String
    public var file: String
    public var finding: Finding
    public var seenAt: Int64
}

public struct FeedState: Sendable, Equatable {
    public enum Mode: String, Sendable { case replay, follow }
    public var mode: Mode
    public var speed: Double
    public var paused = false
    public var lastCandle: Int64?
    public var lastReceived: Int64?
    public var candlesReceived = 0
    public var error: String?
    public var finished = false

    public init(mode: Mode, speed: Double) {
        self.mode = mode
        self.speed = speed
    }
}

// MARK: risk

public struct RiskState: Sendable, Equatable {
    public var preset = ""
    public var utilisation: [LimitUtilisation] = []
    public var tradingState = "active"
    public var enforcing = true
    public var allowed = 0
    public var blocked = 0
    public var reasons: [String] = []
    public var equity = 0.0
    public var initialCash = 0.0
    public var positions = ""
    public var fees = 0.0

    public init() {}
}

// MARK: alerts

public struct AlertEntry: Sendable, Equatable {
    public var alert: Alert
    public var acknowledged = false
    public var repeats = 0
    public var delivered: [String] = []
    public var failed: [String] = []
}

public struct AlertsState: Sendable, Equatable {
    public var entries: [AlertEntry] = []
    /// Only alerts at or above this severity are listed.
    public var minimum: AlertSeverity = .info
    public var cursor = 0
    public var sinks: [SinkHealth] = []
    public var spooled = 0
    public static let capacity = 500

    public var shown: [AlertEntry] { entries.filter { $0.alert.severity >= minimum } }
    public var unacknowledged: Int { entries.filter { !$0.acknowledged }.count }
}

// MARK: drill and runbook

public struct DrillState: Sendable, Equatable {
    public struct Stage: Sendable, Equatable {
        public var name: String
        public var detail: String
        public var at: Int64?
    }

    public struct Item: Sendable, Equatable {
        public var id: String
        public var text: String
        public var manual: Bool
        public var detects: Bool
        public var status: String = "pending"
        public var metAt: Int64?
        public var note: String?
    }

    public var scenario: String
    public var title: String
    public var variant: String
    public var runID: String?
    public var journalPath: String?
    public var startedAt: Int64
    public var stages: [Stage]
    public var items: [Item]
    public var awaiting: String?
    public var notes: [(at: Int64, text: String)] = []
    public var verdict: String?
    public var timeToDetect: Int64?
    public var timeToAcknowledge: Int64?
    public var error: String?
    public var cursor = 0

    public var running: Bool { verdict == nil && error == nil }
    public var injectedAt: Int64? { stages.first { $0.name == "injected" }?.at }

    public static func == (a: DrillState, b: DrillState) -> Bool {
        a.runID == b.runID && a.stages == b.stages && a.items == b.items && a.awaiting == b.awaiting && a.verdict == b.verdict
            && a.notes.count == b.notes.count && a.error == b.error && a.cursor == b.cursor
    }

    public static let stageNames = ["prepared", "injected", "observed", "cleanup", "restored"]
}

public struct RunbookWalk: Sendable, Equatable {
    public var runbook: Runbook
    public var step = 0
    public var statuses: [String?]
    public var startedAt: Int64
    public var finished: Bool { step >= runbook.steps.count }

    public init(runbook: Runbook, startedAt: Int64) {
        self.runbook = runbook
        statuses = Array(repeating: nil, count: runbook.steps.count)
        self.startedAt = startedAt
    }
}
