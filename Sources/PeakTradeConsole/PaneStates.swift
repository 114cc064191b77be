import PeakTradeCore
import PeakTradeTUI

public struct RiskState: Sendable, Equatable {
    public var preset = ""
    public var utilisation: [LimitUtilisation] = []
    public var tradingState = "active"
    public var enforcing = true
    public var allowed = 0
    public var blocked = 0
    public var reasons: [String] = []
    public var equity = 0.0
    public var initialCash = 0.0
    public var positions = ""
    public var fees = 0.0

    public init() {}
}

public struct AlertEntry: Sendable, Equatable {
    public var alert: Alert
    public var acknowledged = false
    public var repeats = 0
    public var delivered: [String] = []
    public var failed: [String] = []
}

public struct AlertsState: Sendable, Equatable {
    public var entries: [AlertEntry] = []
    /// Only alerts at or above this severity are listed.
    public var minimum: AlertSeverity = .info
    public var cursor = 0
    public var sinks: [SinkHealth] = []
    /// The console's own sinks; a drill's extra ones (its broken webhook) leave the health line when it ends.
    public var ownSinks: Set<String> = []
    /// Spooled alerts of sinks without a health line (left by a sink no longer configured).
    public var spooledElsewhere = 0
    public static let capacity = 500

    /// The spool as the sinks report it: their health carries the count, so redelivery brings it down.
    public var spooled: Int { spooledElsewhere + sinks.reduce(0) { $0 + $1.spooled } }

    public var shown: [AlertEntry] { entries.filter { $0.alert.severity >= minimum } }
    public var unacknowledged: Int { entries.filter { !$0.acknowledged }.count }
}
