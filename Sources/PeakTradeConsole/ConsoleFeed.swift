import Foundation
import PeakTradeCore

/// The console's live feed on its own thread: replays the configured candle files at an adjustable pace, or
/// follows them while another process appends; every candle goes through the incremental data checks and the
/// live shadow run, and whatever they find is published and alerted. It only posts actions to the UI, so
/// drawing and input never wait for it.
public final class ConsoleFeed: @unchecked Sendable {
    let settings: Settings
    let mode: FeedState.Mode
    let bus: EventBus
    let alerts: AlertDispatcher
    let clock: Clock
    let post: @Sendable (ConsoleAction) -> Void
    private let condition = NSCondition()
    private var paused = false
    private var speed: Double
    private var stopping = false
    private var thread: Thread?
    private let done = DispatchSemaphore(value: 0)

    public init(settings: Settings, mode: FeedState.Mode, speed: Double, bus: EventBus, alerts: AlertDispatcher, clock: @escaping Clock,
                post: @escaping @Sendable (ConsoleAction) -> Void) {
        self.settings = settings
        self.mode = mode
        self.speed = speed
        self.bus = bus
        self.alerts = alerts
        self.clock = clock
        self.post = post
    }

    public func start() {
        let t = Thread { [self] in
            do { try run() } catch { post(.feedProblem("\(error)")) }
            done.signal()
        }
        t.name = "console-feed"
        thread = t
        t.start()
    }

    public func set(paused: Bool, speed: Double) {
        condition.lock()
        self.paused = paused
        self.speed = speed
        condition.broadcast()
        condition.unlock()
    }

    public func stop() {
        condition.lock(); stopping = true; condition.broadcast(); condition.unlock()
        if thread != nil { _ = done.wait(timeout: .now() + 10) }
    }

    /// Waits up to `seconds` (woken early by a pace change or stop); false when stopping.
    private func pause(_ seconds: Double) -> (go: Bool, paused: Bool, speed: Double) {
        condition.lock(); defer { condition.unlock() }
        if !stopping { _ = condition.wait(until: Date(timeIntervalSinceNow: seconds)) }
        return (!stopping, paused, speed)
    }

    // MARK: the feed's work

    struct Source {
        var symbol: Symbol
        var file: String
        var check: IncrementalDataCheck
    }

    private var sources: [Source] = []
    private var shadow: LiveShadow?

    private func run() throws {
        let preset = Result { try PortfolioPreset.load(settings.console.preset, path: settings.research.presetsPath) }
        let symbols = try feedSymbols(preset: try? preset.get())
        var loaded: [(Symbol, String, CandleSeries)] = []
        var tails: [Symbol: CandleFileTail] = [:]
        for sym in symbols {
            let file = settings.data.file(for: sym)
            let series: CandleSeries
            if mode == .follow {
                // Lenient whatever [data] read_mode says: a bad row in a live file is reported (invalid_row, alerted)
                // and skipped, and monitoring goes on.
                let tail = CandleFileTail(path: file, mode: .lenient)
                series = try tail.poll().series
                tails[sym] = tail
            } else {
                series = try CandleCSVReader(mode: settings.data.readMode).read(path: file).series
            }
            loaded.append((sym, file, series))
        }
        // History: everything before the replay start (follow: the file as it is now).
        let startTime = replayStart(loaded.map(\.2))
        var replay: [(Symbol, CandleSeries, Int)] = []
        var histories: [(Symbol, [Candle])] = []
        for (sym, file, series) in loaded {
            let cut = mode == .follow ? series.count : (series.time.firstIndex { $0 >= startTime } ?? series.count)
            var check = IncrementalDataCheck(settings: settings.dataQuality, timeframe: settings.data.timeframe)
            let findings = check.checkHistory(cut == series.count ? series : series.selecting(0..<cut))
            sources.append(Source(symbol: sym, file: file, check: check))
            let history = (0..<cut).map { series[$0] }
            post(.candles(sym, history, receivedAt: clock()))
            post(.findings(findings.map { FindingEntry(symbol: sym, source: "feed", file: file, finding: $0, seenAt: clock()) }))
            replay.append((sym, series, cut))
            histories.append((sym, history))
        }
        // Warm the shadow book up on the history without publishing: only what happens live is news.
        startShadow(preset)
        let quiet = EventBus()
        for (sym, history) in histories { _ = shadow?.add(sym, history, bus: quiet, now: clock()) }
        postShadow()

        if mode == .follow { try follow(tails) } else { try play(replay) }
    }

    /// The configured symbols and any other the preset trades.
    private func feedSymbols(preset: PortfolioPreset?) throws -> [Symbol] {
        var list = settings.data.symbols
        for leg in preset?.legs ?? [] where !list.contains(leg.symbol) { list.append(leg.symbol) }
        guard !list.isEmpty else { throw PeakTradeError.config("[data] symbols is empty: the feed has nothing to show") }
        return list
    }

    private func replayStart(_ all: [CandleSeries]) -> Int64 {
        let times = all.compactMap { s -> Int64? in s.isEmpty ? nil : s.time[min(s.count - 1, Int(Double(s.count) * settings.console.replayStart))] }
        return times.min() ?? 0
    }

    private func startShadow(_ preset: Result<PortfolioPreset, Error>) {
        do {
            let p = try preset.get()
            shadow = try LiveShadow(preset: p, model: settings.research.shadowModel, initialCash: settings.research.initialCash,
                                    risk: settings.liveRisk, environment: settings.environment)
        } catch {
            post(.problem("shadow run not started: \(error)"))
        }
    }

    private func play(_ replay: [(Symbol, CandleSeries, Int)]) throws {
        // One merged timeline over all symbols; each step delivers the candles of one bar time.
        var cursors = replay.map(\.2)
        var last = Date()
        var wasPaused = false
        while true {
            guard zip(replay, cursors).contains(where: { r, c in c < r.1.count }) else { post(.feedFinished); return }
            // Paused: sleep until a pace change wakes us (no polling, so an idle console costs nothing).
            let (go, paused, speed) = pause(wasPaused ? 3600 : 0.05)
            guard go else { return }
            wasPaused = paused
            if paused { last = Date(); continue }
            let due = Int(Date().timeIntervalSince(last) * speed)
            guard due >= 1 else { continue }
            last = last.addingTimeInterval(Double(due) / speed)
            if Date().timeIntervalSince(last) > 1 { last = Date() }  // do not race to catch up after a stall
            var batch: [Int: [Candle]] = [:]
            for _ in 0..<min(due, 512) {
                guard let bar = zip(replay, cursors).compactMap({ r, c in c < r.1.count ? r.1.time[c] : nil }).min() else { break }
                for i in replay.indices where cursors[i] < replay[i].1.count && replay[i].1.time[cursors[i]] == bar {
                    batch[i, default: []].append(replay[i].1[cursors[i]])
                    cursors[i] += 1
                }
            }
            for (i, candles) in batch.sorted(by: { $0.key < $1.key }) { deliver(i, candles) }
            postShadow()
        }
    }

    private func follow(_ tails: [Symbol: CandleFileTail]) throws {
        var wasPaused = false
        var problems: [Symbol: String] = [:]
        var shown: String?
        while true {
            let (go, paused, _) = pause(wasPaused ? 3600 : Double(settings.console.refreshMilliseconds) / 1000)
            guard go else { return }
            wasPaused = paused
            if paused { continue }
            var any = false
            for (i, s) in sources.enumerated() {
                guard let tail = tails[s.symbol] else { continue }
                do {
                    let r = try tail.poll()
                    if !r.problems.isEmpty { publish(i, r.problems.map(Finding.invalidRow)) }
                    if !r.series.isEmpty { deliver(i, (0..<r.series.count).map { r.series[$0] }); any = true }
                    problems[s.symbol] = nil
                } catch {
                    problems[s.symbol] = "\(error)"
                }
            }
            let now = problems.isEmpty ? nil : problems.values.sorted().joined(separator: "; ")
            if now != shown { shown = now; post(.feedProblem(now)) }  // only changes reach the UI
            if any { postShadow() }
        }
    }

    private func deliver(_ i: Int, _ candles: [Candle]) {
        let now = clock()
        let sym = sources[i].symbol
        post(.candles(sym, candles, receivedAt: now))
        publish(i, sources[i].check.add(candles))
        if var s = shadow {
            shadow = nil  // one owner while it steps, so the book is not copied
            for a in s.add(sym, candles, bus: bus, now: now) { _ = alerts.dispatch(a) }
            shadow = s
        }
    }

    /// New findings go on the event stream; the worst, from error up, is alerted.
    private func publish(_ i: Int, _ findings: [Finding]) {
        let now = clock()
        let sym = sources[i].symbol, file = sources[i].file
        for f in findings { bus.publish(OpsEvent(time: now, kind: .dataFinding(source: "feed", file: file, f))) }
        if let alert = DataQualityAlerting.alert(for: findings, symbol: sym, timeframe: settings.data.timeframe, file: file, origin: "live feed",
                                                 environment: settings.environment, now: now) {
            _ = alerts.dispatch(alert)
        }
    }

    private func postShadow() {
        guard let b = shadow?.book else { return }
        var r = RiskState()
        r.preset = b.preset.name
        r.utilisation = b.utilisation
        r.tradingState = settings.liveRisk.tradingState.rawValue
        r.enforcing = settings.liveRisk.blockOnViolation
        r.allowed = b.allowedOrders
        r.blocked = b.blockedOrders
        r.reasons = b.recentBlocks.suffix(5).map { "\(ViewText.minute($0.time)) \($0.order.symbol) \($0.order.side.rawValue): \($0.reasons.map(\.message).joined(separator: "; "))" }
        r.equity = b.equity
        r.initialCash = b.initialCash
        r.positions = b.positionsText
        r.fees = b.feesPaid
        post(.shadow(r))
    }
}
