import Foundation
import Testing
import PeakTradeTestSupport
@testable import PeakTradeCore

@Suite struct ShadowRunnerTests {
    let preset = try! PortfolioPreset.load("multi_style_moderate", path: TestPaths.repositoryRoot.appendingPathComponent("config/portfolio_presets.toml").path)

    func data() -> [ResearchData] {
        let report = DataCheckReport(source: "x", rows: 0, findings: [], summary: .init([]))
        var btc = Fixtures.generated(bars: 3_000, seed: 31)
        btc.symbol = Symbol(base: "BTC", quote: "EUR")
        var eth = Fixtures.generated(bars: 3_000, seed: 32, symbol: "ETH/EUR")
        eth.symbol = Symbol(base: "ETH", quote: "EUR")
        let b = ResearchData(series: btc, timeframe: .h1, report: report, shown: [])
        let e = ResearchData(series: eth, timeframe: .h1, report: report, shown: [])
        return [b, e, b]
    }

    var permissive: LiveRiskSettings {
        var r = LiveRiskSettings()
        r.maxOrderNotional = 1e12; r.maxTotalExposureNotional = 1e12; r.maxSymbolExposureNotional = 1e12; r.maxDailyLossAbs = 1e12
        return r
    }

    @Test func withIdenticalExecutionItReproducesTheBacktestExactly() throws {
        let model = ExecutionModel(feesBps: 10, slippageBps: 5, positionFraction: 1, latencyBars: 0)
        let research = try PortfolioRun.run(preset, data: data(), model: model, initialCash: 10_000)
        let bus = EventBus()
        let events = EventLog(bus)
        let shadow = try ShadowRunner(preset: preset, model: model, initialCash: 10_000, risk: permissive, environment: .shadow, bus: bus).run(data: data())
        #expect(shadow.times == research.times)
        #expect(shadow.equity == research.equity, "bit for bit")
        #expect(shadow.legTrades == research.legs.map(\.trades))
        #expect(shadow.blockedOrders == 0 && shadow.allowedOrders == research.legs.map(\.trades).joined().count * 2 - research.legs.map { $0.trades.last?.exitTime == nil ? 1 : 0 }.reduce(0, +))
        let decisions = events.all.filter { if case .orderDecision = $0.kind { return true } else { return false } }
        #expect(decisions.count == shadow.allowedOrders)
        // The paper portfolio mirrors the fills: its equity at the last marks equals the shadow equity.
        #expect(abs(shadow.portfolio.equity - shadow.equity.last!) < 1e-6)
    }

    @Test func shadowExecutionDiffersOnlyWhereItIsMeantTo() throws {
        let research = try PortfolioRun.run(preset, data: data(), model: ExecutionModel(), initialCash: 10_000)
        let shadow = try ShadowRunner(preset: preset, model: ExecutionModel(feesBps: 15, slippageBps: 10, positionFraction: 1, latencyBars: 1),
                                      initialCash: 10_000, risk: permissive, environment: .shadow).run(data: data())
        #expect(shadow.equity != research.equity)
        // Same signals: every shadow entry is exactly one bar after the research entry.
        for (r, s) in zip(research.legs.map(\.trades), shadow.legTrades) {
            #expect(r.count == s.count)
            for (a, b) in zip(r, s) { #expect(b.entryTime - a.entryTime == 3_600_000) }
        }
        #expect(shadow.pnlLog.hasPrefix("timestamp,equity,pnl,fees,slippage_cost,positions\n2024-01-01T00:00:00Z,10000.0000,0.0000,"))
        #expect(shadow.pnlLog.split(separator: "\n").count == shadow.times.count + 1)
    }

    @Test func liveRiskLimitsBlockShadowOrders() throws {
        var drill = LiveRiskSettings()
        drill.maxOrderNotional = 5; drill.maxTotalExposureNotional = 10; drill.maxSymbolExposureNotional = 10; drill.maxDailyLossAbs = 1
        let r = try ShadowRunner(preset: preset, model: ExecutionModel(), initialCash: 10_000, risk: drill, environment: .shadow).run(data: data())
        #expect(r.allowedOrders == 0 && r.blockedOrders > 0)
        #expect(r.blockReasons[.orderNotionalExceedsMax] == r.blockedOrders)
        #expect(r.equity.allSatisfy { $0 == 10_000 }, "nothing filled, nothing changed")
    }
}
