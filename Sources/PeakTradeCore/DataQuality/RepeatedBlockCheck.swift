/// `repeated_block`: a run of consecutive candles whose OHLCV equals an earlier run exactly, the mark of a
/// file merged twice or shifted by a timezone error. Runs of identical candles (flat forward fills) are not
/// counted: they repeat themselves trivially and `zero_volume_flat` reports them.
enum RepeatedBlockCheck {
    static func run(_ s: CandleSeries, minBars k: Int) -> [Finding] {
        let n = s.count
        guard k >= 2, n >= 2 * k else { return [] }
        var h = [UInt64](repeating: 0, count: n)
        for i in 0..<n { h[i] = candleHash(s, i) }
        // Polynomial rolling hash over windows of k candles.
        let base: UInt64 = 0x100000001B3
        var topPower: UInt64 = 1
        for _ in 1..<k { topPower &*= base }
        var capacity = 1
        while capacity < 2 * n { capacity <<= 1 }
        let mask = capacity - 1
        var keys = [UInt64](repeating: 0, count: capacity)
        var firstAt = [Int32](repeating: 0, count: capacity)
        var findings: [Finding] = []

        func windowHash(_ i: Int) -> UInt64 {
            var w: UInt64 = 0
            for j in i..<i + k { w = w &* base &+ h[j] }
            return w
        }
        var i = 0
        var w = windowHash(0)
        while i + k <= n {
            let key = w | 1
            var slot = Int(truncatingIfNeeded: (key &* 0x9E3779B97F4A7C15) >> 20) & mask
            var match = -1
            while keys[slot] != 0 {
                if keys[slot] == key {
                    let j = Int(firstAt[slot])
                    if j + k <= i && equalRun(s, j, i, k) { match = j; break }
                }
                slot = (slot + 1) & mask
            }
            if match >= 0 && !isConstant(s, i, k) {
                var len = k
                while i + len < n && match + len < i && s.sameValues(match + len, i + len) { len += 1 }
                findings.append(Finding(
                    kind: .repeatedBlock, severity: .error, start: s.time[i], end: s.time[i + len - 1], count: len,
                    rows: (i..<i + len).prefix(Finding.maxRows).map { Int(s.line[$0]) },
                    message: "\(len) candles from \(UTCTime.iso(s.time[i])) repeat the OHLCV of \(UTCTime.iso(s.time[match]))…\(UTCTime.iso(s.time[match + len - 1])) (lines \(s.line[match])–\(s.line[match + len - 1])) exactly"))
                i += len
                if i + k <= n { w = windowHash(i) }
                continue
            }
            if keys[slot] == 0 { keys[slot] = key; firstAt[slot] = Int32(i) }
            if i + k < n { w = (w &- h[i] &* topPower) &* base &+ h[i + k] }
            i += 1
        }
        return findings
    }

    private static func candleHash(_ s: CandleSeries, _ i: Int) -> UInt64 {
        var x: UInt64 = 0xcbf29ce484222325
        for v in [s.open[i], s.high[i], s.low[i], s.close[i], s.volume[i]] {
            x = (x ^ v.bitPattern) &* 0x100000001B3
            x ^= x >> 29
        }
        return x
    }

    private static func equalRun(_ s: CandleSeries, _ a: Int, _ b: Int, _ k: Int) -> Bool {
        for d in 0..<k where !s.sameValues(a + d, b + d) { return false }
        return true
    }

    private static func isConstant(_ s: CandleSeries, _ i: Int, _ k: Int) -> Bool {
        for d in 1..<k where !s.sameValues(i, i + d) { return false }
        return true
    }
}

extension CandleSeries {
    /// Same OHLCV, bit for bit (time ignored).
    @inline(__always)
    func sameValues(_ a: Int, _ b: Int) -> Bool {
        open[a].bitPattern == open[b].bitPattern && high[a].bitPattern == high[b].bitPattern
            && low[a].bitPattern == low[b].bitPattern && close[a].bitPattern == close[b].bitPattern
            && volume[a].bitPattern == volume[b].bitPattern
    }
}
