import Foundation

/// Where the system runs. `live` is the safety interlock: drills refuse to start, orders are preview-only.
public enum EnvironmentMode: String, CaseIterable, Sendable, Codable {
    case shadow, paper, testnet, live
}

public struct DataSettings: Sendable, Equatable {
    /// Folder of candle files, named `BASE_QUOTE-TIMEFRAME.csv` (e.g. `BTC_EUR-1h.csv`).
    public var dir: String
    public var symbols: [Symbol]
    public var timeframe: Timeframe
    public var readMode: CandleCSVReader.Mode

    /// The file holding `symbol` at `timeframe`, by the naming convention above.
    public func file(for symbol: Symbol, timeframe tf: Timeframe? = nil) -> String {
        (dir as NSString).appendingPathComponent("\(symbol.fileStem)-\((tf ?? timeframe).rawValue).csv")
    }

    public var files: [String] { symbols.map { file(for: $0) } }
}

public struct LiveRiskSettings: Sendable, Equatable {
    public enum TradingState: String, CaseIterable, Sendable, Codable { case active, reducing, halted }

    public var enabled = true
    public var maxOrderNotional = 5_000.0
    public var maxTotalExposureNotional = 50_000.0
    public var maxSymbolExposureNotional = 25_000.0
    public var maxDailyLossAbs = 1_000.0
    /// Utilisation ratio from which a limit shows (and alerts) as warning.
    public var warningThreshold = 0.8
    /// true: violating orders are blocked; false: they are marked "not allowed" but not stopped.
    public var blockOnViolation = true
    public var tradingState = TradingState.active

    public init() {}
}

public struct DrillSettings: Sendable, Equatable {
    public var logPath: String
    public var workDir: String
    public var runbooksPath: String = ""
}

public struct ConsoleSettings: Sendable, Equatable {
    public var theme: String
    public var refreshMilliseconds: Int
    /// The portfolio preset the console's live shadow run trades.
    public var preset = "multi_style_moderate"
    /// Replay pace in bars per second.
    public var replaySpeed = 4.0
    /// Share of each candle file shown as history before the replay starts (the rest is replayed).
    public var replayStart = 0.75
    public var themesDir = ""
}

/// Everything in `config/config.toml`, typed and validated.
public struct Settings: Sendable {
    public var configPath: String?
    /// Relative paths in the config resolve against this folder: the parent of the config file's folder when
    /// that folder is named `config` (the repository layout), otherwise the config file's own folder.
    public var root: String
    public var environment: EnvironmentMode = .shadow
    public var data: DataSettings
    public var dataQuality = DataQualitySettings()
    public var liveRisk = LiveRiskSettings()
    public var alerts: AlertSettings
    public var paper: PaperSettings
    public var research: ResearchSettings
    public var drills: DrillSettings
    public var console: ConsoleSettings
    /// Unknown keys and similar non-fatal problems, for the caller to show.
    public var warnings: [String] = []

    public init(root: String) {
        self.root = root
        data = DataSettings(dir: (root as NSString).appendingPathComponent("data"),
                            symbols: [Symbol(base: "BTC", quote: "EUR"), Symbol(base: "ETH", quote: "EUR")],
                            timeframe: .h1, readMode: .strict)
        drills = DrillSettings(logPath: (root as NSString).appendingPathComponent("docs/INCIDENT_DRILL_LOG.md"),
                               workDir: (root as NSString).appendingPathComponent("state/drills"),
                               runbooksPath: (root as NSString).appendingPathComponent(Runbook.defaultPath))
        console = ConsoleSettings(theme: "dark", refreshMilliseconds: 250)
        console.themesDir = (root as NSString).appendingPathComponent("themes")
        alerts = AlertSettings(root: root)
        paper = PaperSettings(root: root)
        research = ResearchSettings(root: root)
    }

    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : (root as NSString).appendingPathComponent(path)
    }
}
