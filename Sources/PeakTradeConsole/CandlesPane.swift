import Foundation
import PeakTradeCore
import PeakTradeTUI

/// The candle chart of the selected symbol with the candle under the right edge spelled out; data-quality
/// findings are in the chart itself (shaded gaps, flagged candles) and listed behind `f`.
struct CandlesPane: Widget {
    let state: ConsoleState

    func render(_ a: Rect, _ buf: inout Buffer) {
        let s = state, m = s.market, t = s.theme
        let ofSymbol = m.findings.filter { $0.symbol == m.symbol }
        let copy = m.drillCopy?.symbol == m.symbol ? m.drillCopy : nil
        let source = copy.map { " · DRILL COPY \(URL(fileURLWithPath: $0.file).lastPathComponent)" } ?? ""
        let title = "Candles \(m.symbol) \(m.zoom.rawValue)\(source) · \(m.shown.count) candles · \(ofSymbol.count) finding(s)\(m.offset > 0 ? " · scrolled \(m.offset) back" : "")"
        ConsoleView.frame(s, .candles, title, a, &buf)
        let inner = a.inner
        guard inner.height >= 3, !m.shown.isEmpty else {
            buf.put(inner.x, inner.y, "no candles for \(m.symbol) yet", t[.dim], limit: inner.right)
            return
        }
        let end = max(0, m.shown.count - 1 - m.offset)
        let c = m.shown[end]
        let change = end > 0 ? (c.close / m.shown.close[end - 1] - 1) * 100 : 0
        var x = buf.put(inner.x, inner.y, "\(ViewText.minute(c.time))  O \(price(c.open))  H \(price(c.high))  L \(price(c.low))  C \(price(c.close))  ", t[.text], limit: inner.right)
        x = buf.put(x, inner.y, String(format: "%+.2f%%", change), change >= 0 ? t[.chartUp] : t[.chartDown], limit: inner.right)
        buf.put(x, inner.y, "  V \(String(format: "%.2f", c.volume))", t[.dim], limit: inner.right)
        if let latest = ofSymbol.first {
            let f = latest.finding
            let origin = latest.source == "feed" ? "feed" : "\(latest.source), \(URL(fileURLWithPath: latest.file).lastPathComponent)"
            buf.put(inner.x, inner.y + 1, "⚑ \(f.severity.name) \(f.kind.rawValue) (\(origin)): \(f.message)", style(f.severity), limit: inner.right)
        }
        let chartArea = Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2)
        CandleChart(series: m.shown, end: end, timeframe: m.zoom, flagged: flagged(), ascii: !s.unicode, theme: t.chart).render(chartArea, &buf)
    }

    func style(_ sev: Severity) -> Style {
        switch sev {
        case .info: state.theme[.info]
        case .warning: state.theme[.warning]
        case .error: state.theme[.breach]
        case .critical: state.theme[.critical]
        }
    }

    /// Flagged candle times, moved to their bucket when zoomed out.
    func flagged() -> Set<Int64> {
        let m = state.market
        let raw = m.drillCopy.flatMap { $0.symbol == m.symbol ? $0.flagged : nil } ?? m.flagged[m.symbol] ?? []
        guard m.zoom != m.timeframe else { return raw }
        let step = m.zoom.milliseconds
        return Set(raw.map { $0 - (($0 % step) + step) % step })
    }

    func price(_ v: Double) -> String { v >= 100 ? String(format: "%.2f", v) : String(format: "%.4f", v) }
}
