import Foundation
import Testing
import PeakTradeTestSupport

/// The curses backend without a terminal: it refuses cleanly (exit 64, no escape codes). In a terminal it is
/// tested by scripts/console-e2e.sh (run by scripts/test.sh): drawing, keys, resize, and the terminal restored
/// on quit, SIGTERM and a real crash of the probe fixture. That test is a shell script rather than a Swift test
/// because of what a tmux harness inside the test runner meets: runner threads block most signals and
/// children inherit the mask (tmux and the pane then ignore signals); a daemonised tmux server inherits any
/// capture pipe; and unblocking SIGCHLD on the spawning thread stops Foundation's Process from seeing exits.
@Suite struct CursesBackendTests {
    static let probe: String = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("peaktrade-curses-probe").path) && dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("peaktrade-curses-probe").path
    }()

    @Test func withoutATerminalItSaysSoAndExits64() async throws {
        let r: (Int32, String) = await offPool {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CursesBackendTests.probe)
            let err = Pipe()
            p.standardError = err
            p.standardOutput = Pipe()
            p.standardInput = FileHandle(forReadingAtPath: "/dev/null")
            try? p.run()
            let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            return (p.terminationStatus, e)
        }
        #expect(r.0 == 64 && r.1.contains("needs a terminal"))
        #expect(!r.1.contains("\u{1b}"), "no escape codes when there is no terminal")
    }
}
