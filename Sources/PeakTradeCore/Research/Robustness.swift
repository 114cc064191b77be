import Dispatch
import Foundation

/// How a portfolio's results hold up: a parameter perturbation grid, walk-forward splits and a block bootstrap
/// of its returns, each summarised as percentiles of Sharpe, max drawdown and CAGR.
public struct RobustnessStudy: Sendable {
    public struct Distribution: Sendable, Codable, Equatable {
        public var count: Int
        public var p5, p25, p50, p75, p95: Double?

        init(_ values: [Double]) {
            let v = values.filter(\.isFinite).sorted()
            count = v.count
            func q(_ p: Double) -> Double? {
                guard !v.isEmpty else { return nil }
                // Linear interpolation between closest ranks.
                let x = p * Double(v.count - 1)
                let lo = Int(x.rounded(.down)), hi = min(lo + 1, v.count - 1)
                return v[lo] + (v[hi] - v[lo]) * (x - Double(lo))
            }
            p5 = q(0.05); p25 = q(0.25); p50 = q(0.5); p75 = q(0.75); p95 = q(0.95)
        }
    }

    public struct Summary: Sendable, Codable, Equatable {
        public var sharpe: Distribution
        public var maxDrawdown: Distribution
        public var cagr: Distribution

        init(_ m: [Metrics]) {
            sharpe = Distribution(m.compactMap(\.sharpe))
            maxDrawdown = Distribution(m.map(\.maxDrawdown))
            cagr = Distribution(m.compactMap(\.cagr))
        }

        enum CodingKeys: String, CodingKey { case sharpe, maxDrawdown = "max_drawdown", cagr }
    }

    public struct Split: Sendable, Codable {
        public var inSampleStart: String, inSampleEnd: String, outOfSampleStart: String, outOfSampleEnd: String
        public var chosenVariant: Int
        public var chosenParams: [String]
        public var inSampleSharpe: Double?
        public var outOfSample: Metrics
        enum CodingKeys: String, CodingKey {
            case inSampleStart = "in_sample_start", inSampleEnd = "in_sample_end", outOfSampleStart = "out_of_sample_start"
            case outOfSampleEnd = "out_of_sample_end", chosenVariant = "chosen_variant", chosenParams = "chosen_params"
            case inSampleSharpe = "in_sample_sharpe", outOfSample = "out_of_sample"
        }
    }

    public var preset: String
    public var variants: [PortfolioPreset]
    public var grid: Summary
    public var base: Metrics
    public var walkForward: [Split]
    public var walkForwardOutOfSample: Summary
    public var bootstrap: Summary
    public var bootstrapSamples: Int
    public var blockBars: Int

    /// Variant 0 is the preset itself; the others scale each numeric parameter by a factor drawn from
    /// {0.8, 0.9, 1.0, 1.1, 1.2} (integers rounded), skipping invalid combinations. Seeded: the same every run.
    public static func perturbations(_ preset: PortfolioPreset, count: Int, seed: UInt64 = 42) -> [PortfolioPreset] {
        var rng = SplitMix64(seed: seed)
        var out = [preset]
        var seen: Set<String> = [key(preset)]
        let factors = [0.8, 0.9, 1.0, 1.1, 1.2]
        var attempts = 0
        while out.count < count && attempts < count * 50 {
            attempts += 1
            var v = preset
            for i in v.legs.indices {
                guard let resolved = try? v.legs[i].strategy.resolved() else { continue }
                let defs = StrategySpec.catalogue[v.legs[i].strategy.name] ?? []
                for p in defs {
                    var x = (resolved[p.name] ?? p.defaultValue) * factors[Int(rng.next() % 5)]
                    if p.integer { x = max(p.range.lowerBound, x.rounded()) }
                    v.legs[i].strategy.params[p.name] = min(max(x, p.range.lowerBound), p.range.upperBound)
                }
            }
            guard v.legs.allSatisfy({ (try? $0.strategy.resolved()) != nil }), seen.insert(key(v)).inserted else { continue }
            out.append(v)
        }
        return out
    }

    static func key(_ p: PortfolioPreset) -> String { p.legs.map(\.strategy.paramText).joined(separator: "|") }

    /// Runs every variant (on all cores), the walk-forward splits and the bootstrap.
    public static func run(_ preset: PortfolioPreset, data: [ResearchData], model: ExecutionModel, initialCash: Double,
                           variants count: Int = 200, folds: Int = 4, samples: Int = 500, blockBars: Int = 24,
                           seed: UInt64 = 42) throws -> RobustnessStudy {
        let variants = perturbations(preset, count: count, seed: seed)
        var runs = [PortfolioRun?](repeating: nil, count: variants.count)
        runs.withUnsafeMutableBufferPointer { out in
            let o = UncheckedSendable(out.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: variants.count) { k in
                o.value[k] = try? PortfolioRun.run(variants[k], data: data, model: model, initialCash: initialCash)
            }
        }
        let done = runs.compactMap { $0 }
        guard let base = runs[0] else { throw PeakTradeError.badInput("the preset \(preset.name) could not be run") }
        let grid = Summary(done.map(\.metrics))

        // Walk-forward: the timeline in `folds` equal parts; for each part after the first, the variant with the
        // best Sharpe on the part before is chosen and judged on this part (segments of the same causal runs).
        var splits: [Split] = []
        let n = base.times.count
        let tf = base.timeframe
        if folds >= 2, n >= folds * 10 {
            let bounds = (0...folds).map { $0 * n / folds }
            func segment(_ r: PortfolioRun, _ a: Int, _ b: Int) -> Metrics {
                Metrics(times: Array(r.times[a..<b]), equity: Array(r.equity[a..<b]), initialEquity: r.equity[a], timeframe: tf)
            }
            for j in 1..<folds {
                let (isA, isB, oosA, oosB) = (bounds[j - 1], bounds[j], bounds[j], bounds[j + 1])
                var best = 0
                var bestSharpe = -Double.infinity
                for (k, r) in runs.enumerated() {
                    guard let r, r.times.count == n else { continue }
                    let s = segment(r, isA, isB).sharpe ?? -Double.infinity
                    if s > bestSharpe { bestSharpe = s; best = k }
                }
                let chosen = runs[best]!
                splits.append(Split(inSampleStart: UTCTime.iso(base.times[isA]), inSampleEnd: UTCTime.iso(base.times[isB - 1]),
                                    outOfSampleStart: UTCTime.iso(base.times[oosA]), outOfSampleEnd: UTCTime.iso(base.times[oosB - 1]),
                                    chosenVariant: best, chosenParams: variants[best].legs.map(\.strategy.paramText),
                                    inSampleSharpe: bestSharpe.isFinite ? bestSharpe : nil, outOfSample: segment(chosen, oosA, oosB)))
            }
        }

        // Block bootstrap of the base portfolio's per-bar returns: blocks keep volatility clustering intact.
        var rng = SplitMix64(seed: seed ^ 0xB007)
        let returns = n >= 2 ? (1..<n).map { base.equity[$0] / base.equity[$0 - 1] - 1 } : []
        var boot: [Metrics] = []
        if returns.count > blockBars {
            boot.reserveCapacity(samples)
            for _ in 0..<samples {
                var e = [Double](repeating: 0, count: n)
                e[0] = base.equity[0]
                var t = 1
                while t < n {
                    let start = Int(rng.next() % UInt64(returns.count - blockBars + 1))
                    for k in 0..<blockBars where t < n { e[t] = e[t - 1] * (1 + returns[start + k]); t += 1 }
                }
                boot.append(Metrics(times: base.times, equity: e, initialEquity: e[0], timeframe: tf))
            }
        }
        return RobustnessStudy(preset: preset.name, variants: variants, grid: grid, base: base.metrics, walkForward: splits,
                               walkForwardOutOfSample: Summary(splits.map(\.outOfSample)), bootstrap: Summary(boot),
                               bootstrapSamples: boot.count, blockBars: blockBars)
    }
}
