import ArgumentParser
import Foundation
import PeakTradeCore

@main
struct PeakTrade: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peaktrade",
        abstract: "Peak_Trade operations: the ops console, data quality, alerts, live ops, research, shadow runs, incident drills.",
        discussion: """
        Exit codes: 0 ok; 1 problems found; 64 usage; 65 bad input data; 74 I/O error; 78 bad configuration.
        """,
        version: "0.1.0",
        subcommands: [ConsoleCommand.self, DataCommand.self, AlertsCommand.self, LiveOpsCommand.self, BacktestCommand.self, ResearchCommand.self, ShadowCommand.self, DrillCommand.self, RunbookCommand.self],
        defaultSubcommand: ConsoleCommand.self
    )
}

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Config file (default: $PEAKTRADE_CONFIG, else config/config.toml when present).")
    var config: String?

    /// Loads settings and shows config warnings on stderr.
    func loadSettings() throws -> Settings {
        let settings = try ConfigLoader.load(path: config)
        for w in settings.warnings { Console.warn(w) }
        return settings
    }
}

/// stdout/stderr helpers and the one place that turns core errors into exit codes.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func warn(_ text: String) {
        FileHandle.standardError.write(Data("peaktrade: warning: \(text)\n".utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data("peaktrade: error: \(text)\n".utf8))
    }

    /// Runs a command body; a `PeakTradeError` becomes its message on stderr and its exit code.
    static func run(_ body: () throws -> ExitStatus) throws {
        let status: ExitStatus
        do {
            status = try body()
        } catch let e as PeakTradeError {
            error(e.description)
            throw ExitCode(e.status.rawValue)
        }
        if status != .ok { throw ExitCode(status.rawValue) }
    }

    /// Pretty, key-sorted JSON for a dictionary/array document (reports built field by field).
    static func json(object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try enc.encode(value), as: UTF8.self)
    }
}

extension Timeframe: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(parsing: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension Severity: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.map(\.name) }
}

extension CandleField: ExpressibleByArgument {}

/// Timestamps on the command line: ISO-8601 or epoch seconds/milliseconds.
struct Timestamp: ExpressibleByArgument {
    let ms: Int64
    init?(argument: String) {
        guard let v = UTCTime.parse(argument) else { return nil }
        ms = v
    }
    static var defaultCompletionKind: CompletionKind { .default }
}
