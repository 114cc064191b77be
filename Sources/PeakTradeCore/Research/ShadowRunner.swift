import Foundation

/// A shadow (paper) run of a portfolio preset: the research strategies and `Sleeve`s fed one bar at a time,
/// with the shadow execution model; every fill is an order that must pass the live risk checks against a
/// paper portfolio first. It publishes events and writes a PnL log per bar. With the research execution model
/// and limits that allow everything it reproduces the research portfolio exactly (same code path).
public struct ShadowRunner: Sendable {
    public var preset: PortfolioPreset
    public var model: ExecutionModel
    public var initialCash: Double
    public var risk: LiveRiskSettings
    public var environment: EnvironmentMode
    public var bus: EventBus

    public init(preset: PortfolioPreset, model: ExecutionModel, initialCash: Double, risk: LiveRiskSettings,
                environment: EnvironmentMode, bus: EventBus = EventBus()) {
        self.preset = preset
        self.model = model
        self.initialCash = initialCash
        self.risk = risk
        self.environment = environment
        self.bus = bus
    }

    public struct Result: Sendable {
        public var times: [Int64]
        public var equity: [Double]
        public var legEquity: [[Double]]
        public var legTrades: [[Trade]]
        public var portfolio: PaperPortfolio
        public var allowedOrders: Int
        public var blockedOrders: Int
        public var blockReasons: [RiskCode: Int]
        public var feesPaid: Double
        public var slippageCost: Double
        public var timeframe: Timeframe
        public var barsInMarket: Int
        /// The PnL log: `timestamp,equity,pnl,fees,slippage_cost,positions`.
        public var pnlLog: String

        public var metrics: Metrics {
            Metrics(times: times, equity: equity, initialEquity: equity.first ?? 0, timeframe: timeframe,
                    trades: legTrades.flatMap { $0 }, barsInMarket: barsInMarket, feesPaid: feesPaid)
        }
    }

    /// - Parameters:
    ///   - range: only bars with open time inside it.
    ///   - barsPerSecond: replay pace (0: as fast as possible).
    public func run(data: [ResearchData], range: ClosedRange<Int64>? = nil, barsPerSecond: Double = 0) throws -> Result {
        let legs = preset.legs
        var series = zip(legs, data).map { _, d in d.series }
        if let range { series = series.map { s in s.selecting(s.time.indices.filter { range.contains(s.time[$0]) }) } }
        // The bars every leg has, in time order, and each leg's row for them.
        var common = Set(series.first?.time ?? [])
        for s in series.dropFirst() { common.formIntersection(s.time) }
        let times = common.sorted()
        guard times.count >= 2 else { throw PeakTradeError.badInput("shadow run of \(preset.name): fewer than 2 bars in the chosen range") }
        let rows = series.map { s -> [Int] in
            let index = Dictionary(s.time.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            return times.map { index[$0]! }
        }
        var book = try ShadowBook(preset: preset, model: model, initialCash: initialCash, risk: risk, start: times[0])
        var equity = [Double](repeating: 0, count: times.count)
        var legEquity = [[Double]](repeating: [Double](repeating: 0, count: times.count), count: legs.count)
        var log = "timestamp,equity,pnl,fees,slippage_cost,positions\n"
        var previous = initialCash
        let pause = barsPerSecond > 0 ? 1 / barsPerSecond : 0
        for (k, t) in times.enumerated() {
            let legValues = book.step(time: t, bus: bus) { j in series[j][rows[j][k]] }
            for j in legs.indices { legEquity[j][k] = legValues[j] }
            let total = book.equity
            equity[k] = total
            log += "\(UTCTime.iso(t)),\(String(format: "%.4f", total)),\(String(format: "%.4f", total - previous)),\(String(format: "%.4f", book.feesPaid)),\(String(format: "%.4f", book.slippageCost)),\(book.positionsText)\n"
            previous = total
            if pause > 0 { Thread.sleep(forTimeInterval: pause) }
        }
        let sleeves = book.sleeves
        return Result(times: times, equity: equity, legEquity: legEquity, legTrades: sleeves.map(\.trades), portfolio: book.portfolio,
                      allowedOrders: book.allowedOrders, blockedOrders: book.blockedOrders, blockReasons: book.blockReasons,
                      feesPaid: sleeves.reduce(0) { $0 + $1.feesPaid }, slippageCost: sleeves.reduce(0) { $0 + $1.slippageCost },
                      timeframe: legs.map(\.timeframe).max() ?? .h1, barsInMarket: sleeves.map(\.barsInMarket).max() ?? 0, pnlLog: log)
    }
}

/// A quantity with up to 8 decimals and no trailing zeros (`0.01`, `1.5`, `100`); never `-0`.
public func formatQuantity(_ q: Double) -> String {
    var s = String(format: "%.8f", q)
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s == "-0" ? "0" : s
}
