import ArgumentParser
import Foundation
import PeakTradeCore

struct ResearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "research",
        abstract: "Research portfolios from config/portfolio_presets.toml and their robustness.",
        subcommands: [ResearchPortfolioCommand.self, ResearchRobustnessCommand.self]
    )
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case text, markdown, json, both }

struct ResearchPortfolioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portfolio",
        abstract: "Run a portfolio preset and write reports/research/<preset>/<UTC timestamp>/ (report.md, report.json, equity.csv, trades.csv).",
        discussion: "--format chooses what is printed: text (a summary), markdown (report.md), json (report.json), both (markdown and json). The files are always written."
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("portfolio-preset"), help: "Preset name in [research] presets_path.") var preset: String
    @Option(help: "text, markdown, json or both.") var format: ReportFormat = .text

    func run() throws {
        try Console.run {
            let settings = try global.loadSettings()
            let p = try PortfolioPreset.load(preset, path: settings.research.presetsPath)
            let data = try PortfolioRun.loadData(p, settings: settings)
            let run = try PortfolioRun.run(p, data: data, model: settings.research.model, initialCash: settings.research.initialCash)
            let now = SystemClock.now()
            let dir = try ResearchReport.write(run, data: data, settings: settings, created: now)
            switch format {
            case .markdown: Console.out(ResearchReport.markdown(run, data: data, created: now))
            case .json: Console.out(String(decoding: try ResearchReport.json(run, data: data, created: now), as: UTF8.self))
            case .both:
                Console.out(ResearchReport.markdown(run, data: data, created: now))
                Console.out(String(decoding: try ResearchReport.json(run, data: data, created: now), as: UTF8.self))
            case .text:
                Console.out("research portfolio \(p.name): \(p.legs.count) legs, \(run.times.count) bars \(run.times.first.map(UTCTime.iso) ?? "-") … \(run.times.last.map(UTCTime.iso) ?? "-")")
                var seen = Set<String>()
                for d in data where seen.insert(d.report.source).inserted { printFindings(d) }
                Console.out(MetricsTable.render(run.metrics))
                for (i, (leg, r)) in zip(p.legs, run.legs).enumerated() {
                    let m = r.metrics
                    Console.out("  L\(i + 1) \(leg.name) (\(leg.strategy.paramText), weight \(formatQuantity(leg.weight))): return \(MetricsTable.pct(m.totalReturn)), Sharpe \(MetricsTable.num(m.sharpe)), max DD \(MetricsTable.pct(m.maxDrawdown)), \(m.trades) trades")
                }
                Console.out("  correlation of leg returns: " + run.correlation.enumerated().map { i, row in "L\(i + 1) [" + row.map { $0.map { String(format: "%.2f", $0) } ?? "n/a" }.joined(separator: " ") + "]" }.joined(separator: " "))
            }
            FileHandle.standardError.write(Data("peaktrade: wrote \(dir.path)/{report.md,report.json,equity.csv,trades.csv}\n".utf8))
            return .ok
        }
    }
}

struct ResearchRobustnessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "robustness",
        abstract: "Parameter perturbation grid, walk-forward splits and block bootstrap of a preset: percentiles of Sharpe, max drawdown, CAGR.",
        discussion: "Writes reports/research/<preset>/<UTC timestamp>/robustness.md and robustness.json. Seeded: the same inputs give the same numbers."
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("portfolio-preset"), help: "Preset name.") var preset: String
    @Option(help: "text, markdown, json or both.") var format: ReportFormat = .text
    @Option(help: "Parameter variants including the preset itself.") var variants = 200
    @Option(help: "Walk-forward folds.") var folds = 4
    @Option(help: "Bootstrap samples.") var samples = 500
    @Option(name: .customLong("block-bars"), help: "Bootstrap block length in bars.") var blockBars = 24
    @Option(help: "Random seed.") var seed: UInt64 = 42

    func run() throws {
        try Console.run {
            guard variants >= 1, folds >= 2, samples >= 1, blockBars >= 1 else {
                throw PeakTradeError.usage("--variants ≥ 1, --folds ≥ 2, --samples ≥ 1 and --block-bars ≥ 1 are required")
            }
            let settings = try global.loadSettings()
            let p = try PortfolioPreset.load(preset, path: settings.research.presetsPath)
            let data = try PortfolioRun.loadData(p, settings: settings)
            let study = try RobustnessStudy.run(p, data: data, model: settings.research.model, initialCash: settings.research.initialCash,
                                                variants: variants, folds: folds, samples: samples, blockBars: blockBars, seed: seed)
            let md = markdown(study)
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            struct Doc: Encodable {
                let preset: String; let variants: Int; let base: Metrics; let grid: RobustnessStudy.Summary
                let walk_forward: [RobustnessStudy.Split]; let walk_forward_out_of_sample: RobustnessStudy.Summary
                let bootstrap: RobustnessStudy.Summary; let bootstrap_samples: Int; let block_bars: Int; let seed: UInt64
            }
            let json = String(decoding: try enc.encode(Doc(preset: p.name, variants: study.variants.count, base: study.base, grid: study.grid,
                                                           walk_forward: study.walkForward, walk_forward_out_of_sample: study.walkForwardOutOfSample,
                                                           bootstrap: study.bootstrap, bootstrap_samples: study.bootstrapSamples, block_bars: blockBars, seed: seed)), as: UTF8.self)
            let stamp = UTCTime.stamp(SystemClock.now())
            let dir = URL(fileURLWithPath: settings.research.reportsDir).appendingPathComponent(p.name).appendingPathComponent(stamp)
            try AtomicFile.write(md, to: dir.appendingPathComponent("robustness.md"))
            try AtomicFile.write(json, to: dir.appendingPathComponent("robustness.json"))
            switch format {
            case .json: Console.out(json)
            case .markdown, .text: Console.out(md)
            case .both: Console.out(md); Console.out(json)
            }
            FileHandle.standardError.write(Data("peaktrade: wrote \(dir.path)/{robustness.md,robustness.json}\n".utf8))
            return .ok
        }
    }

    func markdown(_ s: RobustnessStudy) -> String {
        func row(_ name: String, _ d: RobustnessStudy.Distribution, pct: Bool) -> String {
            let f = { (v: Double?) in v.map { pct ? String(format: "%.2f %%", $0 * 100) : String(format: "%.2f", $0) } ?? "n/a" }
            return "| \(name) | \(d.count) | \(f(d.p5)) | \(f(d.p25)) | \(f(d.p50)) | \(f(d.p75)) | \(f(d.p95)) |\n"
        }
        func table(_ title: String, _ sum: RobustnessStudy.Summary) -> String {
            "### \(title)\n\n| metric | n | p5 | p25 | median | p75 | p95 |\n|---|---|---|---|---|---|---|\n"
                + row("Sharpe", sum.sharpe, pct: false) + row("max drawdown", sum.maxDrawdown, pct: true) + row("CAGR", sum.cagr, pct: true) + "\n"
        }
        var md = "# Robustness of `\(s.preset)`\n\nBase: Sharpe \(MetricsTable.num(s.base.sharpe)), max drawdown \(MetricsTable.pct(s.base.maxDrawdown)), CAGR \(MetricsTable.pct(s.base.cagr)).\n\n"
        md += table("Parameter perturbation grid (\(s.variants.count) variants, each parameter ×0.8…×1.2)", s.grid)
        md += "### Walk-forward (\(s.walkForward.count) splits: best in-sample Sharpe, judged out of sample)\n\n| in sample | out of sample | chosen | IS Sharpe | OOS Sharpe | OOS max DD | OOS return |\n|---|---|---|---|---|---|---|\n"
        for w in s.walkForward {
            md += "| \(w.inSampleStart.prefix(10))…\(w.inSampleEnd.prefix(10)) | \(w.outOfSampleStart.prefix(10))…\(w.outOfSampleEnd.prefix(10)) | #\(w.chosenVariant) \(w.chosenParams.joined(separator: "; ")) | \(MetricsTable.num(w.inSampleSharpe)) | \(MetricsTable.num(w.outOfSample.sharpe)) | \(MetricsTable.pct(w.outOfSample.maxDrawdown)) | \(MetricsTable.pct(w.outOfSample.totalReturn)) |\n"
        }
        md += "\n" + table("Block bootstrap (\(s.bootstrapSamples) samples, blocks of \(s.blockBars) bars)", s.bootstrap)
        return md
    }
}
