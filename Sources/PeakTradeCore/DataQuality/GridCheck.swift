/// Checks against the timeframe's grid: `gap`, `off_grid`, `stale`. Input is sorted by time.
enum GridCheck {
    static func gaps(_ s: CandleSeries, timeframe tf: Timeframe, settings: DataQualitySettings) -> [Finding] {
        let step = tf.milliseconds
        var out: [Finding] = []
        s.time.withUnsafeBufferPointer { t in
            var i = 1
            while i < t.count {
                let diff = t[i] - t[i - 1]
                if diff > step {
                    // Missing grid slots strictly between the two candles.
                    let firstMissing = t[i - 1] + step
                    let missing = Int((t[i] - firstMissing + step - 1) / step)
                    if missing > 0 {
                        out.append(gapFinding(s, before: i - 1, after: i, firstMissing: firstMissing,
                                              missing: missing, step: step, settings: settings))
                    }
                }
                i += 1
            }
        }
        return out
    }

    private static func gapFinding(_ s: CandleSeries, before: Int, after: Int, firstMissing: Int64, missing: Int,
                                   step: Int64, settings: DataQualitySettings) -> Finding {
        let lastMissing = firstMissing + Int64(missing - 1) * step
        let span = Int64(missing) * step
        let severity: Severity = span >= settings.gapCriticalAfterMs ? .critical
            : span >= settings.gapErrorAfterMs ? .error : .warning
        let candles = missing == 1 ? "1 candle" : "\(missing) candles"
        return Finding(kind: .gap, severity: severity, start: firstMissing, end: lastMissing, count: missing,
                       rows: [Int(s.line[before]), Int(s.line[after])],
                       message: "\(candles) missing (\(Duration.format(milliseconds: span))) between \(UTCTime.iso(s.time[before])) and \(UTCTime.iso(s.time[after]))")
    }

    /// Timestamps not on the timeframe's grid (e.g. 07:03 in an hourly file): usually a timezone or
    /// resampling error. Runs grouped.
    static func offGrid(_ s: CandleSeries, timeframe tf: Timeframe) -> [Finding] {
        let step = tf.milliseconds
        var runs = RowRunCollector(kind: .offGrid)
        for i in 0..<s.count where s.time[i] % step != 0 {
            runs.add(i, severity: .warning,
                     detail: "\(UTCTime.iso(s.time[i])) is not on the \(tf.rawValue) grid", series: s)
        }
        runs.flush(s)
        return runs.findings
    }

    static func stale(_ s: CandleSeries, timeframe tf: Timeframe, asOf: Int64, settings: DataQualitySettings) -> [Finding] {
        let last = s.time[s.count - 1]
        let closedAt = last + tf.milliseconds
        let age = asOf - closedAt
        guard age > Int64(settings.staleAfterBars) * tf.milliseconds else { return [] }
        let barsBehind = Int(age / tf.milliseconds)
        return [Finding(kind: .stale, severity: settings.staleSeverity, start: last, end: last, count: barsBehind,
                        rows: [Int(s.line[s.count - 1])],
                        message: "last candle \(UTCTime.iso(last)) closed \(Duration.format(milliseconds: age)) before \(UTCTime.iso(asOf / 1000 * 1000)) (\(barsBehind) bars; stale after \(settings.staleAfterBars))")]
    }
}
