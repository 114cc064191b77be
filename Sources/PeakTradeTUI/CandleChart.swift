import PeakTradeCore

/// OHLC candles, one column each, with half-cell vertical precision; volume bars below; a price axis on the
/// right with the last price marked; data-quality marks in the chart itself: a gap is a shaded empty span, a
/// flagged candle (outlier, inconsistent, ...) a distinct glyph and colour.
public struct CandleChart: Widget {
    public struct Theme: Sendable {
        public var up = Style(fg: .green), down = Style(fg: .red), flagged = Style(fg: .magenta, attributes: [.bold])
        public var gap = Style(fg: .brightBlack), axis = Style(fg: .brightBlack), last = Style(fg: .yellow), volume = Style(fg: .blue)
        public init() {}
    }

    public var series: CandleSeries
    /// Index of the last candle shown (the right edge); candles to its left fill the width.
    public var end: Int
    public var timeframe: Timeframe
    /// Candle open times the data-quality checks flagged.
    public var flagged: Set<Int64>
    public var ascii: Bool
    public var theme: Theme

    public init(series: CandleSeries, end: Int? = nil, timeframe: Timeframe, flagged: Set<Int64> = [], ascii: Bool = false, theme: Theme = Theme()) {
        self.series = series
        self.end = end ?? series.count - 1
        self.timeframe = timeframe
        self.flagged = flagged
        self.ascii = ascii
        self.theme = theme
    }

    static let axisWidth = 11

    public func render(_ a: Rect, _ buf: inout Buffer) {
        guard a.width > Self.axisWidth + 4, a.height >= 6, !series.isEmpty else {
            buf.set(a.x, a.y, "no candles", style: theme.axis, maxWidth: a.width)
            return
        }
        let plotWidth = a.width - Self.axisWidth
        let volumeRows = max(1, a.height / 6)
        let priceRows = a.height - volumeRows - 1  // one row for the time axis
        // Columns right to left, one per timeframe slot, so a gap shows as empty columns.
        let step = timeframe.milliseconds
        let last = min(max(end, 0), series.count - 1)
        let rightTime = series.time[last]
        var slots = [Int?](repeating: nil, count: plotWidth)
        var k = last
        for col in stride(from: plotWidth - 1, through: 0, by: -1) {
            let t = rightTime - Int64(plotWidth - 1 - col) * step
            while k >= 0 && series.time[k] > t { k -= 1 }
            if k >= 0 && series.time[k] == t { slots[col] = k }
            if k < 0 { break }
        }
        let shown = slots.compactMap { $0 }
        guard !shown.isEmpty else { return }
        var lo = Double.infinity, hi = -Double.infinity, maxVol = 0.0
        for i in shown where !flagged.contains(series.time[i]) {
            lo = min(lo, series.low[i]); hi = max(hi, series.high[i]); maxVol = max(maxVol, series.volume[i])
        }
        if !lo.isFinite { for i in shown { lo = min(lo, series.low[i]); hi = max(hi, series.high[i]) } }
        if hi <= lo { hi = lo + max(abs(lo) * 0.001, 1e-9) }
        // Half-rows: 2 per cell, 0 at the bottom.
        let halves = priceRows * 2
        func level(_ p: Double) -> Int { Int(((p - lo) / (hi - lo) * Double(halves - 1)).rounded()) }
        let firstTimeCol = slots.firstIndex { $0 != nil } ?? 0
        for col in 0..<plotWidth {
            let x = a.x + col
            guard let i = slots[col] else {
                // Inside the data but missing: a gap, shaded so it cannot be mistaken for a quiet market.
                if col > firstTimeCol { for row in 0..<priceRows { buf[x, a.y + row] = Cell(ascii ? ":" : "░", style: theme.gap) } }
                continue
            }
            if flagged.contains(series.time[i]) {
                let row = priceRows - 1 - min(max(level(min(max(series.close[i], lo), hi)) / 2, 0), priceRows - 1)
                buf[x, a.y + row] = Cell(ascii ? "X" : "✖", style: theme.flagged)
                continue
            }
            let up = series.close[i] >= series.open[i]
            let style = up ? theme.up : theme.down
            let wickTop = level(series.high[i]), wickBottom = level(series.low[i])
            let bodyTop = level(max(series.open[i], series.close[i])), bodyBottom = level(min(series.open[i], series.close[i]))
            for row in 0..<priceRows {
                let upperHalf = (priceRows - 1 - row) * 2 + 1, lowerHalf = upperHalf - 1
                let bodyU = upperHalf >= bodyBottom && upperHalf <= bodyTop, bodyL = lowerHalf >= bodyBottom && lowerHalf <= bodyTop
                let wickU = upperHalf >= wickBottom && upperHalf <= wickTop, wickL = lowerHalf >= wickBottom && lowerHalf <= wickTop
                let glyph: String?
                switch (bodyU, bodyL, wickU, wickL) {
                case (true, true, _, _): glyph = ascii ? "#" : "█"
                case (true, false, _, true): glyph = ascii ? "#" : "█"
                case (true, false, _, false): glyph = ascii ? "#" : "▀"
                case (false, true, true, _): glyph = ascii ? "#" : "█"
                case (false, true, false, _): glyph = ascii ? "#" : "▄"
                case (false, false, true, true): glyph = ascii ? "|" : "│"
                case (false, false, true, false): glyph = ascii ? "|" : "╵"
                case (false, false, false, true): glyph = ascii ? "|" : "╷"
                default: glyph = nil
                }
                if let glyph { buf[x, a.y + row] = Cell(glyph, style: style) }
            }
            // Volume bars in eighths.
            if maxVol > 0 {
                let blocks = ascii ? [" ", ".", ".", ":", ":", "|", "|", "|", "#"] : [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
                let eighths = Int((series.volume[i] / maxVol * Double(volumeRows * 8)).rounded())
                for vr in 0..<volumeRows {
                    let fill = min(8, max(0, eighths - vr * 8))
                    if fill > 0 { buf[x, a.y + priceRows + volumeRows - 1 - vr] = Cell(blocks[fill], style: theme.volume) }
                }
            }
        }
        // Price axis and last-price line.
        let axisX = a.x + plotWidth + 1
        for (row, price) in [(0, hi), (priceRows / 2, (hi + lo) / 2), (priceRows - 1, lo)] {
            buf.set(axisX, a.y + row, Self.price(price), style: theme.axis, maxWidth: Self.axisWidth - 1)
        }
        let lastClose = series.close[last]
        if lastClose >= lo && lastClose <= hi && !flagged.contains(series.time[last]) {
            let row = priceRows - 1 - level(lastClose) / 2
            for col in 0..<plotWidth where buf[a.x + col, a.y + row].symbol == " " {
                buf[a.x + col, a.y + row] = Cell(ascii ? "-" : "┄", style: theme.last)
            }
            buf.set(axisX, a.y + row, (ascii ? ">" : "▶") + Self.price(lastClose), style: theme.last.bold(), maxWidth: Self.axisWidth - 1)
        }
        // Time axis: first and last shown times.
        let timeRow = a.y + priceRows + volumeRows
        let left = UTCTime.iso(series.time[shown.first!]).prefix(16).replacingOccurrences(of: "T", with: " ")
        let right = UTCTime.iso(rightTime).prefix(16).replacingOccurrences(of: "T", with: " ")
        // Both ends when they fit side by side, otherwise only the latest.
        if plotWidth >= left.count + right.count + 1 { buf.set(a.x, timeRow, left, style: theme.axis, maxWidth: plotWidth) }
        buf.set(a.x + max(0, plotWidth - right.count), timeRow, right, style: theme.axis, maxWidth: plotWidth)
    }

    static func price(_ p: Double) -> String {
        let a = abs(p)
        return a >= 10_000 ? String(format: "%.0f", p) : a >= 100 ? String(format: "%.1f", p) : a >= 1 ? String(format: "%.3f", p) : String(format: "%.6f", p)
    }
}
