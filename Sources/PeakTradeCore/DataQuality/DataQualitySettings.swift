/// Thresholds of the data-quality checks (`[data_quality]` in config). Defaults are tuned on the real
/// exchange files in shared/data/ohlcv: they flag injected faults and leave real market moves below critical.
public struct DataQualitySettings: Sendable, Equatable {
    public enum OnFindings: String, Sendable, CaseIterable { case warn, fail, ignore }

    /// What research/backtest runs do with findings at or above `failOn`.
    public var onFindings: OnFindings = .warn
    /// Default `--fail-on` threshold for `data check`.
    public var failOn: Severity = .error
    /// A gap at least this long is an error (shorter ones are warnings) ...
    public var gapErrorAfterMs: Int64 = 3_600_000
    /// ... and at least this long critical.
    public var gapCriticalAfterMs: Int64 = 86_400_000
    /// Bars per block of the robust (median/MAD) statistics used by the outlier checks.
    public var outlierWindow: Int = 128
    /// Robust z-score of a bar's log return from which it is an outlier (warning).
    public var outlierZ: Double = 12
    /// A one-bar move by at least this factor (up ×F or down ÷F) that is also an outlier is critical.
    public var outlierCriticalFactor: Double = 2.0
    /// Robust z-score of a wick (high above the body, low below it) from which it is an outlier ...
    public var wickZ: Double = 25
    /// ... provided the wick also extends at least this fraction beyond the body.
    public var wickMinFraction: Double = 0.03
    /// A wick reaching this factor beyond the body (high ≥ F × body top, low ≤ body bottom / F) is critical.
    public var wickCriticalFactor: Double = 2.0
    /// Runs of flat zero-volume candles at least this long are warnings (shorter: info).
    public var flatRunWarningBars: Int = 3
    /// Shortest run of candles repeating an earlier run that is reported.
    public var repeatedBlockMinBars: Int = 4
    /// The series is stale when its last candle closed more than this many bars before the reference time.
    public var staleAfterBars: Int = 3
    public var staleSeverity: Severity = .warning

    public init() {}
}
