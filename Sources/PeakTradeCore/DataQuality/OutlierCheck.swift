import Foundation

/// `outlier`: closes and wicks far outside the local distribution.
///
/// Moves are simple returns (close / previous close − 1) and wicks (high / body top − 1, body bottom / low − 1).
/// Each block of `outlierWindow` bars gets its own median and MAD, so the threshold follows volatility regimes.
/// A bar is an outlier when its robust z-score reaches the threshold; it is critical when the move is also
/// absurd in size (a factor ≥ `outlierCriticalFactor`): a close ×10 is critical, a real 10–20 % crash is not.
/// When a bar's move is reversed by the next bar (a spike), only the spiking bar is reported.
struct OutlierCheck {
    let settings: DataQualitySettings

    /// Below this many usable values a block borrows the whole series' statistics.
    static let minBlockValues = 16
    /// Floor of the robust scale: a run of identical closes has MAD 0, which must not make every move infinite.
    static let minScale = 5e-4
    /// Moves smaller than this are never reported, whatever their z-score.
    static let minMove = 0.01

    /// - Parameter timeframe: when given, a return spanning a gap is not scored (it covers more than one bar).
    func run(_ s: CandleSeries, timeframe: Timeframe?) -> [Finding] {
        let maxStep = timeframe?.milliseconds ?? .max
        let n = s.count
        guard n >= 3 else { return [] }
        var ret = [Double](repeating: .nan, count: n)
        var up = [Double](repeating: .nan, count: n)
        var down = [Double](repeating: .nan, count: n)
        for i in 0..<n {
            let o = s.open[i], h = s.high[i], l = s.low[i], c = s.close[i]
            guard o > 0, h > 0, l > 0, c > 0, o.isFinite, h.isFinite, l.isFinite, c.isFinite else { continue }
            let top = max(o, c), bottom = min(o, c)
            if h >= top { up[i] = h / top - 1 }
            if l <= bottom { down[i] = bottom / l - 1 }
            if i > 0, s.close[i - 1] > 0, s.close[i - 1].isFinite, s.time[i] - s.time[i - 1] <= maxStep { ret[i] = c / s.close[i - 1] - 1 }
        }
        var findings: [Finding] = []
        let block = max(settings.outlierWindow, Self.minBlockValues)
        var scratch: [Double] = []
        scratch.reserveCapacity(n < 4 * block ? n : 2 * block)
        ret.withUnsafeBufferPointer { r in
            up.withUnsafeBufferPointer { u in
                down.withUnsafeBufferPointer { d in
                    let whole = (RobustStats.of(r, 0..<n, scratch: &scratch, minCount: 8),
                                 RobustStats.of(u, 0..<n, scratch: &scratch, minCount: 8),
                                 RobustStats.of(d, 0..<n, scratch: &scratch, minCount: 8))
                    var skipNext = false
                    var start = 0
                    while start < n {
                        var end = min(start + block, n)
                        if n - end < block / 2 { end = n }  // fold a short tail into the last block
                        let rs = RobustStats.of(r, start..<end, scratch: &scratch, minCount: Self.minBlockValues) ?? whole.0
                        let us = RobustStats.of(u, start..<end, scratch: &scratch, minCount: Self.minBlockValues) ?? whole.1
                        let ds = RobustStats.of(d, start..<end, scratch: &scratch, minCount: Self.minBlockValues) ?? whole.2
                        for i in start..<end {
                            if let rs, !skipNext, let f = closeOutlier(s, r, i, rs) {
                                findings.append(f.finding)
                                skipNext = f.reverted
                            } else { skipNext = false }
                            if let us, let f = wickOutlier(s, u, i, us, upper: true) { findings.append(f) }
                            if let ds, let f = wickOutlier(s, d, i, ds, upper: false) { findings.append(f) }
                        }
                        start = end
                    }
                }
            }
        }
        return findings
    }

    private func z(_ v: Double, _ st: RobustStats) -> Double { abs(v - st.median) / max(st.scale, Self.minScale) }

    private func closeOutlier(_ s: CandleSeries, _ r: UnsafeBufferPointer<Double>, _ i: Int, _ st: RobustStats)
        -> (finding: Finding, reverted: Bool)? {
        let move = r[i]
        guard move.isFinite, abs(move) >= Self.minMove else { return nil }
        let score = z(move, st)
        guard score >= settings.outlierZ else { return nil }
        let factor = move >= 0 ? 1 + move : 1 / (1 + move)
        var reverted = false
        var tail = "; not reverted, likely a real market move"
        if i + 1 < s.count, r[i + 1].isFinite, (r[i + 1] < 0) != (move < 0), z(r[i + 1], st) >= settings.outlierZ {
            reverted = true
            tail = "; the next close \(fmt(s.close[i + 1])) reverts it"
        }
        // A spike that snaps back is the signature of a bad print; a move that holds is usually the market.
        let severity: Severity = factor >= settings.outlierCriticalFactor ? .critical : reverted ? .warning : .info
        let direction = move >= 0 ? "\(fmt2(factor))× the previous close" : "1/\(fmt2(factor)) of the previous close"
        let msg = "close \(fmt(s.close[i])) at \(UTCTime.iso(s.time[i])) is \(direction) \(fmt(s.close[i - 1])) (\(pct(move)), robust z=\(Int(score.rounded())), typical move \(pct(max(st.scale, Self.minScale)))\(tail))"
        return (Finding(kind: .outlier, severity: severity, start: s.time[i], end: s.time[i], count: 1,
                        rows: [Int(s.line[i])], message: msg), reverted)
    }

    private func wickOutlier(_ s: CandleSeries, _ w: UnsafeBufferPointer<Double>, _ i: Int, _ st: RobustStats,
                             upper: Bool) -> Finding? {
        let wick = w[i]
        guard wick.isFinite, wick >= settings.wickMinFraction else { return nil }
        let score = z(wick, st)
        guard score >= settings.wickZ else { return nil }
        let factor = 1 + wick
        let severity: Severity = factor >= settings.wickCriticalFactor ? .critical : .warning
        let o = s.open[i], c = s.close[i]
        let msg = upper
            ? "high \(fmt(s.high[i])) at \(UTCTime.iso(s.time[i])) is \(pct(wick).dropFirst()) above the body top \(fmt(max(o, c))) (robust z=\(Int(score.rounded())))"
            : "low \(fmt(s.low[i])) at \(UTCTime.iso(s.time[i])) is \(pct(wick / factor).dropFirst()) below the body bottom \(fmt(min(o, c))) (robust z=\(Int(score.rounded())))"
        return Finding(kind: .outlier, severity: severity, start: s.time[i], end: s.time[i], count: 1,
                       rows: [Int(s.line[i])], message: msg)
    }

    private func pct(_ x: Double) -> String {
        let p = x * 100
        return (p >= 0 ? "+" : "") + (abs(p) >= 10 ? String(format: "%.0f", p) : String(format: "%.2f", p)) + "%"
    }

    private func fmt2(_ x: Double) -> String { String(format: "%.2f", x) }
}
