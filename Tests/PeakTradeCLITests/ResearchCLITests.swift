import Foundation
import Testing
import PeakTradeTestSupport
import PeakTradeCore

@Suite struct ResearchCLITests {
    func workspace(_ extra: String = "") -> (URL, String) {
        let dir = TestPaths.scratch()
        let cfg = """
        [data]
        dir = "\(TestPaths.repositoryRoot.path)/data"
        [research]
        presets_path = "\(TestPaths.repositoryRoot.path)/config/portfolio_presets.toml"
        reports_dir = "\(dir.path)/reports/research"
        [shadow]
        pnl_dir = "\(dir.path)/reports/shadow"
        \(extra)
        """
        return (dir, TestPaths.file(cfg, name: "config.toml", in: dir))
    }

    @Test func backtestWorksOutOfTheBoxAndWritesResearchFiles() async throws {
        let out = TestPaths.scratch()
        let r = try await PeakTradeBinary.runAsync(["backtest", "--strategy", "ma_crossover", "--symbol", "BTC/EUR", "--bars", "500", "--out", out.path, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let m = try #require(doc["metrics"] as? [String: Any])
        #expect(m["bars"] as? Int == 500)
        for k in ["total_return", "cagr", "volatility", "sharpe", "sortino", "max_drawdown", "calmar", "trades", "win_rate", "profit_factor", "exposure", "fees_paid"] {
            #expect(m.keys.contains(k), "\(k)")
        }
        #expect((doc["trades"] as? [Any])?.isEmpty == false)
        let equity = try String(contentsOf: out.appendingPathComponent("equity.csv"), encoding: .utf8)
        #expect(equity.hasPrefix("timestamp,equity\n") && equity.split(separator: "\n").count == 501)
        #expect(try String(contentsOf: out.appendingPathComponent("trades.csv"), encoding: .utf8).hasPrefix("leg,symbol,strategy,entry_time"))
        #expect(try await PeakTradeBinary.runAsync(["backtest", "--strategy", "ma_crossover", "--symbol", "BTC/EUR", "--param", "fast=50", "--param", "slow=20"]).status == 64)
    }

    @Test func damagedDataIsNamedAndFailPolicyExits1() async throws {
        let dir = TestPaths.scratch()
        let bad = dir.appendingPathComponent("BTC_EUR-1h.csv").path
        _ = try await PeakTradeBinary.runAsync(["data", "inject", "outlier", "data/BTC_EUR-1h.csv", "--at", "2025-12-30T10:00:00Z", "--factor", "10", "--out", bad])
        let warn = try await PeakTradeBinary.runAsync(["backtest", "--strategy", "rsi_reversion", "--symbol", "BTC/EUR", "--data", bad, "--bars", "500"])
        #expect(warn.status == 0)
        #expect(warn.stdout.contains("DATA QUALITY") && warn.stdout.contains("CRITICAL outlier: close 597973.8 at 2025-12-30T10:00:00Z"))
        let (_, cfg) = workspace("[data_quality]\non_findings = \"fail\"")
        let fail = try await PeakTradeBinary.runAsync(["backtest", "--config", cfg, "--strategy", "rsi_reversion", "--symbol", "BTC/EUR", "--data", bad, "--bars", "500"])
        #expect(fail.status == 1 && fail.stderr.contains("2025-12-30T10:00:00Z") && fail.stderr.contains("on_findings = \"fail\""))
    }

    @Test func researchPortfolioWritesTheFourFiles() async throws {
        let (dir, cfg) = workspace()
        let r = try await PeakTradeBinary.runAsync(["research", "portfolio", "--config", cfg, "--portfolio-preset", "rsi_reversion_conservative", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((doc["legs"] as? [Any])?.count == 2 && (doc["correlation"] as? [[Any]])?.count == 2)
        let root = dir.appendingPathComponent("reports/research/rsi_reversion_conservative")
        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: root.path).first)
        let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(run).path).sorted()
        #expect(files == ["equity.csv", "report.json", "report.md", "trades.csv"])
        let md = try String(contentsOf: root.appendingPathComponent(run).appendingPathComponent("report.md"), encoding: .utf8)
        #expect(md.contains("## Correlation of leg returns") && md.contains("## Data quality"))
        #expect(try await PeakTradeBinary.runAsync(["research", "portfolio", "--config", cfg, "--portfolio-preset", "nope"]).stderr.contains("valid: momentum_long_short, multi_style_moderate, rsi_reversion_conservative"))
    }

    @Test func robustnessAndShadowRun() async throws {
        let (dir, cfg) = workspace()
        let r = try await PeakTradeBinary.runAsync(["research", "robustness", "--config", cfg, "--portfolio-preset", "multi_style_moderate", "--variants", "20", "--samples", "50", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["variants"] as? Int == 20 && (doc["walk_forward"] as? [Any])?.count == 3)
        #expect(((doc["bootstrap"] as? [String: Any])?["sharpe"] as? [String: Any])?["count"] as? Int == 50)
        let s = try await PeakTradeBinary.runAsync(["shadow", "run", "--config", cfg, "--portfolio-preset", "multi_style_moderate", "--from", "2025-01-01T00:00:00Z", "--to", "2025-03-01T00:00:00Z"])
        #expect(s.status == 0, "\(s.stderr)")
        #expect(s.stdout.contains("1417 bars") && s.stdout.contains("blocked by live risk"))
        let shadowRoot = dir.appendingPathComponent("reports/shadow/multi_style_moderate")
        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: shadowRoot.path).first)
        let log = try String(contentsOf: shadowRoot.appendingPathComponent(run).appendingPathComponent("shadow_pnl.csv"), encoding: .utf8)
        #expect(log.split(separator: "\n").count == 1418 && log.hasPrefix("timestamp,equity,pnl,fees,slippage_cost,positions"))
        let live = workspace("[environment]\nmode = \"live\"")
        #expect(try await PeakTradeBinary.runAsync(["shadow", "run", "--config", live.1, "--portfolio-preset", "multi_style_moderate"]).status == 78)
    }
}
