import Foundation
import PeakTradeCore

/// Locations the tests need: the repository, the shared real-data folder, scratch folders.
public enum TestPaths {
    /// The repository root (this file is Tests/PeakTradeTestSupport/TestPaths.swift).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/data/ohlcv` beside the repository (or `$PEAKTRADE_SHARED_OHLCV`), nil when absent.
    public static let sharedOHLCV: URL? = {
        if let env = ProcessInfo.processInfo.environment["PEAKTRADE_SHARED_OHLCV"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/ohlcv")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    public static let sharedDataSkipReason =
        "../shared/data/ohlcv is absent (a user's clone has no shared folder): real-exchange tests skipped"

    public static func shared(_ name: String) -> String {
        sharedOHLCV!.appendingPathComponent(name).path
    }

    /// A fresh empty folder under the system temp dir.
    public static func scratch(_ name: String = #function) -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("peaktrade-tests-\(getpid())-\(safe)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to a new file in a scratch folder and returns its path.
    public static func file(_ text: String, name: String = "candles.csv", in dir: URL = scratch()) -> String {
        let url = dir.appendingPathComponent(name)
        try! Data(text.utf8).write(to: url)
        return url.path
    }
}

/// Small deterministic series for check tests.
public enum Fixtures {
    /// Bundled-style generated candles (clean by construction).
    public static func generated(bars: Int = 2_000, timeframe: Timeframe = .h1, seed: UInt64 = 7,
                                 symbol: String = "BTC/EUR") -> CandleSeries {
        SampleCandleGenerator(symbol: try! Symbol(parsing: symbol), timeframe: timeframe, bars: bars, seed: seed).generate()
    }

    public static func csv(_ s: CandleSeries) -> String { String(decoding: CandleCSVWriter.encode(s), as: UTF8.self) }
}
