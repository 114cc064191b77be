import PeakTradeCore
import PeakTradeTUI

public struct ScenarioInfo: Sendable, Equatable {
    public var id: String
    public var title: String
    public var variants: [String]
    /// Its section in the runbooks document.
    public var runbook: String
    public var criteria: [(id: String, text: String, manual: Bool, detects: Bool)]

    public static func == (a: ScenarioInfo, b: ScenarioInfo) -> Bool { a.id == b.id && a.variants == b.variants }

    public init(_ s: DrillScenario) {
        id = s.id; title = s.title; variants = s.variants; runbook = s.runbookSection
        criteria = s.criteria.map { ($0.id, $0.text, $0.isManual, $0.detects) }
    }
}

public struct DrillState: Sendable, Equatable {
    public struct Stage: Sendable, Equatable {
        public var name: String
        public var detail: String
        public var at: Int64?
    }

    public struct Item: Sendable, Equatable {
        public var id: String
        public var text: String
        public var manual: Bool
        public var detects: Bool
        public var status: String = "pending"
        public var metAt: Int64?
        public var note: String?
    }

    public var scenario: String
    public var title: String
    public var variant: String
    public var runbook: String
    public var runID: String?
    public var journalPath: String?
    public var startedAt: Int64
    public var stages: [Stage]
    public var items: [Item]
    public var awaiting: String?
    public var notes: [(at: Int64, text: String)] = []
    public var verdict: String?
    public var timeToDetect: Int64?
    public var timeToAcknowledge: Int64?
    public var error: String?
    public var cursor = 0

    public var running: Bool { verdict == nil && error == nil }
    public var injectedAt: Int64? { stages.first { $0.name == "injected" }?.at }

    public static func == (a: DrillState, b: DrillState) -> Bool {
        a.runID == b.runID && a.stages == b.stages && a.items == b.items && a.awaiting == b.awaiting && a.verdict == b.verdict
            && a.notes.count == b.notes.count && a.error == b.error && a.cursor == b.cursor
    }

    public static let stageNames = ["prepared", "injected", "observed", "cleanup", "restored"]
}

public struct RunbookWalk: Sendable, Equatable {
    public var runbook: Runbook
    public var step = 0
    public var statuses: [String?]
    public var startedAt: Int64
    public var finished: Bool { step >= runbook.steps.count }

    public init(runbook: Runbook, startedAt: Int64) {
        self.runbook = runbook
        statuses = Array(repeating: nil, count: runbook.steps.count)
        self.startedAt = startedAt
    }
}
