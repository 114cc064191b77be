import PeakTradeCore

/// A runbook walked a step at a time; each step's confirmation (or skip) is journaled.
enum RunbookUpdate {
    static func start(_ s: inout ConsoleState, _ id: String) -> [ConsoleEffect] {
        guard let r = s.runbooks.first(where: { $0.id == id }) else {
            s.message = StatusMessage(text: "runbook \(id) is not known; valid: \(s.runbooks.map(\.id).joined(separator: ", "))", isError: true)
            return []
        }
        s.walk = RunbookWalk(runbook: r, startedAt: s.now)
        s.focus = .runbook
        s.message = StatusMessage(text: "runbook \(r.id): c confirms a step, x skips it", isError: false)
        return [.journal(type: "runbook_started", fields: ["runbook": r.id, "title": r.title, "steps": String(r.steps.count)])]
    }

    static func step(_ s: inout ConsoleState, status: String) -> [ConsoleEffect] {
        guard var w = s.walk, !w.finished else {
            s.message = StatusMessage(text: "no runbook step to confirm (r picks a runbook)", isError: false)
            return []
        }
        let i = w.step
        w.statuses[i] = status
        w.step += 1
        s.walk = w
        var effects: [ConsoleEffect] = [.journal(type: "runbook_step", fields: ["runbook": w.runbook.id, "step": String(i + 1), "text": w.runbook.steps[i], "status": status])]
        if w.finished {
            let confirmed = w.statuses.filter { $0 == "confirmed" }.count
            effects.append(.journal(type: "runbook_finished", fields: ["runbook": w.runbook.id, "confirmed": String(confirmed), "steps": String(w.runbook.steps.count)]))
            s.message = StatusMessage(text: "runbook \(w.runbook.id) done: \(confirmed) of \(w.runbook.steps.count) steps confirmed", isError: false)
        }
        return effects
    }
}
