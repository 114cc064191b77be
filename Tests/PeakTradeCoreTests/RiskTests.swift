import Foundation
import Testing
import PeakTradeTestSupport
@testable import PeakTradeCore

@Suite struct RiskTests {
    let btc = Symbol(base: "BTC", quote: "EUR"), eth = Symbol(base: "ETH", quote: "EUR")
    let now: Int64 = 1_767_225_600_000  // 2026-01-01T00:00:00Z

    func order(_ s: Symbol, _ side: OrderSide, _ qty: Double, _ price: Double) -> Order {
        Order(timestamp: now, symbol: s, side: side, quantity: qty, price: price)
    }

    var drillLimits: LiveRiskSettings {
        var r = LiveRiskSettings()
        r.maxOrderNotional = 5; r.maxTotalExposureNotional = 10; r.maxSymbolExposureNotional = 10; r.maxDailyLossAbs = 1
        return r
    }

    func portfolio(_ positions: [(Symbol, Double, Double)] = []) -> PaperPortfolio {
        var p = PaperPortfolio(initialCash: 100_000, now: now)
        for (s, q, px) in positions {
            p.fill(order(s, q > 0 ? .buy : .sell, abs(q), px), slippageBps: 0, feeBps: 0, now: now)
        }
        return p
    }

    @Test func drillValuesBlockEveryRealisticOrderWithTheRightCodes() {
        let orders = [order(btc, .buy, 0.01, 58_000), order(eth, .buy, 0.5, 3_600), order(btc, .buy, 0.0001, 58_000)]
        let r = LiveRiskLimits(settings: drillLimits).checkOrders(orders, portfolio: portfolio(), enforce: true)
        #expect(r.blocked == 3 && r.allowed == 0)
        #expect(r.decisions[0].reasons.map(\.code) == [.orderNotionalExceedsMax, .totalExposureExceedsMax, .symbolExposureExceedsMax])
        #expect(r.decisions[0].reasons[0].message == "ORDER_NOTIONAL_EXCEEDS_MAX: notional=580.00 max=5.00")
        #expect(r.decisions[2].reasons.map(\.message) == ["ORDER_NOTIONAL_EXCEEDS_MAX: notional=5.80 max=5.00"])
        let alerts = RiskAlerting.alerts(r, orders: orders, environment: .paper, now: now)
        #expect(alerts.count == 1 && alerts[0].severity == .critical && alerts[0].title == "orders blocked by live risk limits")
        #expect(alerts[0].message.contains("ORDER_NOTIONAL_EXCEEDS_MAX ×3"))
    }

    @Test func normalLimitsAllowThem() {
        let orders = [order(btc, .buy, 0.01, 58_000), order(eth, .buy, 0.5, 3_600)]
        let r = LiveRiskLimits(settings: LiveRiskSettings()).checkOrders(orders, portfolio: portfolio(), enforce: true)
        #expect(r.allowed == 2 && RiskAlerting.alerts(r, orders: orders, environment: .paper, now: now).isEmpty)
        #expect(r.utilisationAfter.first { $0.limit == "max_total_exposure_notional" }!.used == 580 + 1_800)
    }

    @Test func notEnforcingMarksNotAllowedAndBlockOnViolationFalseToo() {
        let orders = [order(btc, .buy, 1, 58_000)]
        #expect(LiveRiskLimits(settings: drillLimits).checkOrders(orders, portfolio: portfolio(), enforce: false).decisions[0].outcome == .notAllowed)
        var s = drillLimits
        s.blockOnViolation = false
        #expect(LiveRiskLimits(settings: s).checkOrders(orders, portfolio: portfolio(), enforce: true).decisions[0].outcome == .notAllowed)
    }

    @Test func mixedBatchIsJudgedInSequence() {
        var s = LiveRiskSettings()
        s.maxOrderNotional = 1_000; s.maxTotalExposureNotional = 2_000; s.maxSymbolExposureNotional = 1_500; s.maxDailyLossAbs = 100
        let orders = [order(btc, .buy, 0.01, 60_000),   // 600: allowed, total 600
                      order(btc, .buy, 0.015, 60_000),  // 900 → symbol 1500: allowed (not above)
                      order(btc, .buy, 0.001, 60_000),  // symbol 1560 > 1500: blocked
                      order(eth, .buy, 0.2, 3_000),     // 600 → total 2100 > 2000: blocked
                      order(eth, .buy, 0.1, 3_000),     // 300 → total 1800: allowed
                      order(btc, .sell, 0.015, 60_000)]  // 900, reduces: allowed
        let r = LiveRiskLimits(settings: s).checkOrders(orders, portfolio: portfolio(), enforce: true)
        #expect(r.decisions.map(\.outcome) == [.allowed, .allowed, .blocked, .blocked, .allowed, .allowed])
        #expect(r.decisions[2].reasons.map(\.code) == [.symbolExposureExceedsMax])
        #expect(r.decisions[3].reasons.map(\.code) == [.totalExposureExceedsMax])
        #expect(r.decisions[5].reducesExposure)
    }

    @Test func reducingOrdersAreNeverBlockedByExposureOrLoss() {
        // Over every exposure limit already, and down for the day.
        var p = portfolio([(btc, 1, 60_000)])
        p.mark(prices: [btc: (now, 50_000)], now: now)  // −10,000 today
        var s = drillLimits
        s.maxOrderNotional = 100_000
        let r = LiveRiskLimits(settings: s).checkOrders([order(btc, .sell, 0.5, 50_000), order(btc, .buy, 0.1, 50_000)], portfolio: p, enforce: true)
        #expect(r.decisions[0].outcome == .allowed && r.decisions[0].reducesExposure)
        #expect(Set(r.decisions[1].reasons.map(\.code)) == [.totalExposureExceedsMax, .symbolExposureExceedsMax, .dailyLossExceedsMax])
        #expect(r.decisions[1].reasons.first { $0.code == .dailyLossExceedsMax }!.message == "DAILY_LOSS_EXCEEDS_MAX: daily_loss=10000.00 max=1.00")
    }

    @Test func reducingAndHaltedStates() {
        var s = LiveRiskSettings()
        s.tradingState = .reducing
        let p = portfolio([(btc, 0.1, 60_000)])
        let r = LiveRiskLimits(settings: s).checkOrders([order(btc, .sell, 0.05, 60_000), order(btc, .buy, 0.01, 60_000), order(btc, .sell, 0.3, 60_000)], portfolio: p, enforce: true)
        #expect(r.decisions.map(\.outcome) == [.allowed, .blocked, .blocked], "selling 0.3 of 0.1 flips to a larger short: not reducing")
        #expect(r.decisions[1].reasons.map(\.code) == [.tradingReducingOnly])
        s.tradingState = .halted
        let h = LiveRiskLimits(settings: s).checkOrders([order(btc, .sell, 0.05, 60_000)], portfolio: p, enforce: true)
        #expect(h.decisions[0].reasons.map(\.code) == [.tradingHalted])
    }

    @Test func disabledRiskAllowsAll() {
        var s = drillLimits
        s.enabled = false
        let r = LiveRiskLimits(settings: s).checkOrders([order(btc, .buy, 1, 60_000)], portfolio: portfolio(), enforce: true)
        #expect(r.allowed == 1 && !r.enabled)
    }

    @Test func utilisationCrossingsRaiseWarningAndCritical() {
        var s = LiveRiskSettings()
        s.maxTotalExposureNotional = 1_000; s.maxSymbolExposureNotional = 1_000; s.maxOrderNotional = 1_000
        let orders = [order(btc, .buy, 0.014, 60_000)]  // 840: 84 % → warning
        let r = LiveRiskLimits(settings: s).checkOrders(orders, portfolio: portfolio(), enforce: true)
        let alerts = RiskAlerting.alerts(r, orders: orders, environment: .shadow, now: now)
        #expect(alerts.contains { $0.severity == .warning && $0.title == "risk limit warning: max_total_exposure_notional" })
        let u = LimitUtilisation(limit: "x", used: 11, max: 10, warningThreshold: 0.8)
        #expect(u.status == .breach && LimitUtilisation(limit: "x", used: 8, max: 10, warningThreshold: 0.8).status == .warning)
    }

    @Test func paperAccounting() {
        var p = PaperPortfolio(initialCash: 10_000, now: now)
        p.fill(order(btc, .buy, 0.1, 50_000), slippageBps: 10, feeBps: 10, now: now)  // px 50,050, fee 5.005
        #expect(abs(p.cash - (10_000 - 5_005 - 5.005)) < 1e-9)
        #expect(p.positions["BTC/EUR"]!.averagePrice == 50_050)
        p.fill(order(btc, .buy, 0.1, 60_000), slippageBps: 0, feeBps: 0, now: now)
        #expect(p.positions["BTC/EUR"]!.averagePrice == 55_025)
        p.fill(order(btc, .sell, 0.05, 65_000), slippageBps: 0, feeBps: 0, now: now)
        #expect(abs(p.positions["BTC/EUR"]!.realizedPnL - 0.05 * (65_000 - 55_025)) < 1e-9)
        p.mark(prices: [btc: (now, 70_000)], now: now)
        #expect(abs(p.unrealizedPnL - 0.15 * (70_000 - 55_025)) < 1e-6)
        #expect(abs(p.equity - (p.cash + 0.15 * 70_000)) < 1e-9)
        p.fill(order(btc, .sell, 0.25, 70_000), slippageBps: 0, feeBps: 0, now: now)  // flips to −0.1 at 70,000
        #expect(abs(p.quantity(btc) + 0.1) < 1e-12 && p.positions["BTC/EUR"]!.averagePrice == 70_000)
        // A new UTC day starts from the equity as it stood.
        let before = p.equity
        p.mark(prices: [btc: (now, 71_000)], now: now + 86_400_000)
        #expect(p.day == "2026-01-02" && p.dayStartEquity == before && abs(p.dailyPnL - (-0.1 * 1_000)) < 1e-6)
    }

    @Test func portfolioStateRoundTripsAndCorruptionIsAnError() throws {
        let dir = TestPaths.scratch()
        var settings = PaperSettings(root: dir.path)
        settings.stateDir = dir.appendingPathComponent("paper").path
        let (fresh, isFresh) = try PortfolioStore.load(settings, now: now)
        #expect(isFresh && fresh.cash == settings.initialCash)
        var p = fresh
        p.fill(order(btc, .buy, 0.1, 50_000), slippageBps: 5, feeBps: 10, now: now)
        try PortfolioStore.save(p, settings)
        #expect(try PortfolioStore.load(settings, now: now).portfolio == p)
        try PortfolioStore.save(p, settings)
        #expect(FileManager.default.fileExists(atPath: settings.portfolioPath + ".bak"))
        for garbage in ["{ not json", "{\"version\": 1}", "", "\u{0}\u{1}binary"] {
            try Data(garbage.utf8).write(to: URL(fileURLWithPath: settings.portfolioPath))
            #expect(throws: PeakTradeError.self) { try PortfolioStore.load(settings, now: now) }
            do { _ = try PortfolioStore.load(settings, now: now) } catch let e as PeakTradeError {
                #expect(e.description.contains("paper portfolio state is corrupt") && e.description.contains("nothing was changed"))
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: settings.portfolioPath)) == Data(garbage.utf8), "never silently reset")
        }
    }

    @Test func signalFilesReportBadRowsAndKeepTheRest() throws {
        let text = """
        Symbol,Timestamp,Side,Quantity,Price,Strategy
        BTC/EUR,2026-01-01T00:00:00Z,buy,0.01,,ma_crossover
        ETH/EUR,2026-01-01T00:00:00Z,SELL,0.5,3500.5,rsi
        DOGE/EUR,2026-01-01T00:00:00Z,buy,1,,x
        BTC/EUR,2026-01-01T00:00:00Z,buy,0,,x
        BTC/EUR,2026-01-01T00:00:00Z,buy,nan,,x
        BTC/EUR,2026-01-01T00:00:00Z,hold,1,,x
        BTC/EUR,yesterday,buy,1,,x
        BTC/EUR,2026-01-01T00:00:00Z,buy,1,-5,x
        BTC/EUR,2026-01-01T00:00:00Z
        ETH/EUR,2026-01-01T00:00:00Z,-1,0.25,,x
        """
        let path = TestPaths.file(text, name: "forward_test_signals.csv")
        let r = try SignalFile.read(path: path, prices: [btc: (now, 58_000), eth: (now, 3_600)])
        #expect(r.orders.count == 3)
        #expect(r.orders[0].price == 58_000 && r.orders[0].strategy == "ma_crossover" && r.orders[0].origin == "\(path):2")
        #expect(r.orders[1].side == .sell && r.orders[1].price == 3500.5)
        #expect(r.orders[2].side == .sell && r.orders[2].quantity == 0.25)
        #expect(r.problems.map(\.line) == [4, 5, 6, 7, 8, 9, 10])
        #expect(r.problems[0].description == "\(path):4: unknown symbol DOGE/EUR: no candle data for it (known: BTC/EUR, ETH/EUR)")
        #expect(r.problems[1].message.contains("'quantity': \"0\" is not valid"))
        #expect(throws: PeakTradeError.self) { try SignalFile.read(path: TestPaths.file("when,what\n1,2\n"), prices: [:]) }
        #expect(throws: PeakTradeError.self) { try SignalFile.expand("/nonexistent/forward_*_signals.csv") }
    }
}
