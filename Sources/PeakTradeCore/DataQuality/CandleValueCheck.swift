/// Per-candle checks: `invalid_value`, `ohlc_inconsistent`, `zero_volume_flat`.
enum CandleValueCheck {
    static func run(_ s: CandleSeries, settings: DataQualitySettings) -> [Finding] {
        var invalid = RowRunCollector(kind: .invalidValue)
        var inconsistent = RowRunCollector(kind: .ohlcInconsistent)
        var flat: [Finding] = []
        var flatStart = -1
        func closeFlat(_ end: Int) {
            guard flatStart >= 0 else { return }
            let n = end - flatStart
            flat.append(Finding(kind: .zeroVolumeFlat, severity: n >= settings.flatRunWarningBars ? .warning : .info,
                                start: s.time[flatStart], end: s.time[end - 1], count: n,
                                rows: (flatStart..<end).map { Int(s.line[$0]) },
                                message: "\(n) flat candle\(n == 1 ? "" : "s") with zero volume at \(fmt(s.close[flatStart])) (typical of forward-filled gaps)"))
            flatStart = -1
        }
        for i in 0..<s.count {
            let o = s.open[i], h = s.high[i], l = s.low[i], c = s.close[i], v = s.volume[i]
            // `!(x > 0)` is also true for NaN.
            if !(o > 0) || !(h > 0) || !(l > 0) || !(c > 0) || !(v >= 0) || !o.isFinite || !h.isFinite
                || !l.isFinite || !c.isFinite || !v.isFinite {
                invalid.add(i, severity: .error, detail: invalidDetail(s, i), series: s)
                closeFlat(i)
                continue
            }
            if h < max(o, c) || l > min(o, c) || h < l {
                inconsistent.add(i, severity: .error, detail: inconsistentDetail(s, i), series: s)
            }
            if v == 0 && o == h && h == l && l == c {
                if flatStart < 0 { flatStart = i }
            } else { closeFlat(i) }
        }
        closeFlat(s.count)
        invalid.flush(s)
        inconsistent.flush(s)
        return invalid.findings + inconsistent.findings + flat
    }

    private static func invalidDetail(_ s: CandleSeries, _ i: Int) -> String {
        var bad: [String] = []
        for (name, v) in [("open", s.open[i]), ("high", s.high[i]), ("low", s.low[i]), ("close", s.close[i])]
        where !(v > 0) || !v.isFinite { bad.append("\(name)=\(fmt(v))") }
        if !(s.volume[i] >= 0) || !s.volume[i].isFinite { bad.append("volume=\(fmt(s.volume[i]))") }
        return "\(UTCTime.iso(s.time[i])): \(bad.joined(separator: " ")) (prices must be finite and > 0, volume finite and ≥ 0)"
    }

    private static func inconsistentDetail(_ s: CandleSeries, _ i: Int) -> String {
        let o = s.open[i], h = s.high[i], l = s.low[i], c = s.close[i]
        var why: [String] = []
        if h < l { why.append("high \(fmt(h)) < low \(fmt(l))") }
        if h < max(o, c) { why.append("high \(fmt(h)) < max(open, close) \(fmt(max(o, c)))") }
        if l > min(o, c) { why.append("low \(fmt(l)) > min(open, close) \(fmt(min(o, c)))") }
        return "\(UTCTime.iso(s.time[i])): \(why.joined(separator: ", "))"
    }
}
