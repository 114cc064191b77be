import Foundation

/// The live-ops order flow shared by the CLI and the console: prices → portfolio → signals → risk checks →
/// events and alerts → (optionally) paper fills and saved state.
public struct LiveOps: Sendable {
    public let settings: Settings
    public let bus: EventBus
    public let clock: Clock

    public init(settings: Settings, bus: EventBus = EventBus(), clock: @escaping Clock = SystemClock.now) {
        self.settings = settings
        self.bus = bus
        self.clock = clock
    }

    public struct OrdersOutcome: Sendable {
        public var orders: [Order]
        public var problems: [SignalFile.Problem]
        public var files: [String]
        public var report: RiskReport
        public var alerts: [Alert]
        public var filled: Int
        public var portfolio: PaperPortfolio
        /// Why nothing was booked although fills were asked for (the live interlock).
        public var previewOnlyReason: String?
    }

    /// The current paper portfolio marked to the latest candles (not saved).
    public func markedPortfolio() throws -> (portfolio: PaperPortfolio, fresh: Bool, priceProblems: [String]) {
        let now = clock()
        var (p, fresh) = try PortfolioStore.load(settings.paper, now: now)
        let latest = LatestPrices.read(settings.data)
        p.mark(prices: latest.prices, now: now)
        return (p, fresh, latest.problems)
    }

    public func orders(signals pattern: String, enforce: Bool, paperFill: Bool, dispatcher: AlertDispatcher?) throws -> OrdersOutcome {
        let now = clock()
        let files = try SignalFile.expand(pattern)
        let latest = LatestPrices.read(settings.data)
        var (portfolio, _) = try PortfolioStore.load(settings.paper, now: now)
        portfolio.mark(prices: latest.prices, now: now)
        var orders: [Order] = []
        var problems: [SignalFile.Problem] = []
        for f in files {
            let r = try SignalFile.read(path: f, prices: latest.prices)
            orders += r.orders
            problems += r.problems
        }
        let report = LiveRiskLimits(settings: settings.liveRisk).checkOrders(orders, portfolio: portfolio, enforce: enforce)
        for d in report.decisions { bus.publish(OpsEvent(time: now, kind: .orderDecision(orders[d.index], d))) }
        bus.publish(OpsEvent(time: now, kind: .riskUtilisation(report.utilisationAfter)))
        let alerts = RiskAlerting.alerts(report, orders: orders, environment: settings.environment, now: now)
        for a in alerts { dispatcher?.dispatch(a) }
        var filled = 0
        var previewOnly: String?
        if paperFill {
            if settings.environment == .live {
                previewOnly = "[environment] mode = \"live\": preview only — nothing is booked or sent"
            } else {
                for d in report.decisions where d.outcome == .allowed {
                    let o = orders[d.index]
                    portfolio.fill(o, slippageBps: settings.paper.slippageBps, feeBps: settings.paper.feesBps, now: now)
                    filled += 1
                    bus.publish(OpsEvent(time: now, kind: .orderFilled(o, portfolioEquity: portfolio.equity)))
                }
                if filled > 0 { try PortfolioStore.save(portfolio, settings.paper) }
            }
        }
        return OrdersOutcome(orders: orders, problems: problems, files: files, report: report, alerts: alerts,
                             filled: filled, portfolio: portfolio, previewOnlyReason: previewOnly)
    }
}

/// Reachability without sending anything: DNS and a TCP connect, bounded by a timeout.
public enum TCPProbe {
    public static func connect(host: String, port: Int, timeout: Double) -> String? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var res: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &res) == 0, let first = res else { return "host not resolvable" }
        defer { freeaddrinfo(res) }
        var lastError = "connection refused"
        var ai: UnsafeMutablePointer<addrinfo>? = first
        while let a = ai {
            let fd = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
            if fd >= 0 {
                defer { close(fd) }
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                let rc = Glibc.connect(fd, a.pointee.ai_addr, a.pointee.ai_addrlen)
                if rc == 0 { return nil }
                if errno == EINPROGRESS {
                    var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    let n = poll(&pfd, 1, Int32(timeout * 1000))
                    if n == 0 { lastError = "timed out after \(fmt(timeout)) s" }
                    else {
                        var err: Int32 = 0
                        var len = socklen_t(MemoryLayout<Int32>.size)
                        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len)
                        if err == 0 { return nil }
                        lastError = String(cString: strerror(err))
                    }
                }
            }
            ai = a.pointee.ai_next
        }
        return lastError
    }
}
