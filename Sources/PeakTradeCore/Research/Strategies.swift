import Foundation

/// A strategy sees each bar's close and says which position it wants from the next bar on: +1 long, 0 flat,
/// −1 short (a fraction of the capital it is given). It never sees a later bar.
public protocol Strategy: Sendable {
    mutating func target(open: Double, high: Double, low: Double, close: Double, volume: Double) -> Double
}

/// A strategy name plus parameters, validated: what presets, `--param` and the shadow runner pass around.
public struct StrategySpec: Sendable, Equatable, Codable {
    public var name: String
    public var params: [String: Double]

    public init(name: String, params: [String: Double] = [:]) {
        self.name = name
        self.params = params
    }

    public struct Parameter: Sendable {
        public let name: String
        public let defaultValue: Double
        public let integer: Bool
        public let range: ClosedRange<Double>
    }

    /// Every strategy and its parameters with defaults; `allow_short` (0/1) is accepted by all.
    public static let catalogue: [String: [Parameter]] = [
        "ma_crossover": [.init(name: "fast", defaultValue: 10, integer: true, range: 1...10_000),
                         .init(name: "slow", defaultValue: 30, integer: true, range: 2...10_000)],
        "rsi_reversion": [.init(name: "period", defaultValue: 14, integer: true, range: 2...1_000),
                          .init(name: "entry", defaultValue: 30, integer: false, range: 1...99),
                          .init(name: "exit", defaultValue: 55, integer: false, range: 1...99)],
        "breakout": [.init(name: "period", defaultValue: 20, integer: true, range: 2...10_000),
                     .init(name: "exit_period", defaultValue: 10, integer: true, range: 2...10_000)],
        "momentum": [.init(name: "lookback", defaultValue: 48, integer: true, range: 1...10_000),
                     .init(name: "threshold", defaultValue: 0.02, integer: false, range: 0...10)],
    ]

    static let shortParameter = Parameter(name: "allow_short", defaultValue: 0, integer: true, range: 0...1)

    public static var names: String { catalogue.keys.sorted().joined(separator: ", ") }

    /// Defaults filled in, every value checked; errors name the strategy, parameter, value and what is valid.
    public func resolved() throws -> [String: Double] {
        guard let params = Self.catalogue[name] else {
            throw PeakTradeError.usage("strategy \"\(name)\" is not known; valid: \(Self.names)")
        }
        let all = params + [Self.shortParameter]
        for key in self.params.keys where !all.contains(where: { $0.name == key }) {
            throw PeakTradeError.usage("\(name): parameter \"\(key)\" is not known; valid: \(all.map(\.name).joined(separator: ", "))")
        }
        var out: [String: Double] = [:]
        for p in all {
            let v = self.params[p.name] ?? p.defaultValue
            guard v.isFinite, p.range.contains(v), !p.integer || v == v.rounded() else {
                throw PeakTradeError.usage("\(name): \(p.name) = \(fmt(v)) is not valid; expected \(p.integer ? "an integer" : "a number") from \(fmt(p.range.lowerBound)) to \(fmt(p.range.upperBound))")
            }
            out[p.name] = v
        }
        if name == "ma_crossover", out["fast"]! >= out["slow"]! {
            throw PeakTradeError.usage("ma_crossover: fast = \(fmt(out["fast"]!)) must be below slow = \(fmt(out["slow"]!))")
        }
        if name == "rsi_reversion", out["entry"]! >= out["exit"]! {
            throw PeakTradeError.usage("rsi_reversion: entry = \(fmt(out["entry"]!)) must be below exit = \(fmt(out["exit"]!))")
        }
        return out
    }

    public func make() throws -> AnyStrategy {
        let p = try resolved()
        let short = p["allow_short"]! == 1
        switch name {
        case "ma_crossover": return .maCrossover(MACrossover(fast: Int(p["fast"]!), slow: Int(p["slow"]!), allowShort: short))
        case "rsi_reversion": return .rsiReversion(RSIReversion(period: Int(p["period"]!), entry: p["entry"]!, exit: p["exit"]!, allowShort: short))
        case "breakout": return .breakout(Breakout(period: Int(p["period"]!), exitPeriod: Int(p["exit_period"]!), allowShort: short))
        default: return .momentum(Momentum(lookback: Int(p["lookback"]!), threshold: p["threshold"]!, allowShort: short))
        }
    }

    /// `fast=10,slow=30`.
    public var paramText: String {
        ((try? resolved()) ?? params).filter { $0.key != "allow_short" || $0.value != 0 }
            .sorted { $0.key < $1.key }.map { "\($0.key)=\(fmt($0.value))" }.joined(separator: ",")
    }
}

/// A closed set of strategies: a switch per bar instead of an existential, so the engine loop specialises.
public enum AnyStrategy: Strategy {
    case maCrossover(MACrossover)
    case rsiReversion(RSIReversion)
    case breakout(Breakout)
    case momentum(Momentum)
    /// Holds the place while a payload is taken out to be mutated.
    case taken

    /// The payload is moved out (`self = .taken`) before it is mutated, so its buffers stay uniquely referenced:
    /// mutating a copy while the enum still held the original would copy the ring buffers on every bar.
    @inline(__always)
    public mutating func target(open: Double, high: Double, low: Double, close: Double, volume: Double) -> Double {
        switch self {
        case var .maCrossover(s):
            self = .taken
            let t = s.target(open: open, high: high, low: low, close: close, volume: volume)
            self = .maCrossover(s)
            return t
        case var .rsiReversion(s):
            self = .taken
            let t = s.target(open: open, high: high, low: low, close: close, volume: volume)
            self = .rsiReversion(s)
            return t
        case var .breakout(s):
            self = .taken
            let t = s.target(open: open, high: high, low: low, close: close, volume: volume)
            self = .breakout(s)
            return t
        case var .momentum(s):
            self = .taken
            let t = s.target(open: open, high: high, low: low, close: close, volume: volume)
            self = .momentum(s)
            return t
        case .taken:
            return 0
        }
    }
}

/// Long while the fast SMA is above the slow SMA (short below, if allowed).
public struct MACrossover: Strategy {
    var fast: SMA, slow: SMA
    let allowShort: Bool

    public init(fast: Int, slow: Int, allowShort: Bool = false) {
        self.fast = SMA(period: fast)
        self.slow = SMA(period: slow)
        self.allowShort = allowShort
    }

    public mutating func target(open: Double, high: Double, low: Double, close: Double, volume: Double) -> Double {
        let f = fast.update(close), s = slow.update(close)
        guard let f, let s else { return 0 }
        return f > s ? 1 : allowShort ? -1 : 0
    }
}

/// Buy when RSI falls below `entry`, sell when it rises above `exit` (mirrored for shorts, if allowed).
public struct RSIReversion: Strategy {
    var rsi: RSI
    let entry: Double, exit: Double
    let allowShort: Bool
    var position = 0.0

    public init(period: Int, entry: Double, exit: Double, allowShort: Bool = false) {
        rsi = RSI(period: period)
        self.entry = entry
        self.exit = exit
        self.allowShort = allowShort
    }

    public mutating func target(open: Double, high: Double, low: Double, close: Double, volume: Double) -> Double {
        guard let r = rsi.update(close) else { return 0 }
        if position == 0 {
            if r < entry { position = 1 } else if allowShort && r > 100 - entry { position = -1 }
        } else if position > 0, r > exit {
            position = 0
        } else if position < 0, r < 100 - exit {
            position = 0
        }
        return position
    }
}

/// Donchian breakout: long when the close breaks above the highest high of the previous `period` bars, out
/// when it falls below the lowest low of the previous `exit_period` bars (mirrored for shorts, if allowed).
public struct Breakout: Strategy {
    var entry: Donchian, exit: Donchian
    var previousEntry: (upper: Double, lower: Double)?
    var previousExit: (upper: Double, lower: Double)?
    let allowShort: Bool
    var position = 0.0

    public init(period: Int, exitPeriod: Int, allowShort: Bool = false) {
        entry = Donchian(period: period)
        exit = Donchian(period: exitPeriod)
        self.allowShort = allowShort
    }

    public mutating func target(open: Double, high: Double, low: Double, close: Double, volume: Double) -> Double {
        if let e = previousEntry, let x = previousExit {
            if position <= 0 && close > e.upper { position = 1 }
            else if position >= 0 && allowShort && close < e.lower { position = -1 }
            else if position > 0 && close < x.lower { position = 0 }
            else if position < 0 && close > x.upper { position = 0 }
        }
        previousEntry = entry.update(high: high, low: low)
        previousExit = exit.update(high: high, low: low)
        return position
    }
}

/// Time-series momentum: long when the return over `lookback` bars exceeds `threshold`, flat when it turns
/// negative (short below −threshold, if allowed).
public struct Momentum: Strategy {
    let lookback: Int
    let threshold: Double
    let allowShort: Bool
    var ring: [Double]
    var index = 0, count = 0
    var position = 0.0

    public init(lookback: Int, threshold: Double, allowShort: Bool = false) {
        self.lookback = lookback
        self.threshold = threshold
        self.allowShort = allowShort
        ring = [Double](repeating: 0, count: lookback)
    }

    public mutating func target(open: Double, high: Double, low: Double, close: Double, volume: Double) -> Double {
        let past = ring[index]
        ring[index] = close
        index = (index + 1) % lookback
        count += 1
        guard count > lookback, past > 0 else { return 0 }
        let roc = close / past - 1
        if roc > threshold { position = 1 }
        else if allowShort && roc < -threshold { position = -1 }
        else if (position > 0 && roc < 0) || (position < 0 && roc > 0) { position = 0 }
        return position
    }
}
