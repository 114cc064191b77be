import PeakTradeCore
import PeakTradeTUI

/// Limit gauges, trading state, orders allowed/blocked with the latest reasons, the shadow portfolio.
struct RiskPane: Widget {
    let state: ConsoleState

    static let names = ["max_order_notional": "order notional", "max_total_exposure_notional": "total exposure",
                        "max_symbol_exposure_notional": "symbol exposure", "max_daily_loss_abs": "daily loss"]

    func render(_ a: Rect, _ buf: inout Buffer) {
        let s = state, r = s.risk, t = s.theme
        ConsoleView.frame(s, .risk, "Risk · \(r.preset.isEmpty ? "no shadow run" : "shadow \(r.preset)")", a, &buf)
        let inner = a.inner
        guard inner.height > 0 else { return }
        var y = inner.y
        if r.utilisation.isEmpty {
            buf.put(inner.x, y, "waiting for the shadow portfolio…", t[.dim], limit: inner.right)
            return
        }
        for u in r.utilisation where y < inner.bottom {
            let style = u.status == .ok ? t[.ok] : u.status == .warning ? t[.warning] : t[.breach]
            Gauge(label: Self.names[u.limit] ?? u.limit, ratio: u.ratio, detail: "\(ViewText.amount(u.used))/\(ViewText.amount(u.max))",
                  style: style, ascii: !s.unicode).render(Rect(x: inner.x, y: y, width: inner.width, height: 1), &buf)
            y += 1
        }
        guard y < inner.bottom else { return }
        let stateStyle = r.tradingState == "active" ? t[.ok] : r.tradingState == "reducing" ? t[.warning] : t[.breach]
        var x = buf.put(inner.x, y, "state ", t[.dim], limit: inner.right)
        x = buf.put(x, y, r.tradingState.uppercased(), stateStyle.bold(), limit: inner.right)
        x = buf.put(x, y, r.enforcing ? " · enforcing" : " · report only", t[.dim], limit: inner.right)
        x = buf.put(x, y, " · allowed \(r.allowed) · ", t[.text], limit: inner.right)
        buf.put(x, y, "blocked \(r.blocked)", r.blocked > 0 ? t[.warning] : t[.text], limit: inner.right)
        y += 1
        if y < inner.bottom {
            let pnl = r.equity - r.initialCash
            x = buf.put(inner.x, y, "equity \(ViewText.amount(r.equity)) ", t[.text], limit: inner.right)
            x = buf.put(x, y, String(format: "%+.2f%%", r.initialCash > 0 ? pnl / r.initialCash * 100 : 0), pnl >= 0 ? t[.ok] : t[.breach], limit: inner.right)
            buf.put(x, y, " · fees \(ViewText.amount(r.fees))", t[.dim], limit: inner.right)
            y += 1
        }
        if y < inner.bottom {
            buf.put(inner.x, y, "positions \(r.positions.replacingOccurrences(of: ";", with: "  "))", t[.text], limit: inner.right)
            y += 1
        }
        for reason in r.reasons.reversed() where y < inner.bottom {
            buf.put(inner.x, y, "✗ \(reason)", t[.warning], limit: inner.right)
            y += 1
        }
    }
}
