import Foundation

/// Why an order may not go out. Codes are stable: reports, alerts and drill criteria match on them.
public enum RiskCode: String, Sendable, Codable, CaseIterable {
    case orderNotionalExceedsMax = "ORDER_NOTIONAL_EXCEEDS_MAX"
    case totalExposureExceedsMax = "TOTAL_EXPOSURE_EXCEEDS_MAX"
    case symbolExposureExceedsMax = "SYMBOL_EXPOSURE_EXCEEDS_MAX"
    case dailyLossExceedsMax = "DAILY_LOSS_EXCEEDS_MAX"
    case tradingHalted = "TRADING_HALTED"
    case tradingReducingOnly = "TRADING_REDUCING_ONLY"
}

public struct RiskReason: Sendable, Equatable, Codable {
    public var code: RiskCode
    /// The measured value (notional, exposure after the order, loss so far).
    public var value: Double
    public var limit: Double

    /// `ORDER_NOTIONAL_EXCEEDS_MAX: notional=7.50 max=5.00`
    public var message: String {
        switch code {
        case .orderNotionalExceedsMax: "\(code.rawValue): notional=\(money(value)) max=\(money(limit))"
        case .totalExposureExceedsMax: "\(code.rawValue): exposure_after=\(money(value)) max=\(money(limit))"
        case .symbolExposureExceedsMax: "\(code.rawValue): symbol_exposure_after=\(money(value)) max=\(money(limit))"
        case .dailyLossExceedsMax: "\(code.rawValue): daily_loss=\(money(value)) max=\(money(limit))"
        case .tradingHalted: "\(code.rawValue): trading_state=halted allows no orders"
        case .tradingReducingOnly: "\(code.rawValue): trading_state=reducing allows only orders that reduce exposure"
        }
    }

    enum CodingKeys: String, CodingKey { case code, value, limit, message }

    public init(code: RiskCode, value: Double, limit: Double) {
        self.code = code
        self.value = value
        self.limit = limit
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(RiskCode.self, forKey: .code)
        value = try c.decode(Double.self, forKey: .value)
        limit = try c.decode(Double.self, forKey: .limit)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(value, forKey: .value)
        try c.encode(limit, forKey: .limit)
        try c.encode(message, forKey: .message)
    }
}

/// Money in quote currency, fixed two decimals: what operators read and what reason messages carry.
public func money(_ v: Double) -> String { String(format: "%.2f", v) }

public enum DecisionOutcome: String, Sendable, Codable {
    case allowed
    /// Violates a limit and was stopped (enforcing, block_on_violation = true).
    case blocked
    /// Violates a limit; reported but not stopped (not enforcing, or block_on_violation = false).
    case notAllowed = "not_allowed"
}

public struct OrderDecision: Sendable, Equatable {
    public var index: Int
    public var outcome: DecisionOutcome
    public var reasons: [RiskReason]
    /// Whether the order would reduce the symbol's exposure.
    public var reducesExposure: Bool
}

/// One limit's use, for gauges and alerts.
public struct LimitUtilisation: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable { case ok, warning, breach }

    public var limit: String
    public var used: Double
    public var max: Double
    public var ratio: Double
    public var status: Status

    public init(limit: String, used: Double, max: Double, warningThreshold: Double) {
        self.limit = limit
        self.used = used
        self.max = max
        ratio = max > 0 ? used / max : 0
        status = ratio > 1 ? .breach : ratio >= warningThreshold ? .warning : .ok
    }
}

public struct RiskReport: Sendable {
    public var decisions: [OrderDecision]
    /// Before the batch and after the allowed orders of the batch.
    public var utilisationBefore: [LimitUtilisation]
    public var utilisationAfter: [LimitUtilisation]
    public var enforcing: Bool
    public var enabled: Bool

    public var allowed: Int { decisions.lazy.filter { $0.outcome == .allowed }.count }
    public var blocked: Int { decisions.lazy.filter { $0.outcome == .blocked }.count }
    public var notAllowed: Int { decisions.lazy.filter { $0.outcome == .notAllowed }.count }
}
