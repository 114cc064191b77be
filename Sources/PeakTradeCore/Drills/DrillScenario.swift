import Foundation

/// Facts a scenario records when it injects its fault (the window removed, the candle corrupted, ...);
/// criteria judge events against them.
public typealias DrillFacts = [String: String]

/// A success criterion. Automatic ones are predicates over the drill's events (returning when they were met);
/// manual ones are confirmed by the operator.
public struct DrillCriterion: Sendable {
    public enum Kind: Sendable {
        case automatic(@Sendable (_ events: [OpsEvent], _ facts: DrillFacts) -> Int64?)
        case manual
    }

    public let id: String
    public let text: String
    public let kind: Kind
    /// Its time counts as the system detecting the fault (time-to-detect).
    public let detects: Bool
    /// Its confirmation counts as the operator acknowledging the fault (time-to-acknowledge).
    public let acknowledges: Bool

    public static func auto(_ id: String, _ text: String, detects: Bool = false,
                            _ check: @escaping @Sendable ([OpsEvent], DrillFacts) -> Int64?) -> DrillCriterion {
        DrillCriterion(id: id, text: text, kind: .automatic(check), detects: detects, acknowledges: false)
    }

    public static func manual(_ id: String, _ text: String, acknowledges: Bool = false) -> DrillCriterion {
        DrillCriterion(id: id, text: text, kind: .manual, detects: false, acknowledges: acknowledges)
    }

    public var isManual: Bool { if case .manual = kind { return true } else { return false } }
}

/// What a scenario works with: the settings with the drill's overlay applied, its own folder, the event stream
/// and an alert dispatcher built from the effective settings.
public final class DrillContext: @unchecked Sendable {
    public let runID: String
    public let runDir: String
    public let variant: String
    public let inPlace: Bool
    public let original: Settings
    /// The settings the drill runs with (copies and overlays applied by `prepare`).
    public var effective: Settings
    public let bus: EventBus
    public let clock: Clock
    public let stderrFD: Int32
    public var dispatcher: AlertDispatcher?

    init(runID: String, runDir: String, variant: String, inPlace: Bool, settings: Settings, bus: EventBus, clock: @escaping Clock, stderrFD: Int32) {
        self.runID = runID
        self.runDir = runDir
        self.variant = variant
        self.inPlace = inPlace
        original = settings
        effective = settings
        self.bus = bus
        self.clock = clock
        self.stderrFD = stderrFD
    }

    public func path(_ relative: String) -> String { (runDir as NSString).appendingPathComponent(relative) }

    /// Alerts go through the drill's effective [live_alerts]; built once the overlay is in place.
    public func alerts() -> AlertDispatcher {
        if let d = dispatcher { return d }
        let d = AlertDispatcher(settings: effective.alerts, environment: effective.environment, bus: bus, clock: clock, stderrFD: stderrFD)
        dispatcher = d
        return d
    }

    /// Runs a data check over `file` and a backtest-style research load, publishing every finding; raises a
    /// data-quality alert when a finding reaches error. Shared by the data scenarios.
    public func checkData(file: String, symbol: Symbol) throws {
        let check = try DataCheck(settings: effective.dataQuality).run(path: file, timeframe: effective.data.timeframe, asOf: nil)
        for f in check.report.findings { bus.publish(OpsEvent(time: clock(), kind: .dataFinding(source: "data check", file: file, f))) }
        if let alert = DataQualityAlerting.alert(for: check.report.findings, symbol: symbol, timeframe: effective.data.timeframe, file: file,
                                                 environment: effective.environment, now: clock()) {
            alerts().dispatch(alert)
        }
        var research = effective
        research.dataQuality.onFindings = .warn
        let d = try ResearchData.load(settings: research, symbol: symbol, timeframe: effective.data.timeframe, path: file, bars: nil)
        for f in d.shown { bus.publish(OpsEvent(time: clock(), kind: .dataFinding(source: "backtest", file: file, f))) }
    }
}

/// One drill scenario. Adding a scenario is adding a type to `DrillCatalogue.all`; the engine does not change.
public protocol DrillScenario: Sendable {
    var id: String { get }
    var title: String { get }
    var goal: String { get }
    var roles: [String] { get }
    /// The first is the default.
    var variants: [String] { get }
    var preparation: [String] { get }
    var injection: String { get }
    var expectedSignals: [String] { get }
    var criteria: [DrillCriterion] { get }
    var cleanup: [String] { get }
    /// Section id in docs/runbooks/RUNBOOKS_AND_INCIDENT_HANDLING.md.
    var runbookSection: String { get }

    /// The operator's files this drill may change in place (backed up and checksummed before injection).
    func filesChangedInPlace(_ ctx: DrillContext) -> [String]
    /// Copies and overlays: sets `ctx.effective`; returns files it creates (removed at cleanup).
    func prepare(_ ctx: DrillContext) throws -> [String]
    func inject(_ ctx: DrillContext) throws -> DrillFacts
    /// Exercises the system under the fault so that it can show what it does; returns facts learned on the way.
    func observe(_ ctx: DrillContext, facts: DrillFacts) throws -> DrillFacts
}

public enum DrillCatalogue {
    public static let all: [DrillScenario] = [
        DataFaultScenario.gap, DataFaultScenario.corruptCandle, RiskLimitBreachScenario(), AlertSinkFailureScenario(),
    ]

    public static func scenario(_ id: String) throws -> DrillScenario {
        guard let s = all.first(where: { $0.id == id }) else {
            throw PeakTradeError.usage("drill scenario \"\(id)\" is not known; valid: \(all.map(\.id).joined(separator: ", "))")
        }
        return s
    }
}

/// Event helpers for criteria.
extension Array where Element == OpsEvent {
    func first(where match: (OpsEvent.Kind) -> Bool) -> Int64? {
        for e in self where match(e.kind) { return e.time }
        return nil
    }
}
