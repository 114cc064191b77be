// Test fixture for the curses backend (driven in tmux by scripts/console-e2e.sh): draws a frame with the
// terminal size, the last key and a candle chart; redraws on resize; `q` quits; `c` crashes for real (a
// trap, as a failed precondition would) so tests can see the terminal restored after a crash. Not part of
// the product.
import Foundation
import PeakTradeCore
import PeakTradeCurses
import PeakTradeTUI

let term: CursesTerminal
do {
    term = try CursesTerminal.start(environment: ProcessInfo.processInfo.environment)
} catch {
    FileHandle.standardError.write(Data("peaktrade-curses-probe: \(error)\n".utf8))
    exit(64)
}
let series = SampleCandleGenerator(symbol: Symbol(base: "BTC", quote: "EUR"), timeframe: .h1, bars: 500, seed: 1).generate()
var lastKey = "none"
@MainActor func frame() -> Buffer {
    var b = Buffer(area: Rect(x: 0, y: 0, width: term.width, height: term.height))
    let borders: BorderSet = term.unicode ? .unicode : .ascii
    Block(title: "curses probe", borders: borders).render(b.area, &b)
    b.set(2, 1, "size \(term.width)x\(term.height)  last key: \(lastKey)  漢字 \(term.unicode ? "utf8" : "ascii")", style: Style(fg: .yellow).bold())
    let chart = Rect(x: 1, y: 2, width: term.width - 2, height: term.height - 3)
    CandleChart(series: series, timeframe: .h1, ascii: !term.unicode).render(chart, &b)
    return b
}
term.draw(frame())
while true {
    guard let key = term.readKey(milliseconds: 200) else { continue }
    switch key {
    case .char("q"): term.stop(); print("probe: clean exit"); exit(0)
    case .char("c"): let empty: [Int] = []; lastKey = "\(empty[Int(term.width) - Int(term.width)])"  // out of range: traps
    case .resize: break
    case let .char(c): lastKey = String(c)
    default: lastKey = "\(key)"
    }
    term.draw(frame())
}
