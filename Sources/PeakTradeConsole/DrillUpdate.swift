import PeakTradeCore

/// The drill checklist: started from the picker or `:drill run`, ticked by the engine's progress, manual
/// criteria answered by the operator.
enum DrillUpdate {
    static func refusal(_ s: ConsoleState) -> String? {
        if s.environment == .live { return "[environment] mode = \"live\": drills refuse to start (shadow, paper and testnet only)" }
        if let d = s.drill, d.running { return "drill \(d.scenario) is still running" }
        return nil
    }

    /// Starting a drill always asks first (from the picker and from `:drill run`).
    static func askToStart(_ s: inout ConsoleState, _ sc: ScenarioInfo, variant: String?) {
        s.overlay = .confirm(Confirmation(question: "Start drill \(sc.id) (\(variant ?? sc.variants[0])) on copies of the data and config? Faults are injected into the copies only.",
                                          effect: .startDrill(scenario: sc.id, variant: variant)))
    }

    static func start(_ s: inout ConsoleState, _ id: String, _ variant: String?) -> [ConsoleEffect] {
        if let r = refusal(s) { s.message = StatusMessage(text: r, isError: true); return [] }
        guard let sc = s.scenarios.first(where: { $0.id == id }) else {
            s.message = StatusMessage(text: "drill \(id) is not known; valid: \(s.scenarios.map(\.id).joined(separator: ", "))", isError: true)
            return []
        }
        let v = variant ?? sc.variants[0]
        guard sc.variants.contains(v) else {
            s.message = StatusMessage(text: "\(id): variant \(v) is not known; valid: \(sc.variants.joined(separator: ", "))", isError: true)
            return []
        }
        s.drill = DrillState(scenario: sc.id, title: sc.title, variant: v, runbook: sc.runbook, startedAt: s.now,
                             stages: DrillState.stageNames.map { DrillState.Stage(name: $0, detail: "", at: nil) },
                             items: sc.criteria.map { DrillState.Item(id: $0.id, text: $0.text, manual: $0.manual, detects: $0.detects) })
        s.focus = .drill
        s.message = StatusMessage(text: "drill \(sc.id) (\(v)) starting on copies", isError: false)
        return [.journal(type: "drill_start", fields: ["scenario": sc.id, "variant": v, "in_place": "false"]), .startDrill(scenario: sc.id, variant: v)]
    }

    static func progress(_ s: inout ConsoleState, _ p: DrillEngine.Progress) -> [ConsoleEffect] {
        guard var d = s.drill else { return [] }
        defer { s.drill = d }
        switch p {
        case let .started(runID, journal):
            d.runID = runID; d.journalPath = journal
        case let .stage(name, detail, at):
            if let i = d.stages.firstIndex(where: { $0.name == name }) { d.stages[i].detail = detail; d.stages[i].at = at }
        case let .criterion(r):
            if let i = d.items.firstIndex(where: { $0.id == r.criterion.id }) {
                d.items[i].status = r.status; d.items[i].metAt = r.metAt; d.items[i].note = r.note
                if r.criterion.detects, let met = r.metAt, let inj = d.injectedAt, d.timeToDetect == nil { d.timeToDetect = max(0, met - inj) }
            }
            if d.awaiting == r.criterion.id { d.awaiting = nil }
        case let .finished(o):
            MarketUpdate.hideDrillCopy(&s)
            s.alerts.sinks.removeAll { !s.alerts.ownSinks.contains($0.sink) }
            d.verdict = o.verdict; d.timeToDetect = o.timeToDetect; d.timeToAcknowledge = o.timeToAcknowledge; d.awaiting = nil
            s.message = StatusMessage(text: "drill \(o.scenario) finished: \(o.verdict); recorded in the drill log", isError: o.verdict != "PASS")
        case let .failed(why):
            MarketUpdate.hideDrillCopy(&s)
            s.alerts.sinks.removeAll { !s.alerts.ownSinks.contains($0.sink) }
            d.error = why; d.awaiting = nil
            s.message = StatusMessage(text: "drill \(d.scenario) failed: \(why)", isError: true)
        }
        return []
    }

    static func prompt(_ s: inout ConsoleState, _ id: String) {
        guard s.drill != nil else { return }
        s.drill!.awaiting = id
        if let i = s.drill!.items.firstIndex(where: { $0.id == id }) {
            s.drill!.items[i].status = "waiting for the operator"
            s.drill!.cursor = i
        }
        s.focus = .drill
        s.message = StatusMessage(text: "drill: confirm \(id) with c, decline with x (n adds a note)", isError: false)
    }

    static func answer(_ s: inout ConsoleState, confirmed: Bool) -> [ConsoleEffect] {
        guard let d = s.drill, let id = d.awaiting else {
            s.message = StatusMessage(text: "the drill is not waiting for a confirmation", isError: false)
            return []
        }
        let note = d.notes.last?.text
        s.drill!.awaiting = nil
        if let i = d.items.firstIndex(where: { $0.id == id }) { s.drill!.items[i].status = confirmed ? "confirming" : "declining" }
        var fields = ["criterion": id]
        if let note { fields["note"] = note }
        return [.answerPrompt(confirmed: confirmed, note: note), .journal(type: confirmed ? "criterion_confirmed" : "criterion_declined", fields: fields)]
    }
}
