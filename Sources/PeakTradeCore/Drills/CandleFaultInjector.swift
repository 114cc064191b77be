/// The data faults of drill scenarios `data_gap` and `corrupt_candle`, applied to a copy of a series.
public enum CandleFault: Sendable, Equatable {
    /// Remove every candle with open time in [from, to].
    case gap(from: Int64, to: Int64)
    /// Multiply one field of the candle at `at` (a corrupt print: `close ×10`).
    case outlier(at: Int64, field: CandleField, factor: Double)
    /// Multiply a wick (`high` up or `low` down) of the candle at `at`: an absurd high or low.
    case spike(at: Int64, field: CandleField, factor: Double)
    /// Repeat the candle at `at` right after itself.
    case duplicate(at: Int64)
}

public enum CandleField: String, CaseIterable, Sendable {
    case open, high, low, close, volume
}

public enum CandleFaultInjector {
    public struct Injection: Sendable {
        public var series: CandleSeries
        /// What was done, for the drill journal and the operator.
        public var summary: String
        /// Open times the fault touches (removed, changed or duplicated candles).
        public var affected: [Int64]
    }

    public static func apply(_ fault: CandleFault, to s: CandleSeries) throws -> Injection {
        let range = s.isEmpty ? "the file has no candles" : "the file covers \(UTCTime.iso(s.time.min()!))…\(UTCTime.iso(s.time.max()!))"
        func index(of t: Int64) throws -> Int {
            guard let i = s.time.firstIndex(of: t) else {
                throw PeakTradeError.usage("no candle opens at \(UTCTime.iso(t)) in \(s.source); \(range)")
            }
            return i
        }
        switch fault {
        case let .gap(from, to):
            guard from <= to else { throw PeakTradeError.usage("gap --from \(UTCTime.iso(from)) is after --to \(UTCTime.iso(to))") }
            let removed = s.time.indices.filter { s.time[$0] >= from && s.time[$0] <= to }
            guard !removed.isEmpty else {
                throw PeakTradeError.usage("no candles between \(UTCTime.iso(from)) and \(UTCTime.iso(to)) in \(s.source); \(range)")
            }
            let removedSet = Set(removed)
            var out = s.selecting(s.time.indices.filter { !removedSet.contains($0) })
            out.source = s.source
            return Injection(series: out, summary: "removed \(removed.count) candle(s) \(UTCTime.iso(s.time[removed.first!]))…\(UTCTime.iso(s.time[removed.last!]))",
                             affected: removed.map { s.time[$0] })
        case let .outlier(at, field, factor), let .spike(at, field, factor):
            guard factor.isFinite, factor > 0, factor != 1 else {
                throw PeakTradeError.usage("--factor \(factor) is not valid; expected a positive number other than 1")
            }
            if case .spike = fault, field != .high && field != .low {
                throw PeakTradeError.usage("spike --field \(field.rawValue) is not valid; valid: high, low")
            }
            let i = try index(of: at)
            var out = s
            let before: Double
            switch field {
            case .open: before = out.open[i]; out.open[i] *= factor
            case .high: before = out.high[i]; out.high[i] *= factor
            case .low: before = out.low[i]; out.low[i] *= factor
            case .close: before = out.close[i]; out.close[i] *= factor
            case .volume: before = out.volume[i]; out.volume[i] *= factor
            }
            return Injection(series: out, summary: "\(field.rawValue) at \(UTCTime.iso(at)) ×\(fmt(factor)): \(fmt(before)) → \(fmt(before * factor))",
                             affected: [at])
        case let .duplicate(at):
            let i = try index(of: at)
            var out = CandleSeries(source: s.source, symbol: s.symbol, timeframe: s.timeframe, capacity: s.count + 1)
            for k in 0..<s.count {
                out.append(s[k], line: s.line[k])
                if k == i { out.append(s[k], line: s.line[k]) }
            }
            return Injection(series: out, summary: "duplicated the candle at \(UTCTime.iso(at))", affected: [at])
        }
    }
}
