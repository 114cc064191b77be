import Foundation
import PeakTradeCore

/// The candle pane's part of the update: new candles, findings, scrolling, zoom and symbol switching.
enum MarketUpdate {
    static let scrollStep = 8, pageStep = 80

    static func append(_ s: inout ConsoleState, _ symbol: Symbol, _ candles: [Candle], at: Int64) {
        guard !candles.isEmpty else { return }
        let before = s.market.shown.count
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
            reshow(&s)
            // Scrolled back: keep the same candles on screen while new ones arrive.
            if s.market.offset > 0 { s.market.offset += s.market.shown.count - before }
        }
    }

    static func add(_ s: inout ConsoleState, _ list: [FindingEntry]) {
        for e in list {
            s.market.findings.insert(e, at: 0)
            if e.file == s.market.drillCopy?.file, let t = e.finding.start, e.finding.kind != .gap { s.market.drillCopy!.flagged.insert(t) }
            if e.source == "feed", let sym = e.symbol, let t = e.finding.start, e.finding.kind != .gap, e.finding.kind != .stale {
                s.market.flagged[sym, default: []].insert(t)
            }
        }
        if s.market.findings.count > 1000 { s.market.findings.removeLast(s.market.findings.count - 1000) }
    }

    static func reshow(_ s: inout ConsoleState) {
        let copy = s.market.drillCopy.flatMap { $0.symbol == s.market.symbol ? $0.series : nil }
        let base = copy ?? s.market.series[s.market.symbol] ?? CandleSeries()
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

    /// A drill's damaged copy replaces the symbol's feed in the chart, scrolled to the first finding in it.
    static func showDrillCopy(_ s: inout ConsoleState, _ symbol: Symbol, _ file: String, _ series: CandleSeries) {
        var copy = DrillCopy(symbol: symbol, file: file, series: series)
        for e in s.market.findings where e.file == file { if let t = e.finding.start, e.finding.kind != .gap { copy.flagged.insert(t) } }
        s.market.drillCopy = copy
        if let i = s.market.symbols.firstIndex(of: symbol) { s.market.symbolIndex = i }
        reshow(&s)
        if let first = s.market.findings.last(where: { $0.file == file }) { jump(&s, to: first) }
        s.message = StatusMessage(text: "chart: the drill's damaged copy of \(symbol) (back to the feed when the drill ends)", isError: false)
    }

    static func hideDrillCopy(_ s: inout ConsoleState) {
        guard s.market.drillCopy != nil else { return }
        s.market.drillCopy = nil
        s.market.offset = 0
        reshow(&s)
    }

    /// Scrolls the chart so that a finding's time is in view (switching symbol when it is another's).
    static func jump(_ s: inout ConsoleState, to e: FindingEntry) {
        guard let t = e.finding.start else { return }
        if let sym = e.symbol, sym != s.market.symbol, let i = s.market.symbols.firstIndex(of: sym) { s.market.symbolIndex = i; s.market.offset = 0; reshow(&s) }
        let times = s.market.shown.time
        guard !times.isEmpty else { return }
        var lo = 0, hi = times.count  // first candle at or after t
        while lo < hi { let mid = (lo + hi) / 2; if times[mid] < t { lo = mid + 1 } else { hi = mid } }
        // A little context to the right of it.
        s.market.offset = max(0, times.count - 1 - min(lo, times.count - 1) - 20)
        s.message = StatusMessage(text: "chart at \(ViewText.minute(t)): \(e.finding.kind.rawValue) (\(e.source))", isError: false)
    }
}
