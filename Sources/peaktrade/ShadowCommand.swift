import ArgumentParser
import Foundation
import PeakTradeCore

struct ShadowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shadow",
        abstract: "Shadow (paper) runs of portfolio presets under the live risk limits.",
        subcommands: [ShadowRunCommand.self]
    )
}

struct ShadowRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Replay a preset bar by bar with the [shadow] execution model; every fill passes the live risk checks.",
        discussion: "Writes reports/shadow/<preset>/<UTC timestamp>/: shadow_pnl.csv (per bar: timestamp, equity, pnl, fees, slippage_cost, positions), trades.csv, summary.json. Refuses to run in live mode."
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("portfolio-preset"), help: "Preset name.") var preset: String
    @Option(help: "First bar (open time).") var from: Timestamp?
    @Option(help: "Last bar (open time).") var to: Timestamp?
    @Option(help: "Replay speed in bars per second (0: as fast as possible).") var speed: Double = 0
    @Flag(help: "Print the summary as JSON.") var json = false

    func run() throws {
        try Console.run {
            let settings = try global.loadSettings()
            guard settings.environment != .live else {
                throw PeakTradeError.config("[environment] mode = \"live\": shadow runs are for shadow/paper/testnet only")
            }
            guard speed >= 0 else { throw PeakTradeError.usage("--speed \(speed) is not valid; expected bars per second ≥ 0") }
            let p = try PortfolioPreset.load(preset, path: settings.research.presetsPath)
            let data = try PortfolioRun.loadData(p, settings: settings)
            let range: ClosedRange<Int64>? = (from != nil || to != nil) ? (from?.ms ?? .min)...(to?.ms ?? .max) : nil
            if let range, range.isEmpty { throw PeakTradeError.usage("--from is after --to") }
            let runner = ShadowRunner(preset: p, model: settings.research.shadowModel, initialCash: settings.research.initialCash,
                                      risk: settings.liveRisk, environment: settings.environment)
            let r = try runner.run(data: data, range: range, barsPerSecond: speed)
            let m = r.metrics
            let stamp = UTCTime.stamp(SystemClock.now())
            let dir = URL(fileURLWithPath: settings.research.shadowDir).appendingPathComponent(p.name).appendingPathComponent(stamp)
            try AtomicFile.write(r.pnlLog, to: dir.appendingPathComponent("shadow_pnl.csv"))
            let rows = zip(p.legs, r.legTrades).enumerated().flatMap { k, pair in pair.1.map { ("L\(k + 1)", pair.0.symbol.description, pair.0.strategy.name, $0) } }
            try AtomicFile.write(ResearchFiles.tradesCSV(rows), to: dir.appendingPathComponent("trades.csv"))
            struct Doc: Encodable {
                let preset: String; let environment: String; let execution: ExecutionModel; let metrics: Metrics
                let allowed_orders: Int; let blocked_orders: Int; let block_reasons: [String: Int]; let slippage_cost: Double; let folder: String
            }
            let doc = Doc(preset: p.name, environment: settings.environment.rawValue, execution: settings.research.shadowModel, metrics: m,
                          allowed_orders: r.allowedOrders, blocked_orders: r.blockedOrders,
                          block_reasons: Dictionary(uniqueKeysWithValues: r.blockReasons.map { ($0.key.rawValue, $0.value) }),
                          slippage_cost: r.slippageCost, folder: dir.path)
            let text = try Console.json(doc)
            try AtomicFile.write(text, to: dir.appendingPathComponent("summary.json"))
            if json {
                Console.out(text)
            } else {
                Console.out("shadow run \(p.name) (\(settings.environment.rawValue)): \(m.bars) bars \(UTCTime.iso(m.start)) … \(UTCTime.iso(m.end)); fees \(fmtBps(settings.research.shadowModel.feesBps)) bps, slippage \(fmtBps(settings.research.shadowModel.slippageBps)) bps, latency \(settings.research.shadowModel.latencyBars) bar(s)")
                var seen = Set<String>()
                for d in data where seen.insert(d.report.source).inserted { printFindings(d) }
                Console.out(MetricsTable.render(m))
                Console.out("  orders: \(r.allowedOrders) filled, \(r.blockedOrders) blocked by live risk" + (r.blockReasons.isEmpty ? "" : " (" + r.blockReasons.map { "\($0.key.rawValue) ×\($0.value)" }.sorted().joined(separator: ", ") + ")"))
                Console.out("  wrote \(dir.path)/{shadow_pnl.csv,trades.csv,summary.json}")
            }
            return .ok
        }
    }
}
