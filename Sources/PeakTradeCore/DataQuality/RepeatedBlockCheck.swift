/// `repeated_block`: a run of consecutive candles whose OHLCV equals an earlier run exactly, the mark of a
/// file merged twice or shifted by a timezone error. Runs of identical candles (flat forward fills) are not
/// counted: they repeat themselves trivially and `zero_volume_flat` reports them.
///
/// Windows of `minBars` candles are hashed with a rolling polynomial hash into an open-addressing table that
/// keeps the first position of each window; every hash hit is verified value by value.
enum RepeatedBlockCheck {
    static func run(_ s: CandleSeries, minBars k: Int) -> [Finding] {
        let n = s.count
        guard k >= 2, n >= 2 * k, n < Int(UInt32.max) else { return [] }
        var h = [UInt64](repeating: 0, count: n)
        s.open.withUnsafeBufferPointer { o in s.high.withUnsafeBufferPointer { hi in s.low.withUnsafeBufferPointer { l in
            s.close.withUnsafeBufferPointer { c in s.volume.withUnsafeBufferPointer { v in
                h.withUnsafeMutableBufferPointer { out in
                    for i in 0..<n {
                        var x: UInt64 = 0xcbf29ce484222325
                        x = (x ^ o[i].bitPattern) &* 0x100000001B3; x ^= x >> 29
                        x = (x ^ hi[i].bitPattern) &* 0x100000001B3; x ^= x >> 29
                        x = (x ^ l[i].bitPattern) &* 0x100000001B3; x ^= x >> 29
                        x = (x ^ c[i].bitPattern) &* 0x100000001B3; x ^= x >> 29
                        x = (x ^ v[i].bitPattern) &* 0x100000001B3; x ^= x >> 29
                        out[i] = x
                    }
                }
            } }
        } } }
        let base: UInt64 = 0x100000001B3
        var topPower: UInt64 = 1
        for _ in 1..<k { topPower &*= base }
        var capacity = 1
        while capacity < 2 * n { capacity <<= 1 }
        let mask = capacity - 1
        // One slot = hash tag (high 32 bits) | first window index + 1 (low 32 bits); 0 = empty.
        var table = [UInt64](repeating: 0, count: capacity)
        var findings: [Finding] = []

        func windowHash(_ i: Int) -> UInt64 {
            var w: UInt64 = 0
            for j in i..<i + k { w = w &* base &+ h[j] }
            return w
        }
        var i = 0
        var w = windowHash(0)
        while i + k <= n {
            let mixed = w &* 0x9E3779B97F4A7C15
            let tag = mixed & 0xFFFF_FFFF_0000_0000
            var slot = Int(truncatingIfNeeded: mixed >> 20) & mask
            var match = -1
            while table[slot] != 0 {
                let entry = table[slot]
                if entry & 0xFFFF_FFFF_0000_0000 == tag {
                    let j = Int(entry & 0xFFFF_FFFF) - 1
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
            if table[slot] == 0 { table[slot] = tag | UInt64(i + 1) }
            if i + k < n { w = (w &- h[i] &* topPower) &* base &+ h[i + k] }
            i += 1
        }
        return findings
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
