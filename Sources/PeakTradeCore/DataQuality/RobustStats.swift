/// Median and MAD over blocks of a series, computed in place in a reusable scratch buffer.
struct RobustStats {
    var median = 0.0
    /// 1.4826 × median absolute deviation: the standard deviation for normal data, robust to outliers.
    var scale = 0.0

    /// Statistics of the values in `scratch` (reordered), or nil when there are fewer than `minCount`.
    static func ofScratch(_ scratch: inout [Double], minCount: Int) -> RobustStats? {
        guard scratch.count >= minCount else { return nil }
        return scratch.withUnsafeMutableBufferPointer { buf -> RobustStats in
            let mid = buf.count / 2
            let med = select(buf, mid)
            for k in 0..<buf.count { buf[k] = abs(buf[k] - med) }
            return RobustStats(median: med, scale: 1.4826 * select(buf, mid))
        }
    }

    /// The k-th smallest element (Hoare quickselect with median-of-three pivots); reorders `a`.
    static func select(_ a: UnsafeMutableBufferPointer<Double>, _ k: Int) -> Double {
        var lo = 0, hi = a.count - 1
        while hi > lo {
            let mid = lo + (hi - lo) / 2
            if a[mid] < a[lo] { a.swapAt(mid, lo) }
            if a[hi] < a[lo] { a.swapAt(hi, lo) }
            if a[hi] < a[mid] { a.swapAt(hi, mid) }
            let pivot = a[mid]
            var i = lo, j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j { a.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return a[k] }
        }
        return a[k]
    }
}
