import Foundation

/// Performance metrics, defined exactly (docs/RESEARCH.md):
/// r_t = E_t / E_{t−1} − 1 over the equity at each bar's close; Sharpe = mean(r) / std(r, n−1) × √(bars per
/// year); Sortino = mean(r) / √(mean(min(r, 0)²)) × √(bars per year); volatility = std(r, n−1) × √(bars per
/// year); CAGR = (E_end / E_start)^(1 / years) − 1 with years = (t_last − t_first) / 365.25 days; max drawdown
/// = max_t 1 − E_t / max_{s≤t} E_s; Calmar = CAGR / max drawdown. Undefined values (no variance, no loss, no
/// drawdown) are nil.
public struct Metrics: Sendable, Equatable, Codable {
    public var bars: Int
    public var start: Int64
    public var end: Int64
    public var startEquity: Double
    public var endEquity: Double
    public var totalReturn: Double
    public var cagr: Double?
    public var volatility: Double?
    public var sharpe: Double?
    public var sortino: Double?
    public var maxDrawdown: Double
    public var drawdownStart: Int64?
    public var drawdownTrough: Int64?
    /// nil when the equity never got back to the previous peak.
    public var drawdownRecovery: Int64?
    /// Peak to recovery (or to the last bar when not recovered), in milliseconds.
    public var drawdownDuration: Int64
    public var calmar: Double?
    public var trades: Int
    public var winRate: Double?
    public var profitFactor: Double?
    /// Share of bars with an open position.
    public var exposure: Double
    public var feesPaid: Double

    enum CodingKeys: String, CodingKey {
        case bars, start, end, startEquity = "start_equity", endEquity = "end_equity", totalReturn = "total_return", cagr, volatility
        case sharpe, sortino, maxDrawdown = "max_drawdown", drawdownStart = "drawdown_start", drawdownTrough = "drawdown_trough"
        case drawdownRecovery = "drawdown_recovery", drawdownDuration = "drawdown_duration_hours", calmar, trades, winRate = "win_rate"
        case profitFactor = "profit_factor", exposure, feesPaid = "fees_paid"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(bars, forKey: .bars)
        try c.encode(UTCTime.iso(start), forKey: .start)
        try c.encode(UTCTime.iso(end), forKey: .end)
        try c.encode(startEquity, forKey: .startEquity)
        try c.encode(endEquity, forKey: .endEquity)
        try c.encode(totalReturn, forKey: .totalReturn)
        try c.encode(cagr, forKey: .cagr)
        try c.encode(volatility, forKey: .volatility)
        try c.encode(sharpe, forKey: .sharpe)
        try c.encode(sortino, forKey: .sortino)
        try c.encode(maxDrawdown, forKey: .maxDrawdown)
        try c.encode(drawdownStart.map(UTCTime.iso), forKey: .drawdownStart)
        try c.encode(drawdownTrough.map(UTCTime.iso), forKey: .drawdownTrough)
        try c.encode(drawdownRecovery.map(UTCTime.iso), forKey: .drawdownRecovery)
        try c.encode(Double(drawdownDuration) / 3_600_000, forKey: .drawdownDuration)
        try c.encode(calmar, forKey: .calmar)
        try c.encode(trades, forKey: .trades)
        try c.encode(winRate, forKey: .winRate)
        try c.encode(profitFactor, forKey: .profitFactor)
        try c.encode(exposure, forKey: .exposure)
        try c.encode(feesPaid, forKey: .feesPaid)
    }

    public init(times: [Int64], equity: [Double], initialEquity: Double, timeframe: Timeframe, trades: [Trade] = [],
                barsInMarket: Int = 0, feesPaid: Double = 0) {
        let n = equity.count
        bars = n
        start = times.first ?? 0
        end = times.last ?? 0
        startEquity = equity.first ?? initialEquity
        endEquity = equity.last ?? initialEquity
        totalReturn = startEquity > 0 ? endEquity / startEquity - 1 : 0
        let years = Double(end - start) / (365.25 * 86_400_000)
        cagr = years > 0 && startEquity > 0 && endEquity > 0 ? pow(endEquity / startEquity, 1 / years) - 1 : nil
        let stats = Self.returnStats(equity)
        let annual = timeframe.barsPerYear.squareRoot()
        volatility = stats.std.map { $0 * annual }
        sharpe = stats.std.flatMap { $0 > 0 ? stats.mean / $0 * annual : nil }
        sortino = stats.downside > 0 ? stats.mean / stats.downside * annual : nil
        let dd = Self.drawdown(times: times, equity: equity)
        maxDrawdown = dd.depth
        drawdownStart = dd.start
        drawdownTrough = dd.trough
        drawdownRecovery = dd.recovery
        drawdownDuration = dd.depth > 0 ? (dd.recovery ?? end) - (dd.start ?? start) : 0
        calmar = dd.depth > 0 ? cagr.map { $0 / dd.depth } : nil
        let closed = trades.compactMap(\.pnl)
        self.trades = closed.count
        winRate = closed.isEmpty ? nil : Double(closed.filter { $0 > 0 }.count) / Double(closed.count)
        let gains = closed.filter { $0 > 0 }.reduce(0, +), losses = -closed.filter { $0 < 0 }.reduce(0, +)
        profitFactor = losses > 0 ? gains / losses : nil
        exposure = n > 0 ? Double(barsInMarket) / Double(n) : 0
        self.feesPaid = feesPaid
    }

    /// Mean, sample standard deviation and downside deviation of the per-bar simple returns.
    static func returnStats(_ e: [Double]) -> (mean: Double, std: Double?, downside: Double) {
        guard e.count >= 2 else { return (0, nil, 0) }
        var sum = 0.0, downsideSq = 0.0
        let m = e.count - 1
        for t in 1..<e.count {
            let r = e[t] / e[t - 1] - 1
            sum += r
            if r < 0 { downsideSq += r * r }
        }
        let mean = sum / Double(m)
        guard m >= 2 else { return (mean, nil, (downsideSq / Double(m)).squareRoot()) }
        var ss = 0.0
        for t in 1..<e.count { let d = e[t] / e[t - 1] - 1 - mean; ss += d * d }
        return (mean, (ss / Double(m - 1)).squareRoot(), (downsideSq / Double(m)).squareRoot())
    }

    static func drawdown(times: [Int64], equity: [Double]) -> (depth: Double, start: Int64?, trough: Int64?, recovery: Int64?) {
        var peak = -Double.infinity, peakIndex = 0
        var depth = 0.0, startIndex = -1, troughIndex = -1
        for (i, e) in equity.enumerated() {
            if e > peak { peak = e; peakIndex = i }
            let d = peak > 0 ? 1 - e / peak : 0
            if d > depth { depth = d; startIndex = peakIndex; troughIndex = i }
        }
        guard depth > 0 else { return (0, nil, nil, nil) }
        let peakValue = equity[startIndex]
        var recovery: Int64?
        for i in troughIndex..<equity.count where equity[i] >= peakValue { recovery = times[i]; break }
        return (depth, times[startIndex], times[troughIndex], recovery)
    }
}
