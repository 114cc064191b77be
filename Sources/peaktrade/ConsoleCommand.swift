import ArgumentParser
import Foundation
import PeakTradeConsole
import PeakTradeCore
import PeakTradeCurses
import PeakTradeTUI

struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "The operations console (what `peaktrade` without a command starts).",
        discussion: """
        Candles, live risk-limit utilisation, the alert feed and the drill checklist on one screen, driven by a live \
        feed (a replay of the configured candle files, or --follow while another process appends to them) through \
        the incremental data checks and a shadow run of [console] preset. Every operator action is journaled \
        (state/drills/console/, and the running drill's journal). Needs a terminal: exit 64 otherwise. ? shows the keys.
        """
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("operator"), help: "Operator name for the journal (default: $USER).") var operatorName: String?
    @Flag(name: .long, help: "Follow the configured candle files as another process appends to them (default: replay them).") var follow = false
    @Option(name: .long, help: "Replay speed in bars per second (0.25-1024; default: [console] replay_speed).") var speed: Double?
    @Option(name: .long, help: "Theme name from the themes folder (default: [console] theme).") var theme: String?

    func validate() throws {
        if let s = speed, !(0.25...1024).contains(s) { throw ValidationError("--speed \(s): valid is 0.25 to 1024 bars per second") }
    }

    func run() throws {
        try Console.run {
            let settings = try global.loadSettings()
            let themeName = theme ?? settings.console.theme
            let loaded: Theme
            do {
                loaded = try Theme.load(themeName, dir: settings.console.themesDir)
            } catch let e as PeakTradeError {
                // Say where the name came from: the option is a usage error, the config a configuration error.
                if theme != nil { throw PeakTradeError.usage("--theme: \(e.description)") }
                throw PeakTradeError.config("\(settings.configPath ?? "config") [console] theme: \(e.description)")
            }
            // The live shadow run's preset: a bad name is a configuration error, said before the screen is taken.
            do {
                _ = try PortfolioPreset.load(settings.console.preset, path: settings.research.presetsPath)
            } catch let e as PeakTradeError {
                throw PeakTradeError.config("\(settings.configPath ?? "config") [console] preset: \(e.description)")
            }
            return try ConsoleApp(settings: settings, operatorName: DrillCommand.operatorName(operatorName), theme: loaded,
                                  follow: follow, speed: speed ?? settings.console.replaySpeed).run()
        }
    }
}

/// The console's main loop on the UI thread: keys and core actions in, one pure update, one render, diffs out.
struct ConsoleApp {
    let settings: Settings
    let operatorName: String
    let theme: Theme
    let follow: Bool
    let speed: Double

    func run() throws -> ExitStatus {
        let env = ProcessInfo.processInfo.environment
        let term: CursesTerminal
        do {
            term = try CursesTerminal.start(environment: env, interruptAsKey: true)
        } catch let e as CursesTerminal.StartError {
            if case .notATerminal = e { throw PeakTradeError.usage("\(e)") }
            throw PeakTradeError.io("\(e)")
        }
        defer { term.stop() }
        let logFD = Self.openLog(settings)
        defer { if logFD > 2 { close(logFD) } }
        let noColor = (env["NO_COLOR"].map { !$0.isEmpty } ?? false) || term.colors == 0
        let mode: FeedState.Mode = follow ? .follow : .replay
        let runtime = ConsoleRuntime(settings: settings, operatorName: operatorName, logFD: logFD)
        var state = runtime.initialState(theme: noColor ? theme.withoutColour() : theme, feedMode: mode, speed: speed,
                                         size: (term.width, term.height), unicode: term.unicode)
        // First frame before any data is read: the feed loads on its own thread.
        term.draw(ConsoleView.render(state))
        runtime.start(feedMode: mode, speed: speed, theme: theme.name)
        let refresh = Int32(settings.console.refreshMilliseconds)
        var second = state.now / 1000
        while !state.quitRequested {
            var dirty = false
            var actions: [ConsoleAction] = []
            if let key = term.readKey(milliseconds: state.feed.paused || state.feed.finished ? refresh : min(refresh, 50)) {
                actions.append(key == .resize ? .resize(width: term.width, height: term.height) : .key(key))
            }
            actions += runtime.drain()
            let now = runtime.clock()
            if now / 1000 != second { second = now / 1000; actions.append(.tick(now: now)) }
            for a in actions {
                var effects = ConsoleUpdate.update(&state, a)
                if case let .themeLoaded(t) = a, noColor { state.theme = t.withoutColour(); effects = [] }
                runtime.perform(effects, state: state)
                dirty = true
            }
            if dirty { term.draw(ConsoleView.render(state)) }
        }
        runtime.shutdown()
        return .ok
    }

    /// Stray stderr output would corrupt the screen: the stderr alert sink and engine warnings go here.
    static func openLog(_ settings: Settings) -> Int32 {
        let dir = settings.resolve("logs")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let fd = open((dir as NSString).appendingPathComponent("console.log"), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        return fd >= 0 ? fd : open("/dev/null", O_WRONLY | O_CLOEXEC)
    }
}
