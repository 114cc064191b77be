import ArgumentParser
import Foundation
import PeakTradeCore

struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Backtest one strategy on one symbol (data checked first).",
        discussion: "Execution and metric definitions: docs/RESEARCH.md. Strategies: \(StrategySpec.names). Exit 1 when [data_quality] on_findings = \"fail\" and a finding reaches fail_on."
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Strategy: \(StrategySpec.names).") var strategy: String
    @Option(help: "Symbol, e.g. BTC/EUR.") var symbol: String
    @Option(help: "Use the last N bars (default: all).") var bars: Int?
    @Option(help: "Timeframe (default: [data] timeframe).") var timeframe: Timeframe?
    @Option(help: "Candle file (default: the configured file of the symbol).") var data: String?
    @Option(name: .customLong("param"), help: "Strategy parameter KEY=VALUE (repeatable).") var params: [String] = []
    @Option(name: .customLong("fees-bps"), help: "Fees per fill in basis points (default: [research]).") var feesBps: Double?
    @Option(name: .customLong("slippage-bps"), help: "Slippage per fill in basis points (default: [research]).") var slippageBps: Double?
    @Option(help: "Write equity.csv and trades.csv into this folder.") var out: String?
    @Flag(help: "Print metrics, trades and data findings as JSON.") var json = false

    func run() throws {
        try Console.run {
            let settings = try global.loadSettings()
            let spec = StrategySpec(name: strategy, params: try parseParams(params))
            _ = try spec.resolved()
            if let bars, bars < 2 { throw PeakTradeError.usage("--bars \(bars) is not valid; expected at least 2") }
            var model = settings.research.model
            if let feesBps { guard feesBps >= 0 else { throw PeakTradeError.usage("--fees-bps must be ≥ 0") }; model.feesBps = feesBps }
            if let slippageBps { guard slippageBps >= 0 else { throw PeakTradeError.usage("--slippage-bps must be ≥ 0") }; model.slippageBps = slippageBps }
            let sym = try Symbol(parsing: symbol)
            let d = try ResearchData.load(settings: settings, symbol: sym, timeframe: timeframe, path: data, bars: bars)
            let result = try Backtester.run(d.series, spec: spec, model: model, initialCash: settings.research.initialCash, timeframe: d.timeframe)
            let m = result.metrics
            if let out {
                let dir = URL(fileURLWithPath: out)
                try AtomicFile.write(ResearchFiles.equityCSV(times: result.times, equity: result.equity), to: dir.appendingPathComponent("equity.csv"))
                try AtomicFile.write(ResearchFiles.tradesCSV(result.trades.map { (spec.name, sym.description, spec.name, $0) }), to: dir.appendingPathComponent("trades.csv"))
            }
            if json {
                struct Doc: Encodable {
                    let strategy: String; let params: [String: Double]; let symbol: String; let timeframe: String; let source: String
                    let execution: ExecutionModel; let initial_cash: Double; let metrics: Metrics; let trades: [Trade]
                    let slippage_cost: Double; let data_quality: DataCheckReport
                }
                Console.out(try Console.json(Doc(strategy: spec.name, params: try spec.resolved(), symbol: sym.description, timeframe: d.timeframe.rawValue,
                                                 source: d.report.source, execution: model, initial_cash: settings.research.initialCash, metrics: m,
                                                 trades: result.trades, slippage_cost: result.slippageCost, data_quality: d.report)))
            } else {
                Console.out("backtest \(spec.name)(\(spec.paramText)) \(sym) \(d.timeframe.rawValue): \(m.bars) bars \(UTCTime.iso(m.start)) … \(UTCTime.iso(m.end)) from \(d.report.source)")
                Console.out("  execution: fill next open + \(model.latencyBars) bar(s), fees \(fmtBps(model.feesBps)) bps, slippage \(fmtBps(model.slippageBps)) bps, size \(Int(model.positionFraction * 100)) % of equity")
                printFindings(d)
                Console.out(MetricsTable.render(m))
                if let out { Console.out("  wrote \(out)/equity.csv and \(out)/trades.csv") }
            }
            return .ok
        }
    }
}

func fmtBps(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }

/// `--param fast=10 --param slow=30`.
func parseParams(_ items: [String]) throws -> [String: Double] {
    var out: [String: Double] = [:]
    for item in items {
        let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty else { throw PeakTradeError.usage("--param \(TerminalText.quoted(item)) is not valid; expected KEY=VALUE such as fast=10") }
        let v: Double
        switch parts[1].lowercased() {
        case "true": v = 1
        case "false": v = 0
        default:
            guard let d = Double(parts[1]), d.isFinite else { throw PeakTradeError.usage("--param \(parts[0]) = \(TerminalText.quoted(parts[1])) is not a number") }
            v = d
        }
        out[parts[0]] = v
    }
    return out
}

/// Data-quality findings of a research run, shown before its results (never silent).
func printFindings(_ d: ResearchData) {
    guard !d.shown.isEmpty else { return }
    Console.out("  DATA QUALITY: \(d.shown.count) finding(s) in \(d.report.source) (results may be distorted):")
    for f in d.shown.prefix(10) { Console.out(TerminalText.sanitize("    \(f.severity.name.uppercased()) \(f.kind.rawValue): \(f.message)")) }
    if d.shown.count > 10 { Console.out("    … \(d.shown.count - 10) more (peaktrade data check \(d.report.source))") }
}

enum MetricsTable {
    static func pct(_ v: Double?) -> String { v.map { String(format: "%.2f %%", $0 * 100) } ?? "n/a" }
    static func num(_ v: Double?) -> String { v.map { String(format: "%.2f", $0) } ?? "n/a" }

    static func render(_ m: Metrics) -> String {
        var rows: [(String, String)] = [
            ("equity", "\(money(m.startEquity)) → \(money(m.endEquity))"),
            ("total return", pct(m.totalReturn)), ("CAGR", pct(m.cagr)), ("volatility (ann.)", pct(m.volatility)),
            ("Sharpe", num(m.sharpe)), ("Sortino", num(m.sortino)),
            ("max drawdown", pct(m.maxDrawdown) + (m.drawdownStart.map { " (\(UTCTime.iso($0)) → trough \(UTCTime.iso(m.drawdownTrough!)), " + (m.drawdownRecovery.map { "recovered \(UTCTime.iso($0)))" } ?? "not recovered)") } ?? "")),
            ("Calmar", num(m.calmar)), ("trades", "\(m.trades) closed"), ("win rate", pct(m.winRate)),
            ("profit factor", num(m.profitFactor)), ("exposure", pct(m.exposure)), ("fees paid", money(m.feesPaid)),
        ]
        rows = rows.map { ($0.0.padding(toLength: 18, withPad: " ", startingAt: 0), $0.1) }
        return rows.map { "  \($0.0) \($0.1)" }.joined(separator: "\n")
    }
}
