import Foundation

/// `[paper]`: the paper portfolio's money model and where its state lives.
public struct PaperSettings: Sendable, Equatable {
    public var initialCash = 100_000.0
    public var feesBps = 10.0
    public var slippageBps = 5.0
    public var stateDir: String

    public init(root: String) {
        stateDir = (root as NSString).appendingPathComponent("state/paper")
    }

    public var portfolioPath: String { (stateDir as NSString).appendingPathComponent("portfolio.json") }
}

/// Loads and saves the paper portfolio atomically (temp file, fsync, rename). A missing file is a clean
/// start; a corrupt one is an error that says where it is and how to recover — never a silent reset.
public enum PortfolioStore {
    public static func load(_ settings: PaperSettings, now: Int64) throws -> (portfolio: PaperPortfolio, fresh: Bool) {
        let path = settings.portfolioPath
        guard FileManager.default.fileExists(atPath: path) else {
            return (PaperPortfolio(initialCash: settings.initialCash, now: now), true)
        }
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path) } catch let e as PeakTradeError { throw e }
        let decoded: PaperPortfolio
        do {
            decoded = try JSONDecoder().decode(PaperPortfolio.self, from: Data(bytes))
        } catch {
            throw PeakTradeError.badInput("\(path): paper portfolio state is corrupt (\(describe(error))); nothing was changed. Restore it from \(path).bak, or move it aside to start a fresh portfolio")
        }
        guard decoded.version == PaperPortfolio.schemaVersion else {
            throw PeakTradeError.badInput("\(path): paper portfolio state has version \(decoded.version), this peaktrade reads version \(PaperPortfolio.schemaVersion)")
        }
        let bad = decoded.positions.filter { !$0.value.quantity.isFinite || !$0.value.averagePrice.isFinite }
        guard decoded.cash.isFinite, bad.isEmpty else {
            throw PeakTradeError.badInput("\(path): paper portfolio state is corrupt (non-finite cash or position \(bad.keys.sorted().joined(separator: ", "))); nothing was changed")
        }
        return (decoded, false)
    }

    /// Keeps the previous state as `portfolio.json.bak` before replacing it.
    public static func save(_ p: PaperPortfolio, _ settings: PaperSettings) throws {
        let path = settings.portfolioPath
        let url = URL(fileURLWithPath: path)
        if FileManager.default.fileExists(atPath: path), let old = try? FileBytes.read(path) {
            try AtomicFile.write(Data(old), to: URL(fileURLWithPath: path + ".bak"))
        }
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try enc.encode(p), to: url)
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case let DecodingError.dataCorrupted(c): return "not valid JSON: \(c.debugDescription)"
        case let DecodingError.keyNotFound(k, _): return "missing key '\(k.stringValue)'"
        case let DecodingError.typeMismatch(_, c): return "wrong type at '\(c.codingPath.map(\.stringValue).joined(separator: "."))'"
        case let DecodingError.valueNotFound(_, c): return "missing value at '\(c.codingPath.map(\.stringValue).joined(separator: "."))'"
        default: return "\(error)"
        }
    }
}
