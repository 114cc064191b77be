import Foundation
import PeakTradeCore
import PeakTradeTUI

/// The console's effects and inputs: the feed thread, the drill thread, alert delivery and the journals.
/// Everything reaches the UI thread as actions through one inbox; the UI never waits for I/O (a drill's
/// manual question is the drill thread waiting for the UI, not the other way round).
public final class ConsoleRuntime: @unchecked Sendable {
    public let settings: Settings
    public let operatorName: String
    public let clock: Clock
    public let bus = EventBus()
    public let alerts: AlertDispatcher
    public let journal: DrillJournal
    let logFD: Int32
    private var feed: ConsoleFeed?
    private let lock = NSLock()
    /// Journal appends (fsync'd) and theme files: in order, off the UI thread.
    private let io = DispatchQueue(label: "console-io")
    private var inbox: [ConsoleAction] = []
    private var subscription = 0
    // The drill thread and its question to the operator.
    private var drillDone: DispatchSemaphore?
    private let answerReady = DispatchSemaphore(value: 0)
    private var answer: DrillEngine.ManualAnswer?

    /// - Parameter logFD: where anything that would write to stderr goes while the screen is ours (the
    ///   stderr alert sink, the drill engine's warnings).
    public init(settings: Settings, operatorName: String, clock: @escaping Clock = SystemClock.now, logFD: Int32) {
        self.settings = settings
        self.operatorName = operatorName
        self.clock = clock
        self.logFD = logFD
        alerts = AlertDispatcher(settings: settings.alerts, environment: settings.environment, bus: bus, clock: clock, stderrFD: logFD)
        let dir = (settings.drills.workDir as NSString).appendingPathComponent("console")
        journal = DrillJournal(path: (dir as NSString).appendingPathComponent("\(UTCTime.stamp(clock()))-\(operatorName).jsonl"), clock: clock)
        subscription = bus.subscribe { [weak self] e in
            switch e.kind {
            case .orderDecision, .orderFilled, .riskUtilisation, .drillStep: return  // covered by snapshots and progress
            case let .dataFinding(source, file, _):
                self?.post(.event(e))
                if source != "feed" { self?.loadDrillCopy(file) }
            default: self?.post(.event(e))
            }
        }
    }

    /// The first state: settings, scenarios, runbooks; the feed fills in the candles.
    public func initialState(theme: Theme, feedMode: FeedState.Mode, speed: Double, size: (Int, Int), unicode: Bool) -> ConsoleState {
        let market = MarketState(symbols: settings.data.symbols.isEmpty ? [Symbol(base: "BTC", quote: "EUR")] : settings.data.symbols,
                                 timeframe: settings.data.timeframe)
        var s = ConsoleState(environment: settings.environment, operatorName: operatorName, now: clock(), theme: theme,
                             market: market, feed: FeedState(mode: feedMode, speed: speed))
        s.width = size.0; s.height = size.1
        s.unicode = unicode
        s.scenarios = DrillCatalogue.all.map(ScenarioInfo.init)
        s.themes = Theme.available(in: settings.console.themesDir)
        s.journalPath = journal.path
        s.alerts.sinks = alerts.health
        s.alerts.ownSinks = Set(alerts.health.map(\.sink))
        s.alerts.spooledElsewhere = max(0, alerts.spool.read().entries.count - s.alerts.spooled)
        do { s.runbooks = try Runbook.load(path: settings.drills.runbooksPath) } catch { s.message = StatusMessage(text: "runbooks: \(error)", isError: true) }
        return s
    }

    public func start(feedMode: FeedState.Mode, speed: Double, theme: String) {
        io.async { [self] in
            do {
                try journal.append("console_started", actor: operatorName, ["operator": operatorName, "environment": settings.environment.rawValue,
                                                                            "feed": feedMode.rawValue, "speed": speed, "theme": theme,
                                                                            "config": settings.configPath ?? "(defaults)", "pid": Int(getpid())])
            } catch { post(.problem("journal: \(error)")) }
        }
        let f = ConsoleFeed(settings: settings, mode: feedMode, speed: speed, bus: bus, alerts: alerts, clock: clock) { [weak self] in self?.post($0) }
        feed = f
        f.start()
    }

    public func post(_ a: ConsoleAction) {
        lock.lock(); inbox.append(a); lock.unlock()
    }

    /// Everything that arrived since the last call.
    public func drain() -> [ConsoleAction] {
        lock.lock(); defer { lock.unlock() }
        let out = inbox
        inbox.removeAll(keepingCapacity: true)
        return out
    }

    public func perform(_ effects: [ConsoleEffect], state: ConsoleState) {
        for e in effects {
            switch e {
            case let .journal(type, fields):
                let drillJournal = state.drill.flatMap { $0.running ? $0.journalPath : nil }
                io.async { [self] in record(type, fields, drillJournal: drillJournal) }
            case let .startDrill(id, variant): startDrill(id, variant)
            case let .answerPrompt(confirmed, note):
                lock.lock(); answer = confirmed ? .confirmed(note: note) : .declined(note: note); lock.unlock()
                answerReady.signal()
            case let .setFeed(paused, speed): feed?.set(paused: paused, speed: speed)
            case let .loadTheme(name):
                io.async { [self] in
                    do { post(.themeLoaded(try Theme.load(name, dir: settings.console.themesDir))) } catch { post(.problem("\(error)")) }
                }
            case .quit: break
            }
        }
    }

    /// Operator actions: the console's own journal, and the running drill's journal too.
    func record(_ type: String, _ fields: [String: String], drillJournal: String?) {
        do {
            try journal.append(type, actor: operatorName, fields)
            if let path = drillJournal { try DrillJournal(path: path, clock: clock).append("operator_\(type)", actor: operatorName, fields) }
        } catch {
            post(.problem("journal: \(error)"))
        }
    }

    private func startDrill(_ id: String, _ variant: String?) {
        guard let scenario = try? DrillCatalogue.scenario(id) else { post(.problem("drill \(id) is not known")); return }
        let done = DispatchSemaphore(value: 0)
        drillDone = done
        let engine = DrillEngine(settings: settings, operatorName: operatorName, clock: clock, bus: bus, stderrFD: logFD)
        let t = Thread { [self] in
            do {
                _ = try engine.run(scenario: scenario, variant: variant, inPlace: false, prompt: { [self] c in
                    post(.drillPrompt(criterionID: c.id))
                    answerReady.wait()
                    lock.lock(); defer { lock.unlock() }
                    let given = answer
                    answer = nil
                    return given
                }, progress: { [self] p in post(.drill(p)) })
            } catch {
                // `progress` already reported it.
            }
            done.signal()
        }
        t.name = "console-drill"
        t.start()
    }

    private var drillCopies: Set<String> = []

    /// A drill's damaged candle file, read once (on the drill's thread, where its findings are published) so the
    /// chart can show the fault.
    private func loadDrillCopy(_ file: String) {
        let workDir = (settings.drills.workDir as NSString).standardizingPath + "/"
        guard (file as NSString).standardizingPath.hasPrefix(workDir) else { return }
        lock.lock()
        let fresh = drillCopies.insert(file).inserted
        lock.unlock()
        guard fresh, let symbol = Symbol.fromFileName(file),
              let series = try? CandleCSVReader(mode: .lenient).read(path: file).series else { return }
        post(.drillData(symbol, file: file, series))
    }

    /// Stops the feed, lets a running drill finish its cleanup, and flushes alert delivery.
    public func shutdown() {
        feed?.stop()
        if let d = drillDone {
            // A drill still waiting for an answer gets "declined" so that it can clean up.
            lock.lock(); if answer == nil { answer = .declined(note: "console closed") }; lock.unlock()
            answerReady.signal()
            _ = d.wait(timeout: .now() + 60)
        }
        bus.unsubscribe(subscription)
        alerts.shutdown(timeout: 2)
        io.sync { try? journal.append("console_stopped", actor: operatorName, [:]) }
    }
}
