import Foundation
import Testing
import PeakTradeTestSupport

/// What `peaktrade` (the console) does before it takes the screen: refuses without a terminal, names a bad
/// theme or config. The console itself is driven in a real terminal by scripts/console-e2e.sh.
@Suite struct ConsoleCLITests {
    @Test func withoutATerminalItExplainsAndExits64() async throws {
        for args in [[], ["console"], ["console", "--follow"]] {
            let r = try await PeakTradeBinary.runAsync(args)
            #expect(r.status == 64, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("the console needs a terminal") && r.stdout.isEmpty)
            #expect(!r.stderr.contains("\u{1b}"), "no escape codes")
        }
    }

    @Test func badThemesAreNamedWithTheirSource() async throws {
        let option = try await PeakTradeBinary.runAsync(["--theme", "neon"])
        #expect(option.status == 64 && option.stderr.contains("--theme: theme \"neon\" not found") && option.stderr.contains("valid: dark, high-contrast, light, monochrome"))
        let dir = TestPaths.scratch()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("config"), withIntermediateDirectories: true)
        let config = dir.appendingPathComponent("config/config.toml")
        try Data("[console]\ntheme = \"neon\"\n".utf8).write(to: config)
        let fromConfig = try await PeakTradeBinary.runAsync(["--config", config.path])
        #expect(fromConfig.status == 78 && fromConfig.stderr.contains("config.toml [console] theme: theme \"neon\" not found"), "\(fromConfig.stderr)")
        let themes = TestPaths.repositoryRoot.appendingPathComponent("themes").path
        let presets = TestPaths.repositoryRoot.appendingPathComponent("config/portfolio_presets.toml").path
        try Data("[research]\npresets_path = \"\(presets)\"\n[console]\npreset = \"yolo\"\nthemes_dir = \"\(themes)\"\n".utf8).write(to: config)
        let preset = try await PeakTradeBinary.runAsync(["--config", config.path])
        #expect(preset.status == 78 && preset.stderr.contains("[console] preset: portfolio preset \"yolo\" is not in") && preset.stderr.contains("valid: "), "\(preset.stderr)")
        try Data("[console]\nreplay_speed = 0\n".utf8).write(to: config)
        let speed = try await PeakTradeBinary.runAsync(["--config", config.path])
        #expect(speed.status == 78 && speed.stderr.contains("replay_speed") && speed.stderr.contains("0.25 to 1024"), "\(speed.stderr)")
    }
}
