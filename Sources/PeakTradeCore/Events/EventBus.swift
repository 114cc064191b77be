import Foundation

/// Something that happened in the core, stamped with its time (epoch ms). The console draws these, the drill
/// engine judges criteria on them, the journal records them; nobody polls another component's internals.
public struct OpsEvent: Sendable {
    public var time: Int64
    public var kind: Kind

    public enum Kind: Sendable {
        case alertRaised(Alert)
        /// An identical alert inside the dedup window: counted, not resent.
        case alertDeduplicated(Alert, repeats: Int)
        case alertDelivered(alertID: String, sink: String, attempts: Int, milliseconds: Int)
        case alertDeliveryFailed(alertID: String, sink: String, attempts: Int, error: String, permanent: Bool)
        /// Delivered to a fallback sink because `failedSink` could not take it.
        case alertFallback(alertID: String, sink: String, failedSink: String)
        case alertSpooled(alertID: String, sink: String)
        case sinkHealthChanged(SinkHealth)
        /// A live-risk decision on one order.
        case orderDecision(Order, OrderDecision)
        case riskUtilisation([LimitUtilisation])
        case orderFilled(Order, portfolioEquity: Double)
        /// A data-quality finding; `source` says who checked (`data check`, `backtest`, `feed`).
        case dataFinding(source: String, file: String, Finding)
        /// A drill step done by the engine or confirmed by the operator.
        case drillStep(runID: String, step: String, detail: String)
    }

    public init(time: Int64, kind: Kind) {
        self.time = time
        self.kind = kind
    }
}

/// A synchronous publish/subscribe hub. Handlers run on the publisher's thread and must be quick (hand work
/// to a queue); they may be called from several threads at once.
public final class EventBus: @unchecked Sendable {
    public typealias Handler = @Sendable (OpsEvent) -> Void
    private let lock = NSLock()
    private var handlers: [Int: Handler] = [:]
    private var snapshot: [Handler] = []
    private var nextID = 0

    public init() {}

    /// Returns a token for `unsubscribe`.
    @discardableResult
    public func subscribe(_ handler: @escaping Handler) -> Int {
        lock.lock(); defer { lock.unlock() }
        nextID += 1
        handlers[nextID] = handler
        snapshot = Array(handlers.values)
        return nextID
    }

    public func unsubscribe(_ token: Int) {
        lock.lock(); defer { lock.unlock() }
        handlers[token] = nil
        snapshot = Array(handlers.values)
    }

    public func publish(_ event: OpsEvent) {
        lock.lock()
        let current = snapshot
        lock.unlock()
        for h in current { h(event) }
    }
}

/// Time source; injectable so tests are deterministic.
public typealias Clock = @Sendable () -> Int64

public enum SystemClock {
    public static let now: Clock = { Int64(Date().timeIntervalSince1970 * 1000) }
}
