import Foundation
import Testing
import PeakTradeTestSupport
@testable import PeakTradeCore

@Suite struct ConfigLoaderTests {
    func parse(_ text: String, path: String = "/repo/config/config.toml") throws -> Settings {
        try ConfigLoader.parse(text, path: path)
    }

    func message(_ text: String) -> String {
        do { _ = try parse(text); return "no error" } catch let e as PeakTradeError {
            #expect(e.status == .badConfig)
            return e.description
        } catch { return "\(error)" }
    }

    @Test func bundledConfigLoadsWithoutWarnings() throws {
        let path = TestPaths.repositoryRoot.appendingPathComponent("config/config.toml").path
        let s = try ConfigLoader.load(path: path)
        #expect(s.warnings == [])
        #expect(s.environment == .shadow)
        #expect(s.root == TestPaths.repositoryRoot.standardizedFileURL.path)
        #expect(s.data.files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["BTC_EUR-1h.csv", "ETH_EUR-1h.csv"])
        for f in s.data.files { #expect(FileManager.default.fileExists(atPath: f), "\(f)") }
    }

    @Test func relativePathsResolveAgainstTheRepositoryRoot() throws {
        let s = try parse("[data]\ndir = \"candles\"\n")
        #expect(s.data.dir == "/repo/candles")
        let t = try parse("[data]\ndir = \"candles\"\n", path: "/etc/peaktrade/pt.toml")
        #expect(t.data.dir == "/etc/peaktrade/candles")
    }

    @Test func errorsNameFileLineKeyValueAndWhatIsValid() {
        #expect(message("[environment]\n\nmode = \"prod\"\n")
            == "/repo/config/config.toml:3: [environment] mode = \"prod\" is not valid; valid: shadow, paper, testnet, live")
        #expect(message("[data_quality]\noutlier_z = -2\n").contains(":2: [data_quality] outlier_z = -2 is not valid; expected a number > 0"))
        #expect(message("[data_quality]\ngap_error_after = \"soon\"\n").contains("expected a duration"))
        #expect(message("[data]\nsymbols = [\"BTC/EUR\", 3]\n").contains("[data] symbols[1] = 3 is not a string"))
        #expect(message("[live_risk]\nmax_order_notional = 0\n").contains("max_order_notional = 0 is not valid; expected a number > 0"))
        #expect(message("[live_risk]\nmax_order_notional = 10.0\nmax_total_exposure_notional = 5.0\n").contains("must not exceed max_total_exposure_notional"))
        #expect(message("[data\n").contains("/repo/config/config.toml:1:"))
        #expect(message("data = 3\n").contains("data must be a table"))
    }

    @Test func unknownKeysAndSectionsAreWarnedAbout() throws {
        let s = try parse("[data]\ntimeframe = \"1h\"\ntimefrme = \"4h\"\n[risk]\nx = 1\n")
        #expect(s.warnings.count == 2)
        #expect(s.warnings.contains { $0.hasPrefix("/repo/config/config.toml:3: unknown key [data] timefrme") })
        #expect(s.warnings.contains { $0.contains("unknown section [risk]") })
    }

    @Test func environmentReferencesAreExpanded() throws {
        let env = ["PT_DIR": "/srv/candles"]
        #expect(try EnvExpansion.expand("${PT_DIR}/x", environment: env, onMissing: { _ in PeakTradeError.config("") }) == "/srv/candles/x")
        #expect(try EnvExpansion.expand("${NOPE:-fallback}", environment: env, onMissing: { _ in PeakTradeError.config("") }) == "fallback")
        setenv("PEAKTRADE_TEST_DIR", "/tmp/pt-data", 1)
        #expect(try parse("[data]\ndir = \"${PEAKTRADE_TEST_DIR}\"\n").data.dir == "/tmp/pt-data")
        #expect(message("[data]\ndir = \"${PEAKTRADE_UNSET_VAR_X}\"\n").contains("${PEAKTRADE_UNSET_VAR_X}, which is not set"))
    }

    @Test func missingExplicitConfigIsAnError() {
        #expect(throws: PeakTradeError.self) { try ConfigLoader.load(path: "/nonexistent/config.toml") }
    }
}
