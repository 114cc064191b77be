import Foundation

/// The result of checking one candle file: what `data check --json` prints (schema in docs/DATA_CHECK.md).
public struct DataCheckReport: Sendable, Codable, Equatable {
    public var source: String
    public var symbol: String?
    public var timeframe: String?
    /// "given" (flag or config) or "inferred" (from the spacing of timestamps).
    public var timeframeSource: String?
    public var rows: Int
    public var first: String?
    public var last: String?
    public var findings: [Finding]
    public var summary: Summary

    public struct Summary: Sendable, Codable, Equatable {
        public var info = 0, warning = 0, error = 0, critical = 0

        public init(_ findings: [Finding]) {
            for f in findings {
                switch f.severity {
                case .info: info += 1
                case .warning: warning += 1
                case .error: error += 1
                case .critical: critical += 1
                }
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case source, symbol, timeframe, timeframeSource = "timeframe_source", rows, first, last, findings, summary
    }

    public var worstSeverity: Severity? { findings.map(\.severity).max() }

    public func reaches(_ threshold: Severity) -> Bool { (worstSeverity ?? .info) >= threshold && !findings.isEmpty }
}

/// Reads a candle file and checks it: the one entry point shared by the CLI, backtests and the console.
public struct DataCheck: Sendable {
    public var settings: DataQualitySettings
    public var mode: CandleCSVReader.Mode

    public init(settings: DataQualitySettings, mode: CandleCSVReader.Mode = .strict) {
        self.settings = settings
        self.mode = mode
    }

    public struct Outcome: Sendable {
        public var series: CandleSeries
        public var report: DataCheckReport
        /// Wall time of reading and of checking, in nanoseconds (for `--timings` and the benchmark).
        public var readNanoseconds: UInt64 = 0
        public var checkNanoseconds: UInt64 = 0
    }

    public func run(path: String, timeframe: Timeframe? = nil, asOf: Int64? = nil) throws -> Outcome {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let read = try CandleCSVReader(mode: mode).read(path: path)
        let t1 = DispatchTime.now().uptimeNanoseconds
        var series = read.series
        let tf = try timeframe ?? TimeframeInference.infer(series)
        series.timeframe = tf
        var findings = read.problems.map(Finding.invalidRow)
        findings += DataQualityChecker(settings: settings).check(series, timeframe: tf, asOf: asOf)
        let report = DataCheckReport(
            source: path, symbol: series.symbol?.description, timeframe: tf?.rawValue,
            timeframeSource: tf == nil ? nil : (timeframe == nil ? "inferred" : "given"),
            rows: series.count,
            first: series.time.min().map(UTCTime.iso), last: series.time.max().map(UTCTime.iso),
            findings: findings, summary: .init(findings))
        return Outcome(series: series, report: report, readNanoseconds: t1 - t0,
                       checkNanoseconds: DispatchTime.now().uptimeNanoseconds - t1)
    }
}
