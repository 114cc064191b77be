import Dispatch
import Foundation

/// Runs every data-quality check over a series and returns findings ordered by time.
///
/// Checks run on the candles in time order (a stable sort when the file is not sorted, after reporting
/// `out_of_order`), so a shuffled file still gets its gaps and outliers found.
public struct DataQualityChecker: Sendable {
    public var settings: DataQualitySettings

    public init(settings: DataQualitySettings = DataQualitySettings()) { self.settings = settings }

    /// - Parameters:
    ///   - timeframe: the bar interval; grid checks (gap, off_grid, stale) need it.
    ///   - asOf: reference time for the stale check (epoch ms); nil skips it.
    public func check(_ series: CandleSeries, timeframe: Timeframe?, asOf: Int64? = nil) -> [Finding] {
        guard !series.isEmpty else {
            return [Finding(kind: .empty, severity: .error, start: nil, end: nil, count: 0, rows: [],
                            message: "no candle rows after the header")]
        }
        var findings: [Finding] = []
        var sorted = series
        if !series.isSorted {
            findings += OrderCheck.outOfOrder(series)
            let order = series.time.indices.sorted { a, b in
                series.time[a] != series.time[b] ? series.time[a] < series.time[b] : a < b
            }
            sorted = series.selecting(order)
        }
        // Three independent groups of checks, one per core where there are several.
        let settings = self.settings
        let input = sorted
        let groups: [@Sendable () -> [Finding]] = [
            {
                var f = OrderCheck.duplicates(input)
                if let tf = timeframe {
                    f += GridCheck.offGrid(input, timeframe: tf)
                    f += GridCheck.gaps(input, timeframe: tf, settings: settings)
                    if let asOf { f += GridCheck.stale(input, timeframe: tf, asOf: asOf, settings: settings) }
                }
                return f + CandleValueCheck.run(input, settings: settings)
            },
            { OutlierCheck(settings: settings).run(input, timeframe: timeframe) },
            { RepeatedBlockCheck.run(input, minBars: settings.repeatedBlockMinBars) },
        ]
        var results = [[Finding]](repeating: [], count: groups.count)
        if input.count < 50_000 || System.coreCount < 2 {
            for (k, g) in groups.enumerated() { results[k] = g() }
        } else {
            results.withUnsafeMutableBufferPointer { out in
                let o = UncheckedSendable(out.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: groups.count) { k in o.value[k] = groups[k]() }
            }
        }
        findings += results.joined()
        findings.sort { a, b in
            let ta = a.start ?? .min, tb = b.start ?? .min
            if ta != tb { return ta < tb }
            if a.severity != b.severity { return a.severity > b.severity }
            return a.kind.rawValue < b.kind.rawValue
        }
        return findings
    }
}

/// Groups consecutive rows that share a problem into one finding.
struct RowRunCollector {
    let kind: FindingKind
    private(set) var findings: [Finding] = []
    private var runStart = -1, runEnd = -1
    private var severity = Severity.info
    private var firstDetail = ""

    init(kind: FindingKind) { self.kind = kind }

    /// `make` builds the finding for a run [start, end] of indices given its first row's detail.
    mutating func add(_ i: Int, severity s: Severity, detail: @autoclosure () -> String, series: CandleSeries) {
        if runEnd == i - 1 && runStart >= 0 {
            runEnd = i
            severity = max(severity, s)
            return
        }
        flush(series)
        runStart = i; runEnd = i; severity = s; firstDetail = detail()
    }

    mutating func flush(_ series: CandleSeries) {
        guard runStart >= 0 else { return }
        let n = runEnd - runStart + 1
        let msg = n == 1 ? firstDetail : "\(n) consecutive candles; first: \(firstDetail)"
        findings.append(Finding(kind: kind, severity: severity, start: series.time[runStart], end: series.time[runEnd],
                                count: n, rows: (runStart...runEnd).prefix(Finding.maxRows).map { Int(series.line[$0]) },
                                message: msg))
        runStart = -1; runEnd = -1
    }
}

/// Numbers in messages: enough digits to see the problem, no float noise.
func fmt(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    let a = abs(v)
    let digits = a >= 1000 ? 2 : a >= 1 ? 4 : 8
    var s = String(format: "%.\(digits)f", v)
    if s.contains(".") {
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
    }
    return s
}
