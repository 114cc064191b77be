/// Infers a series' timeframe when none is given: the most common positive spacing between consecutive
/// timestamps among the first 10,000 rows, which must be one of the supported timeframes. Missing candles
/// (gaps) and a few duplicates do not change the mode; a file whose spacing is irregular gets a clear error.
public enum TimeframeInference {
    public static let sampleRows = 10_000

    public static func infer(_ series: CandleSeries) throws -> Timeframe? {
        guard series.count >= 2 else { return nil }
        var counts: [Int64: Int] = [:]
        for i in 1..<min(series.count, sampleRows) {
            let d = series.time[i] - series.time[i - 1]
            if d > 0 { counts[d, default: 0] += 1 }
        }
        guard let (spacing, _) = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key })
        else { return nil }
        guard let tf = Timeframe(milliseconds: spacing) else {
            throw PeakTradeError.badInput(
                "\(series.source): cannot infer the timeframe: the most common spacing between candles is \(Duration.format(milliseconds: spacing)), which is not one of \(Timeframe.validList); pass --timeframe")
        }
        return tf
    }
}
