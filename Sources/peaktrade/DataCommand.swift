import ArgumentParser
import Foundation
import PeakTradeCore

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Check, generate and damage candle files.",
        subcommands: [DataCheckCommand.self, DataInjectCommand.self, DataGenerateCommand.self]
    )
}

struct DataCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check candle files for gaps, duplicates, corrupt candles, outliers and staleness.",
        discussion: "Exit 0 when no finding reaches --fail-on, 1 when one does, 65 when a file cannot be read. JSON schema: docs/DATA_CHECK.md."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Candle CSV files (default: the files of [data] in the config).")
    var files: [String] = []

    @Option(help: "Timeframe of the files (default: inferred from the spacing of timestamps). Valid: \(Timeframe.validList).")
    var timeframe: Timeframe?

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding reaches this severity (default: [data_quality] fail_on, else error).")
    var failOn: Severity?

    @Option(name: .customLong("as-of"), help: "Reference time for the stale check: ISO-8601, epoch, 'now' or 'none'.")
    var asOf: String = "now"

    @Flag(help: "Keep reading past bad rows and report each as an invalid_row finding (default: stop at the first).")
    var lenient = false

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: "Findings listed per file in the text report (0: all).")
    var limit = 40

    @Flag(help: ArgumentHelp("Print phase timings to stderr.", visibility: .hidden))
    var timings = false

    func run() throws {
        try Console.run {
            let settings = try global.loadSettings()
            let reference: Int64?
            switch asOf.lowercased() {
            case "now": reference = Int64(Date().timeIntervalSince1970 * 1000)
            case "none": reference = nil
            default:
                guard let t = UTCTime.parse(asOf) else {
                    throw PeakTradeError.usage("--as-of \(TerminalText.quoted(asOf)) is not valid; expected ISO-8601 (2024-01-01T00:00:00Z), epoch seconds/ms, now or none")
                }
                reference = t
            }
            let threshold = failOn ?? settings.dataQuality.failOn
            let paths = files.isEmpty ? settings.data.files : files
            let checker = DataCheck(settings: settings.dataQuality, mode: lenient ? .lenient : settings.data.readMode)
            var reports: [DataCheckReport] = []
            var unreadable = false
            for path in paths {
                let t0 = DispatchTime.now()
                do {
                    let outcome = try checker.run(path: path, timeframe: timeframe, asOf: reference)
                    reports.append(outcome.report)
                    if timings {
                        let ms = Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e6
                        FileHandle.standardError.write(Data("timing: \(path): read+check \(String(format: "%.1f", ms)) ms (read \(outcome.readNanoseconds / 1_000_000) ms, checks \(outcome.checkNanoseconds / 1_000_000) ms), \(outcome.series.count) rows, peak RSS \(System.peakResidentBytes >> 20) MiB\n".utf8))
                    }
                } catch let e as PeakTradeError {
                    Console.error(e.description)
                    unreadable = true
                }
            }
            if json {
                if reports.count == 1 && paths.count == 1 { Console.out(try Console.json(reports[0])) }
                else if !reports.isEmpty || paths.count > 1 { Console.out(try Console.json(reports)) }
            } else {
                for (k, r) in reports.enumerated() {
                    if k > 0 { Console.out("") }
                    Console.out(DataCheckTable.render(r, limit: limit, failOn: threshold))
                }
            }
            if unreadable { return .badInput }
            return reports.contains { $0.reaches(threshold) } ? .problemsFound : .ok
        }
    }
}

/// The human-readable form of a data check report.
enum DataCheckTable {
    static func render(_ r: DataCheckReport, limit: Int, failOn: Severity) -> String {
        var lines: [String] = []
        let tf = r.timeframe.map { "\($0) (\(r.timeframeSource ?? "given"))" } ?? "timeframe unknown"
        lines.append("\(TerminalText.sanitize(r.source))  \(r.symbol ?? "?")  \(tf)  \(r.rows) rows  \(r.first ?? "-") … \(r.last ?? "-")")
        if r.findings.isEmpty {
            lines.append("  no findings")
        } else {
            lines.append("  " + pad("SEVERITY", 9) + pad("KIND", 20) + pad("START", 21) + pad("END", 21) + pad("COUNT", 7) + pad("LINES", 14) + "MESSAGE")
            let shown = limit > 0 ? Array(r.findings.prefix(limit)) : r.findings
            for f in shown {
                let rows = f.rows.count <= 2 ? f.rows.map(String.init).joined(separator: ",")
                    : "\(f.rows[0])…\(f.rows[f.rows.count - 1])"
                lines.append("  " + pad(f.severity.name, 9) + pad(f.kind.rawValue, 20)
                             + pad(f.start.map(UTCTime.iso) ?? "-", 21) + pad(f.end.map(UTCTime.iso) ?? "-", 21)
                             + pad(String(f.count), 7) + pad(rows, 14) + TerminalText.sanitize(f.message))
            }
            if shown.count < r.findings.count {
                lines.append("  … \(r.findings.count - shown.count) more findings (--limit 0 shows all, --json gives them all)")
            }
        }
        let s = r.summary
        let verdict = r.reaches(failOn) ? "FAIL (a finding reaches \(failOn.name))" : "OK (nothing reaches \(failOn.name))"
        lines.append("  summary: \(s.critical) critical, \(s.error) error, \(s.warning) warning, \(s.info) info — \(verdict)")
        return lines.joined(separator: "\n")
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width - 1 ? s + " " : s + String(repeating: " ", count: width - s.count)
    }
}
