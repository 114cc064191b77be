import CNcurses
import Glibc
import PeakTradeTUI

/// The only code that calls ncurses (DESIGN.md §2, §5): draws buffer diffs, reads keys, and always gives the
/// terminal back — on `stop()`, and from signal handlers (INT, TERM, HUP and crashes) before re-raising.
/// Every call must come from one thread.
public final class CursesTerminal {
    public enum StartError: Error, CustomStringConvertible {
        case notATerminal
        case unusable(String)
        public var description: String {
            switch self {
            case .notATerminal: "the console needs a terminal: standard input and output must be a TTY (use the CLI subcommands in scripts)"
            case let .unusable(why): "the terminal cannot be used: \(why)"
            }
        }
    }

    public private(set) var width: Int
    public private(set) var height: Int
    /// False when the locale is not UTF-8: widgets should use their ASCII glyphs.
    public let unicode: Bool
    public let colors: Int
    private var screen: OpaquePointer?
    private var previous: Buffer?
    private var pairs: [Int32: Int16] = [:]
    private var nextPair: Int16 = 1
    private let useColor: Bool

    /// - Parameter interruptAsKey: the first Ctrl-C (SIGINT) comes back from `readKey` as `.ctrl("c")` so the
    ///   app can quit in order (a running drill cleans up); a second one before the app reads the key — the app
    ///   is stuck — restores the terminal and exits with the signal as usual.
    public static func start(environment: [String: String], interruptAsKey: Bool = false) throws -> CursesTerminal {
        guard isatty(0) == 1, isatty(1) == 1 else { throw StartError.notATerminal }
        _ = pt_set_locale()
        TerminalRestore.interruptAsKey = interruptAsKey
        TerminalRestore.interruptPending = 0
        // Ours first: ncurses installs SIGINT/SIGTERM handlers that exit(1) when it finds the defaults, and a
        // re-raise into those would hide the signal from the parent (143/130 become 1).
        TerminalRestore.install()
        guard let s = pt_newterm() else {
            TerminalRestore.uninstall()
            throw StartError.unusable("newterm failed for TERM=\(environment["TERM"] ?? "(unset)")")
        }
        return CursesTerminal(screen: s, noColor: environment["NO_COLOR"].map { !$0.isEmpty } ?? false)
    }

    private init(screen: OpaquePointer, noColor: Bool) {
        self.screen = screen
        set_term(screen)
        cbreak()
        noecho()
        nonl()
        keypad(pt_stdscr(), true)
        curs_set(0)
        unicode = pt_locale_is_utf8() != 0
        if !noColor && has_colors() {
            start_color()
            use_default_colors()
            colors = Int(pt_colors())
            useColor = true
        } else {
            colors = 0
            useColor = false
        }
        width = Int(pt_cols())
        height = Int(pt_lines())
    }

    deinit { stop() }

    /// Gives the terminal back. Safe to call more than once.
    public func stop() {
        guard screen != nil else { return }
        curs_set(1)
        endwin()
        delscreen(screen)
        screen = nil
        TerminalRestore.uninstall()
    }

    /// Writes only the cells that changed since the last frame (everything after a resize).
    public func draw(_ frame: Buffer) {
        guard screen != nil else { return }
        if previous?.area != frame.area { clear(); previous = nil }
        let changes = previous.map { frame.diff(from: $0) } ?? frame.diff(from: Buffer(area: Rect(x: 0, y: 0, width: 0, height: 0)))
        for change in changes where change.x < width && change.y < height {
            var wide = change.cell.symbol.unicodeScalars.prefix(5).map { wchar_t(bitPattern: $0.value) }
            if wide.isEmpty { wide = [wchar_t(32)] }
            wide.append(0)
            let style = change.cell.style.degraded(toColors: useColor ? colors : 256)
            _ = wide.withUnsafeBufferPointer { pt_put(Int32(change.y), Int32(change.x), $0.baseAddress, attributes(style), pair(style)) }
        }
        refresh()
        previous = frame
    }

    /// Waits up to `milliseconds` for a key (never blocks longer); a resize comes back as `.resize`.
    public func readKey(milliseconds: Int32) -> Key? {
        guard screen != nil else { return nil }
        if let k = takeInterrupt() { return k }
        timeout(milliseconds)
        var code: Int32 = 0
        let rc = pt_get_wch(&code)
        if let k = takeInterrupt() { return k }
        if rc == pt_err() { return nil }
        if rc == pt_key_code_yes() {
            switch code {
            case pt_key_resize():
                width = Int(pt_cols()); height = Int(pt_lines())
                return .resize
            case pt_key_up(): return .up
            case pt_key_down(): return .down
            case pt_key_left(): return .left
            case pt_key_right(): return .right
            case pt_key_backspace(): return .backspace
            case pt_key_enter(): return .enter
            case pt_key_btab(): return .backTab
            case pt_key_ppage(): return .pageUp
            case pt_key_npage(): return .pageDown
            case pt_key_home(): return .home
            case pt_key_end(): return .end
            default: return .other(Int(code))
            }
        }
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(code) + 96)))
        default: return Unicode.Scalar(UInt32(code)).map { .char(Character($0)) } ?? .other(Int(code))
        }
    }

    private func takeInterrupt() -> Key? {
        guard TerminalRestore.interruptPending != 0 else { return nil }
        TerminalRestore.interruptPending = 0
        return .ctrl("c")
    }

    private func attributes(_ s: Style) -> attr_t {
        var a: attr_t = 0
        if s.attributes.contains(.bold) { a |= pt_a_bold() }
        if s.attributes.contains(.dim) { a |= pt_a_dim() }
        if s.attributes.contains(.underline) { a |= pt_a_underline() }
        if s.attributes.contains(.reverse) { a |= pt_a_reverse() }
        return a
    }

    /// Colour pairs are made on first use; past the terminal's limit the default pair is used.
    private func pair(_ s: Style) -> Int16 {
        guard useColor else { return 0 }
        let fg = colorNumber(s.fg), bg = colorNumber(s.bg)
        if fg == -1 && bg == -1 { return 0 }
        let key = (fg + 1) << 16 | (bg + 1)
        if let p = pairs[key] { return p }
        guard Int32(nextPair) < min(pt_color_pairs(), 32_767) else { return 0 }
        init_pair(nextPair, Int16(fg), Int16(bg))
        pairs[key] = nextPair
        nextPair += 1
        return nextPair - 1
    }

    /// Degrades 256 → 16 → 8 colours.
    private func colorNumber(_ c: TermColor) -> Int32 {
        let basic: [TermColor: Int32] = [.black: 0, .red: 1, .green: 2, .yellow: 3, .blue: 4, .magenta: 5, .cyan: 6, .white: 7,
                                         .brightBlack: 8, .brightRed: 9, .brightGreen: 10, .brightYellow: 11, .brightBlue: 12,
                                         .brightMagenta: 13, .brightCyan: 14, .brightWhite: 15]
        switch c {
        case .default: return -1
        case let .indexed(n): return Int32(n)  // only reaches here on 256-colour terminals (see Style.degraded)
        default:
            let n = basic[c]!
            return colors >= 16 ? n : n % 8
        }
    }
}

/// The C struct (the name is shared with the function `sigaction`).
typealias SignalAction = sigaction

/// Signal handlers that restore the terminal, then re-raise with the previous handler (htop's CRT.c model).
enum TerminalRestore {
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP]
    nonisolated(unsafe) static var saved = Array<sigaction>(repeating: SignalAction(), count: 65)
    nonisolated(unsafe) static var installed = false
    nonisolated(unsafe) static var interruptAsKey = false
    /// Set by the SIGINT handler when interrupts are keys (only a store: async-signal-safe).
    nonisolated(unsafe) static var interruptPending: sig_atomic_t = 0

    static func install() {
        guard !installed else { return }
        installed = true
        // A console started with these blocked (inherited from its parent) could never be interrupted.
        var set = sigset_t()
        sigemptyset(&set)
        for sig in signals { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for sig in signals {
            var action = SignalAction()
            action.__sigaction_handler.sa_handler = { sig in
                if sig == SIGINT && TerminalRestore.interruptAsKey && TerminalRestore.interruptPending == 0 {
                    TerminalRestore.interruptPending = 1
                    return
                }
                curs_set(1)
                endwin()
                var previous = TerminalRestore.saved[Int(sig)]
                sigaction(sig, &previous, nil)
                raise(sig)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(sig, &action, &saved[Int(sig)])
        }
    }

    static func uninstall() {
        guard installed else { return }
        installed = false
        for sig in signals { sigaction(sig, &saved[Int(sig)], nil) }
    }
}
