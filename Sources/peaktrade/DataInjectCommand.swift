import ArgumentParser
import Foundation
import PeakTradeCore

struct DataInjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inject",
        abstract: "Write a damaged copy of a candle file for a drill (the input is never changed).",
        subcommands: [Gap.self, Outlier.self, Spike.self, Duplicate.self]
    )

    /// Input/output shared by every fault.
    struct Files: ParsableArguments {
        @OptionGroup var global: GlobalOptions

        @Argument(help: "Input candle CSV (default: the first file of [data]).")
        var file: String?

        @Option(help: "Where to write the damaged copy (must differ from the input).")
        var out: String

        func inject(_ fault: (CandleSeries) throws -> CandleFault) throws {
            try Console.run {
                let settings = try global.loadSettings()
                guard let input = file ?? settings.data.files.first else {
                    throw PeakTradeError.usage("no input file given and [data] names none")
                }
                let inURL = URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath()
                let outURL = URL(fileURLWithPath: out).standardizedFileURL.resolvingSymlinksInPath()
                guard inURL.path != outURL.path else {
                    throw PeakTradeError.usage("--out \(out) is the input file; faults are written to a copy, never into the input")
                }
                let series = try CandleCSVReader(mode: .strict).read(path: input).series
                let result = try CandleFaultInjector.apply(try fault(series), to: series)
                try CandleCSVWriter.write(result.series, to: out)
                Console.out("\(out): \(result.summary) (input \(input) unchanged)")
                return .ok
            }
        }
    }

    struct Gap: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a window of candles (--from/--to, or --at with --bars).")
        @OptionGroup var files: Files
        @Option(help: "First candle to remove (open time).") var from: Timestamp?
        @Option(help: "Last candle to remove (open time).") var to: Timestamp?
        @Option(help: "First candle to remove, with --bars.") var at: Timestamp?
        @Option(help: "Number of candles to remove from --at.") var bars: Int?
        @Option(help: "Timeframe for --bars (default: inferred).") var timeframe: Timeframe?

        func run() throws {
            try files.inject { series in
                if let from = from?.ms, let to = to?.ms, at == nil, bars == nil { return .gap(from: from, to: to) }
                if let at = at?.ms, let bars, from == nil, to == nil {
                    guard bars > 0 else { throw PeakTradeError.usage("--bars \(bars) is not valid; expected a positive count") }
                    guard let tf = try timeframe ?? TimeframeInference.infer(series) else {
                        throw PeakTradeError.usage("cannot infer the timeframe of a file with fewer than 2 candles; pass --timeframe")
                    }
                    return .gap(from: at, to: at + Int64(bars - 1) * tf.milliseconds)
                }
                throw PeakTradeError.usage("give either --from and --to, or --at and --bars")
            }
        }
    }

    struct Outlier: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Multiply one field of one candle (a corrupt print, e.g. close ×10).")
        @OptionGroup var files: Files
        @Option(help: "Open time of the candle.") var at: Timestamp
        @Option(help: "Field to corrupt: open, high, low, close, volume.") var field: CandleField = .close
        @Option(help: "Multiplier.") var factor: Double = 10

        func run() throws { try files.inject { _ in .outlier(at: at.ms, field: field, factor: factor) } }
    }

    struct Spike: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Push one candle's high up (or low down) by a factor: an absurd wick.")
        @OptionGroup var files: Files
        @Option(help: "Open time of the candle.") var at: Timestamp
        @Option(help: "high or low.") var field: CandleField = .high
        @Option(help: "Multiplier (e.g. 10 for high, 0.1 for low).") var factor: Double = 10

        func run() throws { try files.inject { _ in .spike(at: at.ms, field: field, factor: factor) } }
    }

    struct Duplicate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Repeat one candle right after itself.")
        @OptionGroup var files: Files
        @Option(help: "Open time of the candle.") var at: Timestamp

        func run() throws { try files.inject { _ in .duplicate(at: at.ms) } }
    }
}

struct DataGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate deterministic sample candles (volatility clustering, trend and range regimes)."
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Symbol, e.g. BTC/EUR.") var symbol: String = "BTC/EUR"
    @Option(help: "Timeframe.") var timeframe: Timeframe = .h1
    @Option(help: "Number of candles.") var bars: Int = 17_544
    @Option(help: "Random seed: the same seed gives the same candles.") var seed: UInt64 = 42
    @Option(help: "Open time of the first candle.") var start: Timestamp?
    @Option(help: "Start price (default: typical for the base asset).") var price: Double?
    @Option(help: "Output file (default: stdout).") var out: String?

    func run() throws {
        try Console.run {
            let sym = try Symbol(parsing: symbol)
            guard bars > 0 else { throw PeakTradeError.usage("--bars \(bars) is not valid; expected a positive count") }
            if let price, !(price > 0) { throw PeakTradeError.usage("--price \(price) is not valid; expected a positive number") }
            let gen = SampleCandleGenerator(symbol: sym, timeframe: timeframe, bars: bars, seed: seed,
                                            start: start?.ms ?? SampleCandleGenerator.defaultStart, startPrice: price)
            let series = gen.generate()
            if let out {
                try CandleCSVWriter.write(series, to: out)
                Console.out("\(out): \(series.count) \(sym) \(timeframe.rawValue) candles, seed \(seed)")
            } else {
                FileHandle.standardOutput.write(Data(CandleCSVWriter.encode(series)))
            }
            return .ok
        }
    }
}
