import Foundation

/// `reports/research/<preset>/<UTC timestamp>/`: report.md, report.json, equity.csv, trades.csv.
public enum ResearchReport {
    public struct LegJSON: Encodable {
        let name: String; let strategy: String; let params: [String: Double]; let symbol: String; let timeframe: String
        let weight: Double; let metrics: Metrics
    }

    public struct JSONDoc: Encodable {
        let preset: String; let description: String; let created: String; let initial_cash: Double; let execution: ExecutionModel
        let rebalancing: String; let metrics: Metrics; let legs: [LegJSON]; let correlation: [[Double?]]
        let data_quality: [DataCheckReport]
    }

    public static func json(_ run: PortfolioRun, data: [ResearchData], created: Int64) throws -> Data {
        let legs = zip(run.preset.legs, run.legs).map { leg, r in
            LegJSON(name: leg.name, strategy: leg.strategy.name, params: (try? leg.strategy.resolved()) ?? leg.strategy.params,
                    symbol: leg.symbol.description, timeframe: leg.timeframe.rawValue, weight: leg.weight, metrics: r.metrics)
        }
        var seen = Set<String>()
        let quality = data.map(\.report).filter { seen.insert($0.source).inserted }
        let doc = JSONDoc(preset: run.preset.name, description: run.preset.description, created: UTCTime.iso(created),
                          initial_cash: run.initialCash, execution: run.model,
                          rebalancing: "none: each leg is a sleeve with weight × initial_cash; portfolio equity is the sum of the sleeves plus unallocated cash",
                          metrics: run.metrics, legs: legs, correlation: run.correlation, data_quality: quality)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try enc.encode(doc)
    }

    public static func markdown(_ run: PortfolioRun, data: [ResearchData], created: Int64) -> String {
        let m = run.metrics
        func pct(_ v: Double?) -> String { v.map { String(format: "%.2f %%", $0 * 100) } ?? "n/a" }
        func num(_ v: Double?) -> String { v.map { String(format: "%.2f", $0) } ?? "n/a" }
        var md = "# Research portfolio `\(run.preset.name)`\n\n\(run.preset.description)\n\n"
        md += "Created \(UTCTime.iso(created)); \(m.bars) bars \(UTCTime.iso(m.start)) → \(UTCTime.iso(m.end)); initial cash \(money(run.initialCash)); "
        md += "fills at the next bar's open + \(run.model.latencyBars) bar(s), fees \(fmt(run.model.feesBps)) bps, slippage \(fmt(run.model.slippageBps)) bps. "
        md += "No rebalancing between legs: each leg trades weight × initial cash.\n\n"
        md += "## Portfolio\n\n| metric | value |\n|---|---|\n"
        for (k, v) in [("total return", pct(m.totalReturn)), ("CAGR", pct(m.cagr)), ("volatility (ann.)", pct(m.volatility)),
                       ("Sharpe", num(m.sharpe)), ("Sortino", num(m.sortino)), ("max drawdown", pct(m.maxDrawdown)),
                       ("Calmar", num(m.calmar)), ("trades", "\(m.trades)"), ("win rate", pct(m.winRate)),
                       ("profit factor", num(m.profitFactor)), ("fees paid", money(m.feesPaid))] { md += "| \(k) | \(v) |\n" }
        md += "\n## Legs\n\n| leg | params | weight | return | CAGR | Sharpe | max DD | trades | win rate |\n|---|---|---|---|---|---|---|---|---|\n"
        for (leg, r) in zip(run.preset.legs, run.legs) {
            let lm = r.metrics
            md += "| \(leg.name) | \(leg.strategy.paramText) | \(fmt(leg.weight)) | \(pct(lm.totalReturn)) | \(pct(lm.cagr)) | \(num(lm.sharpe)) | \(pct(lm.maxDrawdown)) | \(lm.trades) | \(pct(lm.winRate)) |\n"
        }
        md += "\n## Correlation of leg returns\n\n| | " + run.preset.legs.indices.map { "L\($0 + 1)" }.joined(separator: " | ") + " |\n|---|" + run.preset.legs.map { _ in "---|" }.joined() + "\n"
        for (i, row) in run.correlation.enumerated() {
            md += "| L\(i + 1) \(run.preset.legs[i].name) | " + row.map { $0.map { String(format: "%.2f", $0) } ?? "n/a" }.joined(separator: " | ") + " |\n"
        }
        md += "\n## Data quality\n\n"
        var seen = Set<String>()
        for d in data where seen.insert(d.report.source).inserted {
            let s = d.report.summary
            md += "- `\(d.report.source)`: \(d.report.rows) candles, \(s.critical) critical, \(s.error) error, \(s.warning) warning, \(s.info) info\n"
            for f in d.shown.prefix(20) { md += "  - **\(f.severity.name)** \(f.kind.rawValue): \(f.message)\n" }
        }
        return md
    }

    /// Writes the four files; returns the folder.
    public static func write(_ run: PortfolioRun, data: [ResearchData], settings: Settings, created: Int64) throws -> URL {
        let stamp = UTCTime.stamp(created)
        let dir = URL(fileURLWithPath: settings.research.reportsDir).appendingPathComponent(run.preset.name).appendingPathComponent(stamp)
        try AtomicFile.write(markdown(run, data: data, created: created), to: dir.appendingPathComponent("report.md"))
        try AtomicFile.write(try json(run, data: data, created: created), to: dir.appendingPathComponent("report.json"))
        try AtomicFile.write(ResearchFiles.equityCSV(times: run.times, equity: run.equity,
                                                     legs: zip(run.preset.legs, run.legEquity).enumerated().map { ("L\($0.offset + 1)", $0.element.1) }),
                             to: dir.appendingPathComponent("equity.csv"))
        let rows = zip(run.preset.legs, run.legs).enumerated().flatMap { k, pair in
            pair.1.trades.map { ("L\(k + 1)", pair.0.symbol.description, pair.0.strategy.name, $0) }
        }
        try AtomicFile.write(ResearchFiles.tradesCSV(rows), to: dir.appendingPathComponent("trades.csv"))
        return dir
    }
}
