import Foundation

/// `outlier`: closes and wicks far outside the local distribution.
///
/// Moves are simple returns (close / previous close − 1) and wicks (high / body top − 1, body bottom / low − 1).
/// Each block of `outlierWindow` bars gets its own median and MAD, so the threshold follows volatility regimes.
/// A bar is an outlier when its robust z-score reaches the threshold (and the move is at least 1 %, the wick
/// at least `wickMinFraction`). Severity: critical when the move is absurd in size (a factor ≥
/// `outlierCriticalFactor`: a close ×10), warning when the next bar reverts it (a spike, the mark of a bad
/// print), info when the move holds (usually the market itself: a real 10–20 % crash is not critical).
///
/// Only blocks that contain a candidate bar (a move or wick big enough to matter) get statistics computed,
/// which keeps the check near one pass over the data.
struct OutlierCheck {
    let settings: DataQualitySettings

    /// Below this many usable values a block borrows the whole series' statistics.
    static let minBlockValues = 16
    /// Floor of the robust scale: a run of identical closes has MAD 0, which must not make every move infinite.
    static let minScale = 5e-4
    /// Moves smaller than this are never reported, whatever their z-score.
    static let minMove = 0.01

    enum Measure { case move, upperWick, lowerWick }

    /// - Parameter timeframe: when given, a return spanning a gap is not scored (it covers more than one bar).
    func run(_ s: CandleSeries, timeframe: Timeframe?) -> [Finding] {
        let n = s.count
        guard n >= 3 else { return [] }
        let maxStep = timeframe?.milliseconds ?? .max
        let block = max(settings.outlierWindow, Self.minBlockValues)
        var findings: [Finding] = []
        var scratch: [Double] = []
        var whole: [Measure: RobustStats?] = [:]
        var skipNext = false
        var start = 0
        while start < n {
            var end = min(start + block, n)
            if n - end < block / 2 { end = n }  // fold a short tail into the last block
            let (moves, wicks) = candidates(s, start..<end, maxStep: maxStep)
            if moves || wicks {
                var stats: [Measure: RobustStats] = [:]
                for m in [Measure.move, .upperWick, .lowerWick] where m == .move ? moves : wicks {
                    let fallback = { () -> RobustStats? in
                        if let w = whole[m] { return w }
                        let v = self.stats(s, 0..<n, m, maxStep, &scratch, minCount: 8)
                        whole[m] = v
                        return v
                    }
                    stats[m] = self.stats(s, start..<end, m, maxStep, &scratch, minCount: Self.minBlockValues) ?? fallback()
                }
                for i in start..<end {
                    if let st = stats[.move], !skipNext, let f = closeOutlier(s, i, st, maxStep) {
                        findings.append(f.finding)
                        skipNext = f.reverted
                    } else { skipNext = false }
                    if let st = stats[.upperWick], let f = wickOutlier(s, i, st, upper: true) { findings.append(f) }
                    if let st = stats[.lowerWick], let f = wickOutlier(s, i, st, upper: false) { findings.append(f) }
                }
            } else { skipNext = false }
            start = end
        }
        return findings
    }

    /// Whether any bar in the range moves or wicks enough to be reported at all (multiplications only).
    private func candidates(_ s: CandleSeries, _ r: Range<Int>, maxStep: Int64) -> (Bool, Bool) {
        var moves = false, wicks = false
        let wf = settings.wickMinFraction
        s.open.withUnsafeBufferPointer { o in s.high.withUnsafeBufferPointer { h in s.low.withUnsafeBufferPointer { l in
            s.close.withUnsafeBufferPointer { c in s.time.withUnsafeBufferPointer { t in
                for i in r {
                    let top = max(o[i], c[i]), bottom = min(o[i], c[i])
                    if h[i] - top >= wf * top || bottom - l[i] >= wf * l[i] { wicks = true }
                    if i > 0, abs(c[i] - c[i - 1]) >= Self.minMove * c[i - 1], t[i] - t[i - 1] <= maxStep { moves = true }
                }
            } }
        } } }
        return (moves, wicks)
    }

    @inline(__always)
    private func value(_ s: CandleSeries, _ i: Int, _ m: Measure, _ maxStep: Int64) -> Double {
        let o = s.open[i], h = s.high[i], l = s.low[i], c = s.close[i]
        guard o > 0, h > 0, l > 0, c > 0, o.isFinite, h.isFinite, l.isFinite, c.isFinite else { return .nan }
        switch m {
        case .move:
            guard i > 0, s.close[i - 1] > 0, s.close[i - 1].isFinite, s.time[i] - s.time[i - 1] <= maxStep else { return .nan }
            return c / s.close[i - 1] - 1
        case .upperWick:
            let top = max(o, c)
            return h >= top ? h / top - 1 : .nan
        case .lowerWick:
            let bottom = min(o, c)
            return l <= bottom ? bottom / l - 1 : .nan
        }
    }

    private func stats(_ s: CandleSeries, _ r: Range<Int>, _ m: Measure, _ maxStep: Int64, _ scratch: inout [Double],
                       minCount: Int) -> RobustStats? {
        scratch.removeAll(keepingCapacity: true)
        for i in r {
            let v = value(s, i, m, maxStep)
            if v.isFinite { scratch.append(v) }
        }
        return RobustStats.ofScratch(&scratch, minCount: minCount)
    }

    private func z(_ v: Double, _ st: RobustStats) -> Double { abs(v - st.median) / max(st.scale, Self.minScale) }

    private func closeOutlier(_ s: CandleSeries, _ i: Int, _ st: RobustStats, _ maxStep: Int64)
        -> (finding: Finding, reverted: Bool)? {
        let move = value(s, i, .move, maxStep)
        guard move.isFinite, abs(move) >= Self.minMove else { return nil }
        let score = z(move, st)
        guard score >= settings.outlierZ else { return nil }
        let factor = move >= 0 ? 1 + move : 1 / (1 + move)
        var reverted = false
        var tail = "; not reverted, likely a real market move"
        if i + 1 < s.count, case let next = value(s, i + 1, .move, maxStep), next.isFinite, (next < 0) != (move < 0),
           z(next, st) >= settings.outlierZ {
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

    private func wickOutlier(_ s: CandleSeries, _ i: Int, _ st: RobustStats, upper: Bool) -> Finding? {
        let wick = value(s, i, upper ? .upperWick : .lowerWick, .max)
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
