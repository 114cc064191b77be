import Foundation
import TOMLKit

/// Loads `config/config.toml` (or `--config PATH`, or `$PEAKTRADE_CONFIG`) into `Settings`.
public enum ConfigLoader {
    public static let defaultPath = "config/config.toml"
    static let knownSections = ["environment", "data", "data_quality", "live_risk", "live_alerts", "paper", "research", "shadow", "drills", "console"]

    /// - Parameter path: an explicit path must exist; without one, the default path is used when present and
    ///   built-in defaults (rooted at the working directory) otherwise.
    public static func load(path: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Settings {
        let cwd = FileManager.default.currentDirectoryPath
        let explicit = path ?? environment["PEAKTRADE_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let chosen = explicit ?? defaultPath
        guard FileManager.default.fileExists(atPath: chosen) else {
            if explicit != nil {
                throw PeakTradeError.config("\(chosen): config file not found (pass --config PATH to an existing file)")
            }
            return Settings(root: cwd)
        }
        let text: String
        do {
            text = String(decoding: try FileBytes.read(chosen), as: UTF8.self)
        } catch let e as PeakTradeError {
            throw PeakTradeError.config(e.description)
        }
        return try parse(text, path: chosen)
    }

    public static func parse(_ text: String, path: String) throws -> Settings {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL
        let dir = absolute.deletingLastPathComponent()
        let root = dir.lastPathComponent == "config" ? dir.deletingLastPathComponent().path : dir.path
        var settings = Settings(root: root)
        settings.configPath = path
        let source = ConfigSource(path: path, text: text)
        let doc: TOMLTable
        do {
            doc = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw PeakTradeError.config("\(path):\(e.source.begin.line):\(e.source.begin.column): TOML syntax error: \(e.description)")
        }
        var warnings: [String] = []
        for key in doc.keys.sorted() {
            if !knownSections.contains(key) {
                warnings.append("\(source.location(section: key, key: "")): unknown section [\(key)] (ignored; known: \(knownSections.joined(separator: ", ")))")
            } else if doc[key]?.table == nil {
                throw PeakTradeError.config("\(path): \(key) must be a table ([\(key)]), found \(doc[key]!.debugDescription)")
            }
        }
        func section(_ name: String) -> TOMLSection { TOMLSection(name: name, table: doc[name]?.table, source: source) }

        var env = section("environment")
        settings.environment = try env.choice("mode", default: EnvironmentMode.shadow)

        var data = section("data")
        settings.data.dir = settings.resolve(try data.string("dir", default: "data"))
        let symbolNames = try data.stringArray("symbols", default: settings.data.symbols.map(\.description))
        settings.data.symbols = try symbolNames.enumerated().map { i, s in
            do { return try Symbol(parsing: s) } catch { throw data.error("symbols[\(i)]", "= \"\(s)\" is not a symbol; expected BASE/QUOTE such as BTC/EUR") }
        }
        let tf = try data.string("timeframe", default: settings.data.timeframe.rawValue)
        guard let timeframe = Timeframe(rawValue: tf.lowercased()) else {
            throw data.error("timeframe", "= \"\(tf)\" is not valid; valid: \(Timeframe.validList)")
        }
        settings.data.timeframe = timeframe
        settings.data.readMode = try data.choice("read_mode", default: CandleCSVReader.Mode.strict)

        settings.dataQuality = try loadDataQuality(section("data_quality"), warnings: &warnings)
        settings.liveRisk = try LiveRiskConfig.load(section("live_risk"), warnings: &warnings)

        var paper = section("paper")
        settings.paper.initialCash = try paper.double("initial_cash", default: settings.paper.initialCash, valid: "a positive amount") { $0 > 0 }
        settings.paper.feesBps = try paper.double("fees_bps", default: settings.paper.feesBps, valid: "basis points from 0 to 1000") { $0 >= 0 && $0 <= 1000 }
        settings.paper.slippageBps = try paper.double("slippage_bps", default: settings.paper.slippageBps, valid: "basis points from 0 to 1000") { $0 >= 0 && $0 <= 1000 }
        settings.paper.stateDir = settings.resolve(try paper.string("state_dir", default: "state/paper"))

        var research = section("research")
        settings.research.initialCash = try research.double("initial_cash", default: settings.research.initialCash, valid: "a positive amount") { $0 > 0 }
        settings.research.model = try executionModel(&research, default: settings.research.model)
        settings.research.presetsPath = settings.resolve(try research.string("presets_path", default: "config/portfolio_presets.toml"))
        settings.research.reportsDir = settings.resolve(try research.string("reports_dir", default: "reports/research"))
        var shadow = section("shadow")
        settings.research.shadowModel = try executionModel(&shadow, default: settings.research.shadowModel)
        settings.research.shadowDir = settings.resolve(try shadow.string("pnl_dir", default: "reports/shadow"))

        var drills = section("drills")
        settings.drills.logPath = settings.resolve(try drills.string("log_path", default: "docs/INCIDENT_DRILL_LOG.md"))
        settings.drills.workDir = settings.resolve(try drills.string("work_dir", default: "state/drills"))
        settings.drills.runbooksPath = settings.resolve(try drills.string("runbooks_path", default: Runbook.defaultPath))

        var console = section("console")
        settings.console.theme = try console.string("theme", default: "dark")
        settings.console.refreshMilliseconds = try console.int("refresh_ms", default: 250, valid: "an integer from 16 to 5000") { (16...5000).contains($0) }
        settings.console.preset = try console.string("preset", default: "multi_style_moderate")
        settings.console.replaySpeed = try console.double("replay_speed", default: 4, valid: "bars per second from 0.25 to 1024") { $0 >= 0.25 && $0 <= 1024 }
        settings.console.replayStart = try console.double("replay_start", default: 0.75, valid: "a fraction from 0 to 0.99") { $0 >= 0 && $0 <= 0.99 }
        settings.console.themesDir = settings.resolve(try console.string("themes_dir", default: "themes"))

        settings.alerts = try AlertsConfig.load(section("live_alerts"), root: root, resolve: settings.resolve, warnings: &warnings)

        for s in [env, data, paper, research, shadow, drills, console] { warnings += s.unknownKeyWarnings() }
        settings.warnings = warnings
        return settings
    }

    private static func executionModel(_ s: inout TOMLSection, default d: ExecutionModel) throws -> ExecutionModel {
        var m = d
        m.feesBps = try s.double("fees_bps", default: d.feesBps, valid: "basis points from 0 to 1000") { $0 >= 0 && $0 <= 1000 }
        m.slippageBps = try s.double("slippage_bps", default: d.slippageBps, valid: "basis points from 0 to 1000") { $0 >= 0 && $0 <= 1000 }
        m.positionFraction = try s.double("position_fraction", default: d.positionFraction, valid: "a fraction above 0 and at most 1") { $0 > 0 && $0 <= 1 }
        m.latencyBars = try s.int("latency_bars", default: d.latencyBars, valid: "an integer from 0 to 100") { (0...100).contains($0) }
        return m
    }

    private static func loadDataQuality(_ s: TOMLSection, warnings: inout [String]) throws -> DataQualitySettings {
        var s = s
        var q = DataQualitySettings()
        q.onFindings = try s.choice("on_findings", default: q.onFindings)
        q.failOn = try s.severity("fail_on", default: q.failOn)
        q.gapErrorAfterMs = try s.duration("gap_error_after", default: q.gapErrorAfterMs)
        q.gapCriticalAfterMs = try s.duration("gap_critical_after", default: q.gapCriticalAfterMs)
        if q.gapCriticalAfterMs < q.gapErrorAfterMs {
            throw s.error("gap_critical_after", "must not be shorter than gap_error_after (\(Duration.format(milliseconds: q.gapErrorAfterMs)))")
        }
        q.outlierWindow = try s.int("outlier_window", default: q.outlierWindow, valid: "an integer from 16 to 100000") { (16...100_000).contains($0) }
        q.outlierZ = try s.double("outlier_z", default: q.outlierZ, valid: "a number > 0") { $0 > 0 }
        q.outlierCriticalFactor = try s.double("outlier_critical_factor", default: q.outlierCriticalFactor, valid: "a number > 1") { $0 > 1 }
        q.wickZ = try s.double("wick_z", default: q.wickZ, valid: "a number > 0") { $0 > 0 }
        q.wickMinFraction = try s.double("wick_min_fraction", default: q.wickMinFraction, valid: "a number ≥ 0") { $0 >= 0 }
        q.wickCriticalFactor = try s.double("wick_critical_factor", default: q.wickCriticalFactor, valid: "a number > 1") { $0 > 1 }
        q.flatRunWarningBars = try s.int("flat_run_warning_bars", default: q.flatRunWarningBars, valid: "an integer ≥ 1") { $0 >= 1 }
        q.repeatedBlockMinBars = try s.int("repeated_block_min_bars", default: q.repeatedBlockMinBars, valid: "an integer ≥ 2") { $0 >= 2 }
        q.staleAfterBars = try s.int("stale_after_bars", default: q.staleAfterBars, valid: "an integer ≥ 1") { $0 >= 1 }
        q.staleSeverity = try s.severity("stale_severity", default: q.staleSeverity)
        warnings += s.unknownKeyWarnings()
        return q
    }
}

enum LiveRiskConfig {
    static func load(_ s: TOMLSection, warnings: inout [String]) throws -> LiveRiskSettings {
        var s = s
        var r = LiveRiskSettings()
        r.enabled = try s.bool("enabled", default: r.enabled)
        let positive = "a number > 0"
        r.maxOrderNotional = try s.double("max_order_notional", default: r.maxOrderNotional, valid: positive) { $0 > 0 }
        r.maxTotalExposureNotional = try s.double("max_total_exposure_notional", default: r.maxTotalExposureNotional, valid: positive) { $0 > 0 }
        r.maxSymbolExposureNotional = try s.double("max_symbol_exposure_notional", default: min(r.maxSymbolExposureNotional, r.maxTotalExposureNotional), valid: positive) { $0 > 0 }
        r.maxDailyLossAbs = try s.double("max_daily_loss_abs", default: r.maxDailyLossAbs, valid: positive) { $0 > 0 }
        r.warningThreshold = try s.double("warning_threshold", default: r.warningThreshold, valid: "a ratio between 0 and 1 (exclusive of 0)") { $0 > 0 && $0 <= 1 }
        r.blockOnViolation = try s.bool("block_on_violation", default: r.blockOnViolation)
        r.tradingState = try s.choice("trading_state", default: r.tradingState)
        if r.maxOrderNotional > r.maxTotalExposureNotional {
            throw s.error("max_order_notional", "= \(fmt(r.maxOrderNotional)) must not exceed max_total_exposure_notional = \(fmt(r.maxTotalExposureNotional))")
        }
        if r.maxSymbolExposureNotional > r.maxTotalExposureNotional {
            throw s.error("max_symbol_exposure_notional", "= \(fmt(r.maxSymbolExposureNotional)) must not exceed max_total_exposure_notional = \(fmt(r.maxTotalExposureNotional))")
        }
        warnings += s.unknownKeyWarnings()
        return r
    }
}
