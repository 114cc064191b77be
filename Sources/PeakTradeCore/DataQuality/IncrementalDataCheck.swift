/// Data checks for a live feed: candles arrive a few at a time; every check runs over a trailing window that
/// ends with the new candles (the same checks as `data check`), and only findings that reach into the new
/// candles and were not reported before come back.
public struct IncrementalDataCheck: Sendable {
    public let checker: DataQualityChecker
    public let timeframe: Timeframe
    /// Candles of context kept behind the newest (robust statistics need a few blocks of them).
    public let window: Int
    public private(set) var tail: CandleSeries
    private var reported: Set<String> = []

    public init(settings: DataQualitySettings, timeframe: Timeframe, window: Int = 512, history: CandleSeries? = nil) {
        checker = DataQualityChecker(settings: settings)
        self.timeframe = timeframe
        self.window = window
        tail = history.map { $0.suffix(window) } ?? CandleSeries()
    }

    /// Findings over a whole history (the console's starting point); they count as reported.
    public mutating func checkHistory(_ series: CandleSeries) -> [Finding] {
        let findings = series.isEmpty ? [] : checker.check(series, timeframe: timeframe)
        for f in findings { reported.insert(Self.key(f)) }
        tail = series.suffix(window)
        return findings
    }

    public mutating func add(_ candles: [Candle]) -> [Finding] {
        guard !candles.isEmpty else { return [] }
        let before = tail.time.last ?? Int64.min
        for c in candles { tail.append(c) }
        if tail.count > window * 2 { tail = tail.suffix(window) }
        var fresh: [Finding] = []
        for f in checker.check(tail, timeframe: timeframe) {
            // A finding that ends before the new candles was already there (or fell out of the window).
            guard (f.end ?? f.start ?? Int64.max) >= before || f.start == nil else { continue }
            if f.kind == .empty { continue }
            if reported.insert(Self.key(f)).inserted { fresh.append(f) }
        }
        if reported.count > 10_000 { reported.removeAll(keepingCapacity: true) }
        return fresh
    }

    // By start: a run that grows as candles arrive (a flat run, a repeated block) is one finding.
    static func key(_ f: Finding) -> String { "\(f.kind.rawValue)|\(f.start ?? f.end ?? 0)" }
}
