import PeakTradeCore

/// The core's event stream in the console: alerts and their deliveries, sink health, findings.
enum EventUpdate {
    static func apply(_ s: inout ConsoleState, _ e: OpsEvent) {
        switch e.kind {
        case let .alertRaised(a):
            s.alerts.entries.insert(AlertEntry(alert: a), at: 0)
            if s.alerts.entries.count > AlertsState.capacity { s.alerts.entries.removeLast() }
            if s.alerts.cursor > 0 { s.alerts.cursor += a.severity >= s.alerts.minimum ? 1 : 0 }
        case let .alertDeduplicated(a, n):
            if let i = s.alerts.entries.firstIndex(where: { $0.alert.source == a.source && $0.alert.title == a.title }) {
                s.alerts.entries[i].repeats = n
            }
        case let .alertDelivered(id, sink, _, _):
            if let i = index(s, id) { s.alerts.entries[i].delivered.append(sink) }
        case let .alertDeliveryFailed(id, sink, _, _, _):
            if let i = index(s, id) { s.alerts.entries[i].failed.append(sink) }
        case let .alertSpooled(id, sink):
            if let i = index(s, id) { s.alerts.entries[i].failed.append("\(sink) (spooled)") }
            // The sink's next health report carries the true count; until then, count it as the worker does.
            if let i = s.alerts.sinks.firstIndex(where: { $0.sink == sink }) { s.alerts.sinks[i].spooled += 1 } else { s.alerts.spooledElsewhere += 1 }
        case let .alertFallback(id, sink, _):
            if let i = index(s, id) { s.alerts.entries[i].delivered.append("\(sink) (fallback)") }
        case let .sinkHealthChanged(h):
            if let i = s.alerts.sinks.firstIndex(where: { $0.sink == h.sink }) { s.alerts.sinks[i] = h } else { s.alerts.sinks.append(h) }
        case let .dataFinding(source, file, f):
            MarketUpdate.add(&s, [FindingEntry(symbol: Symbol.fromFileName(file), source: source, file: file, finding: f, seenAt: e.time)])
        case .orderDecision, .orderFilled, .riskUtilisation, .drillStep:
            break  // the shadow snapshot and the drill's progress carry these
        }
    }

    static func index(_ s: ConsoleState, _ id: String) -> Int? { s.alerts.entries.firstIndex { $0.alert.id == id } }

    static func acknowledge(_ s: inout ConsoleState, all: Bool) -> [ConsoleEffect] {
        let shown = s.alerts.shown
        let targets = all ? shown.filter { !$0.acknowledged } : (shown.indices.contains(s.alerts.cursor) ? [shown[s.alerts.cursor]].filter { !$0.acknowledged } : [])
        guard !targets.isEmpty else {
            s.message = StatusMessage(text: shown.isEmpty ? "no alerts" : "already acknowledged", isError: false)
            return []
        }
        var effects: [ConsoleEffect] = []
        for t in targets {
            if let i = index(s, t.alert.id) { s.alerts.entries[i].acknowledged = true }
            effects.append(.journal(type: "alert_acknowledged", fields: ["alert_id": t.alert.id, "severity": t.alert.severity.rawValue,
                                                                          "source": t.alert.source, "title": t.alert.title]))
        }
        s.message = StatusMessage(text: "acknowledged \(targets.count) alert(s)", isError: false)
        return effects
    }
}
