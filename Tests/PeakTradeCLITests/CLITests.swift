import Foundation
import Testing
import PeakTradeTestSupport
import PeakTradeCore

/// Runs the built `peaktrade` binary (see `PeakTradeBinary`).
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum PeakTradeBinary {
    static let url: URL = {
        // The test bundle sits in the build products folder, next to the executable.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("peaktrade").path) && dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("peaktrade")
    }()

    /// `stdin`: a pipe the caller may write to (kept open until closed); without it the child reads /dev/null.
    static func start(_ args: [String], cwd: URL = TestPaths.repositoryRoot, env: [String: String] = [:], stdin: Pipe? = nil) throws -> (Process, Pipe, Pipe) {
        let p = Process()
        p.executableURL = url
        p.arguments = args
        p.currentDirectoryURL = cwd
        var environment = ProcessInfo.processInfo.environment
        environment["PEAKTRADE_CONFIG"] = nil
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = stdin ?? FileHandle(forReadingAtPath: "/dev/null")
        try p.run()
        return (p, out, err)
    }

    static func run(_ args: [String], cwd: URL = TestPaths.repositoryRoot, env: [String: String] = [:]) throws -> Run {
        let (p, out, err) = try start(args, cwd: cwd, env: env)
        // Read before waiting: a full pipe would block the child.
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// For async tests: runs the process on its own thread so the cooperative pool stays free.
    static func runAsync(_ args: [String], cwd: URL = TestPaths.repositoryRoot, env: [String: String] = [:]) async throws -> Run {
        let r = await offPool { Result { try Self.run(args, cwd: cwd, env: env) } }
        return try r.get()
    }
}

/// Checks what a user sees: output, files and exit codes.
@Suite struct CLITests {
    /// Async so the wait for the child never blocks the cooperative pool (loopback servers in other tests need it).
    @discardableResult
    func run(_ args: [String], cwd: URL = TestPaths.repositoryRoot, env: [String: String] = [:]) async throws -> Run {
        try await PeakTradeBinary.runAsync(args, cwd: cwd, env: env)
    }

    @Test func bundledDataIsCleanApartFromAge() async throws {
        let r = try await run(["data", "check"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("BTC_EUR-1h.csv") && r.stdout.contains("ETH_EUR-1h.csv"))
        #expect(r.stdout.contains("17544 rows"))
        let none = try await run(["data", "check", "--as-of", "none"])
        #expect(none.stdout.components(separatedBy: "no findings").count == 3)
    }

    @Test func jsonSchema() async throws {
        let dir = TestPaths.scratch()
        let out = dir.appendingPathComponent("gap.csv").path
        let inj = try await run(["data", "inject", "gap", "data/BTC_EUR-1h.csv", "--from", "2024-03-01T10:00:00Z",
                           "--to", "2024-03-01T12:00:00Z", "--out", out])
        #expect(inj.status == 0, "\(inj.stderr)")
        let r = try await run(["data", "check", out, "--json", "--as-of", "2026-02-01T00:00:00Z"])
        #expect(r.status == 1)
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        for key in ["source", "timeframe", "rows", "first", "last", "findings", "summary"] { #expect(obj[key] != nil, "\(key)") }
        #expect(obj["rows"] as? Int == 17541)
        #expect(obj["timeframe"] as? String == "1h")
        let findings = obj["findings"] as! [[String: Any]]
        let gap = findings.first { $0["kind"] as? String == "gap" }!
        #expect(gap["start"] as? String == "2024-03-01T10:00:00Z")
        #expect(gap["end"] as? String == "2024-03-01T12:00:00Z")
        #expect(gap["count"] as? Int == 3)
        #expect(gap["severity"] as? String == "error")
        for key in ["kind", "severity", "start", "end", "count", "rows", "message"] { #expect(gap[key] != nil) }
        let summary = obj["summary"] as! [String: Int]
        #expect(summary == ["info": 0, "warning": 1, "error": 1, "critical": 0])
    }

    @Test func failOnThresholdDrivesTheExitCode() async throws {
        let dir = TestPaths.scratch()
        let out = dir.appendingPathComponent("dup.csv").path
        try await run(["data", "inject", "duplicate", "data/ETH_EUR-1h.csv", "--at", "2024-02-01T00:00:00Z", "--out", out])
        #expect(try await run(["data", "check", out, "--as-of", "none"]).status == 0)
        #expect(try await run(["data", "check", out, "--as-of", "none", "--fail-on", "warning"]).status == 1)
        #expect(try await run(["data", "check", out, "--fail-on", "fatal"]).status == 64)
    }

    @Test func unreadableInputExits65WithFileAndLine() async throws {
        let bad = TestPaths.file("timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,abc,1\n")
        let r = try await run(["data", "check", bad])
        #expect(r.status == 65)
        #expect(r.stderr.contains("\(bad):2: column 'close': \"abc\" is not a number"))
        let lenient = try await run(["data", "check", bad, "--lenient", "--json"])
        #expect(lenient.status == 1)
        #expect(lenient.stdout.contains("\"invalid_row\""))
        let missing = try await run(["data", "check", "/nonexistent.csv"])
        #expect(missing.status == 65 && missing.stderr.contains("/nonexistent.csv: cannot open"))
    }

    @Test func injectNeverTouchesTheInput() async throws {
        let dir = TestPaths.scratch()
        let input = dir.appendingPathComponent("BTC_EUR-1h.csv").path
        try await run(["data", "generate", "--bars", "500", "--out", input])
        let before = try Data(contentsOf: URL(fileURLWithPath: input))
        let same = try await run(["data", "inject", "outlier", input, "--at", "2024-01-05T00:00:00Z", "--out", input])
        #expect(same.status == 64 && same.stderr.contains("never into the input"))
        let out = dir.appendingPathComponent("bad.csv").path
        let r = try await run(["data", "inject", "outlier", input, "--at", "2024-01-05T00:00:00Z", "--field", "close", "--factor", "10", "--out", out])
        #expect(r.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == before)
        let check = try await run(["data", "check", out, "--json", "--as-of", "none"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("\"critical\"") && check.stdout.contains("2024-01-05T00:00:00Z"))
        let missing = try await run(["data", "inject", "spike", input, "--at", "2030-01-01T00:00:00Z", "--out", out])
        #expect(missing.status == 64 && missing.stderr.contains("no candle opens at 2030-01-01T00:00:00Z"))
    }

    @Test func generateIsDeterministic() async throws {
        let a = try await run(["data", "generate", "--symbol", "ETH/EUR", "--timeframe", "5m", "--bars", "300", "--seed", "9"])
        let b = try await run(["data", "generate", "--symbol", "ETH/EUR", "--timeframe", "5m", "--bars", "300", "--seed", "9"])
        #expect(a.status == 0 && a.stdout == b.stdout)
        #expect(a.stdout.hasPrefix("timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,2100,"))
        #expect(a.stdout.split(separator: "\n").count == 301)
    }

    @Test func bundledDataIsWhatTheGeneratorMakes() async throws {
        let dir = TestPaths.scratch()
        for (sym, seed, file) in [("BTC/EUR", "42", "BTC_EUR-1h.csv"), ("ETH/EUR", "43", "ETH_EUR-1h.csv")] {
            let out = dir.appendingPathComponent(file).path
            try await run(["data", "generate", "--symbol", sym, "--seed", seed, "--out", out])
            let bundled = TestPaths.repositoryRoot.appendingPathComponent("data/\(file)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: bundled), "\(file)")
        }
    }

    @Test func configErrorsExit78() async throws {
        let cfg = TestPaths.file("[environment]\nmode = \"yolo\"\n", name: "bad.toml")
        let r = try await run(["data", "check", "--config", cfg])
        #expect(r.status == 78)
        #expect(r.stderr.contains("\(cfg):2: [environment] mode = \"yolo\" is not valid; valid: shadow, paper, testnet, live"))
        let env = try await run(["data", "check"], env: ["PEAKTRADE_CONFIG": "/nonexistent.toml"])
        #expect(env.status == 78)
    }

    @Test func usageErrorsExit64() async throws {
        #expect(try await run(["data", "check", "--timeframe", "2h"]).status == 64)
        #expect(try await run(["data", "inject", "gap", "data/BTC_EUR-1h.csv", "--out", "/tmp/x.csv"]).status == 64)
        #expect(try await run(["nonsense"]).status == 64)
    }
}
