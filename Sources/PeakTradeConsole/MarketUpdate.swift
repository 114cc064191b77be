import Foundation
import PeakTradeCore

/// The candle pane's part of the update: new candles, findings, scrolling, zoom and symbol switching.
enum MarketUpdate {
    static let scrollStep = 8, pageStep = 80

    static func append(_ s: inout ConsoleState, _ symbol: Symbol, _ candles: [Candle], at: Int64) {
        guard !candles.isEmpty else { return }
        var series = s.market.series[symbol] ?? CandleSeries(symbol: symbol, timeframe: s.market.timeframe)
        // Drop the other references first so appending does not copy the columns (a million candles is 56 MB).
        s.market.series[symbol] = nil
        if symbol == s.market.symbol { s.market.shown = CandleSeries() }
        for c in candles { series.append(c) }
        s.market.series[symbol] = series
        s.feed.lastCandle = max(s.feed.lastCandle ?? .min, candles.last!.time)
        s.feed.lastReceived = at
        s.feed.candlesReceived += candles.count
        if symbol == s.market.symbol {
            let before = s.market.shown.count
            reshow(&s)
            // Scrolled back: keep the same candles on screen while new ones arrive.
            if s.market.offset > 0 { s.market.offset += s.market.shown.count - before }
        }
    }

    static func add(_ s: inout ConsoleState, _ list: [FindingEntry]) {
        for e in list {
            s.market.findings.insert(e, at: 0)
            if e.source == "feed", let sym = e.symbol, let t = e.finding.start, e.finding.kind != .gap, e.finding.kind != .stale {
                s.market.flagged[sym, default: []].insert(t)
            }
        }
        if s.market.findings.count > 1000 { s.market.findings.removeLast(s.market.findings.count - 1000) }
    }

    static func reshow(_ s: inout ConsoleState) {
        let base = s.market.series[s.market.symbol] ?? CandleSeries()
        s.market.shown = s.market.zoom == s.market.timeframe ? base : base.resampled(to: s.market.zoom)
        s.market.offset = min(s.market.offset, max(0, s.market.shown.count - 1))
    }

    static func view(_ s: inout ConsoleState, _ c: Command) {
        let m = s.market
        switch c {
        case .left: s.market.offset = min(m.offset + scrollStep, max(0, m.shown.count - 1))
        case .right: s.market.offset = max(0, m.offset - scrollStep)
        case .pageUp: s.market.offset = min(m.offset + pageStep, max(0, m.shown.count - 1))
        case .pageDown: s.market.offset = max(0, m.offset - pageStep)
        case .follow: s.market.offset = 0
        case .zoomIn, .zoomOut:
            let levels = Timeframe.allCases.filter { $0 >= m.timeframe }
            let i = levels.firstIndex(of: m.zoom) ?? 0
            let j = max(0, min(i + (c == .zoomOut ? 1 : -1), levels.count - 1))
            guard j != i else { return }
            let ratio = Double(levels[i].seconds) / Double(levels[j].seconds)
            s.market.zoom = levels[j]
            s.market.offset = Int(Double(m.offset) * ratio)
            reshow(&s)
            s.message = StatusMessage(text: "zoom \(levels[j].rawValue) candles", isError: false)
        case .nextSymbol:
            select(&s, (m.symbolIndex + 1) % m.symbols.count)
        default: break
        }
    }

    static func select(_ s: inout ConsoleState, _ index: Int) {
        s.market.symbolIndex = index
        s.market.offset = 0
        reshow(&s)
        s.message = StatusMessage(text: "symbol \(s.market.symbol)", isError: false)
    }

    /// `BTC_EUR-1h.csv` → BTC/EUR: findings name their file; the chart needs the symbol.
    static func symbol(fromFile file: String) -> Symbol? {
        let name = URL(fileURLWithPath: file).lastPathComponent
        guard let dash = name.firstIndex(of: "-") else { return nil }
        return try? Symbol(parsing: name[..<dash].replacingOccurrences(of: "_", with: "/"))
    }
}
