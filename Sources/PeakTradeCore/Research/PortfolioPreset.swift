import Foundation
import TOMLKit

public struct PortfolioLeg: Sendable, Equatable {
    public var strategy: StrategySpec
    public var symbol: Symbol
    public var timeframe: Timeframe
    public var weight: Double

    /// `ma_crossover BTC/EUR 1h`, unique within a preset (an index is added when needed).
    public var name: String { "\(strategy.name) \(symbol) \(timeframe.rawValue)" }
}

public struct PortfolioPreset: Sendable, Equatable {
    public var name: String
    public var description: String
    public var legs: [PortfolioLeg]

    /// Loads one preset (or lists the valid names in the error).
    public static func load(_ name: String, path: String) throws -> PortfolioPreset {
        let all = try loadAll(path: path)
        guard let p = all.first(where: { $0.name == name }) else {
            throw PeakTradeError.usage("portfolio preset \"\(name)\" is not in \(path); valid: \(all.map(\.name).sorted().joined(separator: ", "))")
        }
        return p
    }

    public static func loadAll(path: String) throws -> [PortfolioPreset] {
        let text: String
        do { text = String(decoding: try FileBytes.read(path), as: UTF8.self) } catch let e as PeakTradeError { throw PeakTradeError.config(e.description) }
        let source = ConfigSource(path: path, text: text)
        let doc: TOMLTable
        do { doc = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw PeakTradeError.config("\(path):\(e.source.begin.line):\(e.source.begin.column): TOML syntax error: \(e.description)")
        }
        return try doc.keys.sorted().map { name in
            guard let t = doc[name]?.table else { throw PeakTradeError.config("\(path): \(name) must be a table ([\(name)])") }
            let desc = t["description"]?.string ?? ""
            guard let legs = t["legs"]?.array, !legs.isEmpty else {
                throw PeakTradeError.config("\(source.location(section: name, key: "legs")): preset [\(name)] has no [[\(name).legs]]")
            }
            var out: [PortfolioLeg] = []
            for (i, item) in legs.enumerated() {
                let at = "\(path): [[\(name).legs]] #\(i + 1)"
                guard let leg = item.table else { throw PeakTradeError.config("\(at): must be a table") }
                for key in leg.keys where !["strategy", "symbol", "timeframe", "weight", "params"].contains(key) {
                    throw PeakTradeError.config("\(at): unknown key \(key); valid: strategy, symbol, timeframe, weight, params")
                }
                guard let strategy = leg["strategy"]?.string else { throw PeakTradeError.config("\(at): strategy is missing; valid: \(StrategySpec.names)") }
                guard let sym = leg["symbol"]?.string, let symbol = try? Symbol(parsing: sym) else {
                    throw PeakTradeError.config("\(at): symbol \(leg["symbol"]?.debugDescription ?? "is missing") is not valid; expected BASE/QUOTE")
                }
                let tfText = leg["timeframe"]?.string ?? "1h"
                guard let tf = Timeframe(rawValue: tfText) else { throw PeakTradeError.config("\(at): timeframe \"\(tfText)\" is not valid; valid: \(Timeframe.validList)") }
                guard let w = leg["weight"]?.double ?? leg["weight"]?.int.map(Double.init), w > 0, w <= 1 else {
                    throw PeakTradeError.config("\(at): weight \(leg["weight"]?.debugDescription ?? "is missing") is not valid; expected a number above 0 and at most 1")
                }
                var params: [String: Double] = [:]
                if let pt = leg["params"]?.table {
                    for k in pt.keys {
                        guard let v = pt[k]?.double ?? pt[k]?.int.map(Double.init) ?? pt[k]?.bool.map({ $0 ? 1.0 : 0.0 }) else {
                            throw PeakTradeError.config("\(at): params.\(k) = \(pt[k]!.debugDescription) is not a number")
                        }
                        params[k] = v
                    }
                }
                let spec = StrategySpec(name: strategy, params: params)
                do { _ = try spec.resolved() } catch let e as PeakTradeError { throw PeakTradeError.config("\(at): \(e.description)") }
                out.append(PortfolioLeg(strategy: spec, symbol: symbol, timeframe: tf, weight: w))
            }
            let total = out.reduce(0) { $0 + $1.weight }
            guard total <= 1 + 1e-9 else { throw PeakTradeError.config("\(path): preset [\(name)] weights sum to \(fmt(total)); they must not exceed 1") }
            return PortfolioPreset(name: name, description: desc, legs: out)
        }
    }
}
