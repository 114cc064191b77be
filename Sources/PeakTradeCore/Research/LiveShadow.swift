/// A shadow run fed live: candles arrive per symbol, in any interleaving; the book steps through every bar
/// time all legs have, in order, and the live-risk alerts (a limit reaching warning or breach, orders
/// blocked) come back for the caller to dispatch.
public struct LiveShadow: Sendable {
    public private(set) var book: ShadowBook
    public let environment: EnvironmentMode
    private var pending: [Symbol: [Int64: Candle]] = [:]
    private var stepped = Int64.min
    private var utilisation: [LimitUtilisation] = []

    public init(preset: PortfolioPreset, model: ExecutionModel, initialCash: Double, risk: LiveRiskSettings, environment: EnvironmentMode) throws {
        book = try ShadowBook(preset: preset, model: model, initialCash: initialCash, risk: risk, start: 0)
        self.environment = environment
        utilisation = book.utilisation
    }

    public var symbols: Set<Symbol> { Set(book.preset.legs.map(\.symbol)) }

    /// Adds candles of one symbol and steps through every bar now complete for all legs.
    public mutating func add(_ symbol: Symbol, _ candles: [Candle], bus: EventBus, now: Int64) -> [Alert] {
        guard symbols.contains(symbol) else { return [] }
        for c in candles where c.time > stepped { pending[symbol, default: [:]][c.time] = c }
        let legs = book.preset.legs
        guard let first = pending[legs[0].symbol] else { return [] }
        let ready = first.keys.filter { t in legs.allSatisfy { pending[$0.symbol]?[t] != nil } }.sorted()
        var alerts: [Alert] = []
        for t in ready {
            book.step(time: t, bus: bus) { j in pending[legs[j].symbol]![t]! }
            stepped = t
            let after = book.utilisation
            let stopped = book.lastStepStopped
            let report = RiskReport(decisions: stopped.enumerated().map { i, s in var d = s.decision; d.index = i; return d },
                                    utilisationBefore: utilisation, utilisationAfter: after, enforcing: true, enabled: book.limits.settings.enabled)
            alerts += RiskAlerting.alerts(report, orders: stopped.map(\.order), environment: environment, now: now)
            utilisation = after
        }
        // Candles at or before the last step can no longer complete a bar.
        for s in pending.keys { pending[s] = pending[s]!.filter { $0.key > stepped } }
        return alerts
    }
}
