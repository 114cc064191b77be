import Foundation

/// `data_gap` and `corrupt_candle`: a damaged candle file; the data layer, the backtest and the alerts must
/// all say so. By default the fault goes into a copy of the data folder; `--in-place` damages the operator's
/// file (backed up and checksummed first, restored and verified at cleanup).
public struct DataFaultScenario: DrillScenario {
    public enum Fault: Sendable { case gap, corrupt }
    let fault: Fault

    public static let gap = DataFaultScenario(fault: .gap)
    public static let corruptCandle = DataFaultScenario(fault: .corrupt)

    public var id: String { fault == .gap ? "data_gap" : "corrupt_candle" }
    public var title: String { fault == .gap ? "Data gap in a candle file" : "Corrupt candle / outlier" }
    public var goal: String {
        fault == .gap ? "When candles are missing, the data layer reports the gap, reports and charts show it, and nothing fails silently."
            : "When one candle is corrupt, the outlier is detected, flagged in the report, and a warning is logged."
    }
    public var roles: [String] { ["operator", "research"] }
    public var variants: [String] { fault == .gap ? ["gap_2h", "gap_1h", "gap_3h"] : ["close_x10", "absurd_high"] }
    public var preparation: [String] { ["Record sha256 of the data file (and back it up when in place)", "Copy the data folder into the drill folder (default)"] }
    public var injection: String {
        fault == .gap ? "Remove a 1–3 h window of candles from the first configured symbol's file" : "Multiply one candle's close by 10 (close_x10) or its high by 5 (absurd_high)"
    }
    public var expectedSignals: [String] {
        fault == .gap ? ["data check: a gap finding covering the window, at error severity", "backtest: the gap in its data-quality section", "a data-quality alert, delivered"]
            : ["data check: a critical outlier at the candle", "backtest: the candle named", "a data-quality alert written to the log"]
    }
    public var cleanup: [String] { ["Remove the copies, or restore the operator's file from its backup", "Verify every file against its recorded sha256"] }
    public var runbookSection: String { "data-gaps" }

    public var criteria: [DrillCriterion] {
        switch fault {
        case .gap:
            return [
                .auto("gap_detected", "a `gap` finding covering the injected window", detects: true) { ev, f in
                    ev.first { if case let .dataFinding(src, _, x) = $0 { return src == "data check" && Self.covers(x, f) } else { return false } }
                },
                .auto("gap_not_silent", "the gap is reported at error severity or above") { ev, f in
                    ev.first { if case let .dataFinding(_, _, x) = $0 { return Self.covers(x, f) && x.severity >= .error } else { return false } }
                },
                .auto("gap_in_backtest", "a backtest over the file reports the gap") { ev, f in
                    ev.first { if case let .dataFinding(src, _, x) = $0 { return src == "backtest" && Self.covers(x, f) } else { return false } }
                },
                Self.alertDelivered,
                .manual("operator_ack", "the operator sees the gap in the report or chart and acknowledges it", acknowledges: true),
            ]
        case .corrupt:
            return [
                .auto("outlier_detected", "a critical `outlier` finding at the injected candle", detects: true) { ev, f in
                    ev.first { if case let .dataFinding(src, _, x) = $0 { return src == "data check" && x.kind == .outlier && x.severity == .critical && x.start.map(UTCTime.iso) == f["at"] } else { return false } }
                },
                .auto("outlier_in_backtest", "a backtest over the file names the candle") { ev, f in
                    ev.first { if case let .dataFinding(src, _, x) = $0 { return src == "backtest" && x.kind == .outlier && x.start.map(UTCTime.iso) == f["at"] } else { return false } }
                },
                Self.alertDelivered,
                .manual("operator_ack", "the operator sees the flagged candle and acknowledges it", acknowledges: true),
            ]
        }
    }

    static let alertDelivered = DrillCriterion.auto("data_alert_logged", "a data-quality alert was raised and written to the log") { ev, _ in
        let ids = ev.compactMap { e -> String? in if case let .alertRaised(a) = e.kind, a.source == "data" { return a.id } else { return nil } }
        return ev.first { if case let .alertDelivered(id, sink, _, _) = $0 { return ids.contains(id) && sink == "log" } else { return false } }
    }

    static func covers(_ x: Finding, _ f: DrillFacts) -> Bool {
        guard x.kind == .gap, let s = x.start, let e = x.end, let from = f["from"].flatMap(UTCTime.parse), let to = f["to"].flatMap(UTCTime.parse) else { return false }
        return s <= from && e >= to
    }

    func symbol(_ ctx: DrillContext) throws -> Symbol {
        guard let s = ctx.original.data.symbols.first else { throw PeakTradeError.config("[data] symbols is empty: nothing to damage") }
        return s
    }

    public func filesChangedInPlace(_ ctx: DrillContext) -> [String] {
        (try? [ctx.original.data.file(for: symbol(ctx))]) ?? []
    }

    public func prepare(_ ctx: DrillContext) throws -> [String] {
        guard !ctx.inPlace else { return [] }
        var created: [String] = []
        let dir = ctx.path("data")
        for s in ctx.original.data.symbols {
            let src = ctx.original.data.file(for: s)
            guard FileManager.default.fileExists(atPath: src) else { continue }
            let dst = (dir as NSString).appendingPathComponent(URL(fileURLWithPath: src).lastPathComponent)
            try AtomicFile.write(Data(try FileBytes.read(src)), to: URL(fileURLWithPath: dst))
            created.append(dst)
        }
        ctx.effective.data.dir = dir
        return created
    }

    public func inject(_ ctx: DrillContext) throws -> DrillFacts {
        let sym = try symbol(ctx)
        let file = ctx.effective.data.file(for: sym)
        let series = try CandleCSVReader().read(path: file).series
        guard series.count >= 50 else { throw PeakTradeError.badInput("\(file): \(series.count) candles; a drill needs at least 50") }
        let i = series.count * 3 / 5
        let tf = ctx.effective.data.timeframe
        var facts: DrillFacts = ["file": file, "symbol": sym.description, "variant": ctx.variant]
        let result: CandleFaultInjector.Injection
        switch fault {
        case .gap:
            let hours = Int(ctx.variant.dropFirst(4).dropLast()) ?? 2  // gap_2h
            let bars = max(1, Int(Int64(hours) * 3_600_000 / tf.milliseconds))
            let from = series.time[i], to = series.time[min(i + bars - 1, series.count - 2)]
            result = try CandleFaultInjector.apply(.gap(from: from, to: to), to: series)
            facts["from"] = UTCTime.iso(from); facts["to"] = UTCTime.iso(to); facts["bars"] = String(bars)
        case .corrupt:
            let at = series.time[i]
            result = try CandleFaultInjector.apply(ctx.variant == "absurd_high" ? .spike(at: at, field: .high, factor: 5) : .outlier(at: at, field: .close, factor: 10), to: series)
            facts["at"] = UTCTime.iso(at)
        }
        try CandleCSVWriter.write(result.series, to: file)
        facts["summary"] = result.summary
        return facts
    }

    public func observe(_ ctx: DrillContext, facts: DrillFacts) throws -> DrillFacts {
        try ctx.checkData(file: facts["file"]!, symbol: try Symbol(parsing: facts["symbol"]!))
        return [:]
    }
}
