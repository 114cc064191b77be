import Testing
@testable import PeakTradeTUI
import PeakTradeCore

@Suite struct BufferTests {
    @Test func characterWidths() {
        #expect(CharWidth.of("a") == 1 && CharWidth.of("│") == 1 && CharWidth.of("█") == 1)
        #expect(CharWidth.of("漢") == 2 && CharWidth.of("Ｆ") == 2 && CharWidth.of("🚨") == 2)
        #expect(CharWidth.of("\u{1b}") == 0 && CharWidth.of("e\u{301}") == 1)
        #expect(CharWidth.of("BTC/EUR 漢字") == 12)
    }

    @Test func setClipsWideGlyphsAndSanitises() {
        var b = Buffer(area: Rect(x: 0, y: 0, width: 6, height: 2))
        let end = b.set(0, 0, "ab漢字xyz")
        #expect(end == 6 && b.lines[0] == "ab漢字")
        #expect(b[3, 0].continuation && b[2, 0].symbol == "漢")
        b.set(0, 1, "12345漢")  // the wide glyph would cross the edge: not written
        #expect(b.lines[1] == "12345 ")
        var c = Buffer(area: Rect(x: 0, y: 0, width: 12, height: 1))
        c.set(0, 0, "evil\u{1b}[2J")
        #expect(!c.lines[0].contains("\u{1b}"))
        var d = Buffer(area: Rect(x: 0, y: 0, width: 10, height: 1))
        d.set(2, 0, "abcdef", maxWidth: 3)
        #expect(d.lines[0] == "  abc     ")
    }

    @Test func diffReportsOnlyChangedCells() {
        var a = Buffer(area: Rect(x: 0, y: 0, width: 5, height: 2))
        a.set(0, 0, "hello")
        var b = a
        b.set(1, 1, "x", style: Style(fg: .red))
        let d = b.diff(from: a)
        #expect(d.count == 1 && d[0].x == 1 && d[0].y == 1 && d[0].cell.symbol == "x")
        var restyled = a
        restyled.setStyle(Rect(x: 0, y: 0, width: 1, height: 1), Style(attributes: [.bold]))
        #expect(restyled.diff(from: a).map { $0.x } == [0])
        let resized = Buffer(area: Rect(x: 0, y: 0, width: 6, height: 2))
        #expect(resized.diff(from: a).count == 12, "a new size redraws everything")
    }

    @Test func layoutSplits() {
        let r = Rect(x: 0, y: 0, width: 100, height: 40)
        let rows = Layout.split(r, .vertical, [.length(1), .fill(1), .length(1)])
        #expect(rows.map(\.height) == [1, 38, 1] && rows.map(\.y) == [0, 1, 39])
        let cols = Layout.split(r, .horizontal, [.percent(60), .fill(1), .fill(1)])
        #expect(cols.map(\.width) == [60, 20, 20] && cols.last!.right == 100)
        let tight = Layout.split(Rect(x: 0, y: 0, width: 10, height: 5), .horizontal, [.length(8), .length(8)])
        #expect(tight.map(\.width) == [8, 2])
    }

    @Test func blockGaugeAndParagraphRenderAsText() {
        var b = Buffer(area: Rect(x: 0, y: 0, width: 40, height: 4))
        Block(title: "Risk").render(b.area, &b)
        Gauge(label: "order", ratio: 0.5, detail: "2.50/5.00").render(Rect(x: 1, y: 1, width: 38, height: 1), &b)
        Paragraph("ok\nsecond").render(Rect(x: 1, y: 2, width: 38, height: 1), &b)
        #expect(b.lines == [
            "┌ Risk ────────────────────────────────┐",
            "│order        ████▌     2.50/5.00  50% │",  // 9-cell bar at 50 %: four and a half cells
            "│ok                                    │",
            "└──────────────────────────────────────┘",
        ])
        var ascii = Buffer(area: Rect(x: 0, y: 0, width: 8, height: 3))
        Block(title: "", borders: .ascii).render(ascii.area, &ascii)
        #expect(ascii.lines == ["+------+", "|      |", "+------+"])
        var g = Buffer(area: Rect(x: 0, y: 0, width: 30, height: 1))
        Gauge(label: "total", ratio: 1.0, detail: "10/10").render(g.area, &g)
        let bar = g.lines[0].filter { $0 == "█" }.count
        #expect(bar > 0 && !g.lines[0].contains("░"))
        #expect("abcdef".fitted(4) == "abc…" && "ab".fitted(4) == "ab  ")
    }
}

@Suite struct CandleChartTests {
    func series(_ closes: [Double], start: Int64 = 1_704_067_200_000) -> CandleSeries {
        var s = CandleSeries(source: "t", timeframe: .h1)
        var prev = closes[0]
        for (i, c) in closes.enumerated() {
            s.append(Candle(time: start + Int64(i) * 3_600_000, open: prev, high: max(prev, c) + 1, low: min(prev, c) - 1, close: c, volume: Double(i + 1)))
            prev = c
        }
        return s
    }

    @Test func candlesGoUpAndDownWithAxisAndLastPrice() {
        let s = series([100, 110, 120, 115, 105, 100, 110, 120, 130, 125])
        var b = Buffer(area: Rect(x: 0, y: 0, width: 50, height: 12))
        CandleChart(series: s, timeframe: .h1).render(b.area, &b)
        let text = b.lines.joined(separator: "\n")
        #expect(text.contains("█") || text.contains("▀") || text.contains("▄"))
        #expect(text.contains("▶125.0"), "last close on the axis")
        #expect(text.contains("131.0") && text.contains("99.0"), "high and low of the view")
        #expect(b.lines.last!.hasPrefix("2024-01-01 00:00") && b.lines.last!.contains("2024-01-01 09:00"))
        var narrow = Buffer(area: Rect(x: 0, y: 0, width: 30, height: 12))
        CandleChart(series: s, timeframe: .h1).render(narrow.area, &narrow)
        #expect(narrow.lines.last!.trimmingCharacters(in: .whitespaces) == "2024-01-01 09:00", "only the latest time when both do not fit")
        // Up candles green, down candles red.
        let styles = Set(b.cells.filter { $0.symbol == "█" }.map(\.style.fg))
        #expect(styles.contains(.green) && styles.contains(.red))
    }

    @Test func gapsAreShadedAndFlaggedCandlesMarked() {
        var s = series((0..<20).map { 100 + Double($0 % 5) })
        let flaggedTime = s.time[15]
        s = s.selecting(s.time.indices.filter { $0 < 8 || $0 > 10 })  // candles 8, 9, 10 missing
        var b = Buffer(area: Rect(x: 0, y: 0, width: 40, height: 10))
        CandleChart(series: s, timeframe: .h1, flagged: [flaggedTime]).render(b.area, &b)
        let gapColumns = (0..<29).filter { col in (0..<7).allSatisfy { b[col, $0].symbol == "░" } }
        #expect(gapColumns.count == 3, "one shaded column per missing candle")
        #expect(b.cells.contains { $0.symbol == "✖" && $0.style.fg == .magenta })
        var ascii = Buffer(area: Rect(x: 0, y: 0, width: 40, height: 10))
        CandleChart(series: s, timeframe: .h1, flagged: [flaggedTime], ascii: true).render(ascii.area, &ascii)
        #expect(ascii.cells.allSatisfy { $0.symbol.unicodeScalars.allSatisfy(\.isASCII) })
    }

    @Test func tooSmallOrEmptySaysSo() {
        var b = Buffer(area: Rect(x: 0, y: 0, width: 12, height: 3))
        CandleChart(series: CandleSeries(), timeframe: .h1).render(b.area, &b)
        #expect(b.lines[0].hasPrefix("no candles"))
    }

    @Test func indexedColoursFoldToTheNearestBasicOne() {
        #expect(TermColor.nearestBasic(196, available: 8) == 1)   // pure red
        #expect(TermColor.nearestBasic(196, available: 16) == 9)  // bright red
        #expect(TermColor.nearestBasic(236, available: 8) == 0)   // dark grey → black
        #expect(TermColor.nearestBasic(250, available: 16) == 7)  // light grey → white
        #expect(TermColor.nearestBasic(28, available: 8) == 2)    // dark green
        #expect(TermColor.nearestBasic(214, available: 8) == 3)   // orange → yellow
        #expect(TermColor.nearestBasic(5, available: 8) == 5)
    }

    @Test func stylesDegradeForSmallerTerminals() {
        let grey = Style(fg: .brightBlack)
        #expect(grey.degraded(toColors: 8) == Style(fg: .default, attributes: [.dim]), "grey stays visible on a dark background")
        #expect(grey.degraded(toColors: 16) == grey && grey.degraded(toColors: 256) == grey)
        #expect(Style(fg: .brightRed, bg: .brightBlue).degraded(toColors: 8) == Style(fg: .red, bg: .blue, attributes: [.bold]))
        #expect(Style(fg: .indexed(196), bg: .indexed(236)).degraded(toColors: 16) == Style(fg: .brightRed, bg: .black))
        #expect(Style(fg: .indexed(196)).degraded(toColors: 8) == Style(fg: .red))
        #expect(Style(fg: .indexed(196)).degraded(toColors: 256) == Style(fg: .indexed(196)))
    }
}
