import Foundation

/// `[research]` and `[shadow]`: the execution models and where reports go.
public struct ResearchSettings: Sendable, Equatable {
    public var initialCash = 10_000.0
    public var model = ExecutionModel(feesBps: 10, slippageBps: 5, positionFraction: 1, latencyBars: 0)
    public var presetsPath: String
    public var reportsDir: String
    /// The shadow run's own execution model: what is meant to differ from research.
    public var shadowModel = ExecutionModel(feesBps: 15, slippageBps: 10, positionFraction: 1, latencyBars: 1)
    public var shadowDir: String

    public init(root: String) {
        presetsPath = (root as NSString).appendingPathComponent("config/portfolio_presets.toml")
        reportsDir = (root as NSString).appendingPathComponent("reports/research")
        shadowDir = (root as NSString).appendingPathComponent("reports/shadow")
    }
}

/// Candles for a research run, checked first: data quality is never silent.
public struct ResearchData: Sendable {
    public var series: CandleSeries
    public var timeframe: Timeframe
    public var report: DataCheckReport
    /// Findings at warning or above, as shown to the operator (empty when `on_findings = "ignore"`).
    public var shown: [Finding]

    /// Loads `path` (or the configured file of `symbol`), keeps the last `bars` candles, checks them and applies
    /// `[data_quality] on_findings`: `fail` stops with exit 1 when a finding reaches `fail_on`.
    public static func load(settings: Settings, symbol: Symbol, timeframe: Timeframe?, path: String?, bars: Int?) throws -> ResearchData {
        let tf = timeframe ?? settings.data.timeframe
        let file = path ?? settings.data.file(for: symbol, timeframe: tf)
        if path == nil && !FileManager.default.fileExists(atPath: file) {
            throw PeakTradeError.io("no candle data for \(symbol) \(tf.rawValue): \(file) does not exist (configured symbols: \(settings.data.symbols.map(\.description).joined(separator: ", ")); pass --data PATH for another file)")
        }
        var series = try CandleCSVReader(mode: settings.data.readMode).read(path: file).series
        if !series.isSorted {
            let order = series.time.indices.sorted { series.time[$0] < series.time[$1] }
            series = series.selecting(order)
        }
        if let bars, bars > 0, bars < series.count { series = series.suffix(bars) }
        guard series.count >= 2 else { throw PeakTradeError.badInput("\(file): \(series.count) candle(s); a backtest needs at least 2") }
        series.symbol = symbol
        series.timeframe = tf
        series.source = file
        let q = settings.dataQuality
        let findings = DataQualityChecker(settings: q).check(series, timeframe: tf, asOf: nil)
        let report = DataCheckReport(source: file, symbol: symbol.description, timeframe: tf.rawValue, timeframeSource: "given",
                                     rows: series.count, first: series.time.first.map(UTCTime.iso), last: series.time.last.map(UTCTime.iso),
                                     findings: findings, summary: .init(findings))
        if q.onFindings == .fail, report.reaches(q.failOn) {
            let worst = findings.filter { $0.severity >= q.failOn }
            throw PeakTradeError(.problemsFound, "\(file): data quality: \(worst.count) finding(s) at or above \(q.failOn.name) and [data_quality] on_findings = \"fail\":\n" + worst.prefix(10).map { "  \($0.severity.name) \($0.kind.rawValue): \($0.message)" }.joined(separator: "\n"))
        }
        let shown = q.onFindings == .ignore ? [] : findings.filter { $0.severity >= .warning }
        return ResearchData(series: series, timeframe: tf, report: report, shown: shown)
    }
}
