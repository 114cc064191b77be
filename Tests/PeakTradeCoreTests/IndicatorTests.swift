import Foundation
import Testing
import PeakTradeTestSupport
@testable import PeakTradeCore

/// Indicators against published reference values and against naive recomputation.
@Suite struct IndicatorTests {
    // The classic Wilder RSI worked example (StockCharts ChartSchool); exact Wilder arithmetic gives these to
    // two decimals (StockCharts' own table, which rounds intermediate values, shows 70.53, 66.32, ...).
    let rsiCloses = [44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.10, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28,
                     46.00, 46.03, 46.41, 46.22, 45.64, 46.21, 46.25, 45.71, 46.45, 45.78, 45.35, 44.03, 44.18, 44.22, 44.57,
                     43.42, 42.66, 43.13]
    let rsiExpected = [70.46, 66.25, 66.48, 69.35, 66.29, 57.92, 62.88, 63.21, 56.01, 62.34, 54.67, 50.39, 40.02, 41.49, 41.90,
                       45.50, 37.32, 33.09, 37.79]

    // StockCharts' 10-day EMA example (SMA-seeded); its table rounds intermediate values, hence 0.01.
    let emaCloses = [22.27, 22.19, 22.08, 22.17, 22.18, 22.13, 22.23, 22.43, 22.24, 22.29, 22.15, 22.39, 22.38, 22.61, 23.36,
                     24.05, 23.75, 23.83, 23.95, 23.63, 23.82, 23.87, 23.65, 23.19, 23.10, 23.33, 22.68, 23.10, 22.40, 22.17]
    let emaExpected = [22.22, 22.21, 22.24, 22.27, 22.33, 22.52, 22.79, 22.97, 23.13, 23.28, 23.34, 23.43, 23.51, 23.53, 23.47,
                       23.40, 23.39, 23.26, 23.23, 23.08, 22.91]

    @Test func rsiMatchesTheWilderReference() {
        var rsi = RSI(period: 14)
        let out = rsiCloses.compactMap { rsi.update($0) }
        #expect(out.count == rsiExpected.count)
        for (a, e) in zip(out, rsiExpected) { #expect(abs(a - e) < 0.005, "\(a) vs \(e)") }
        #expect(abs(out[0] - 70.4641) < 0.0001)
        #expect(abs(out[0] - 70.53) < 0.1, "StockCharts' rounded table")
    }

    @Test func emaAndSmaMatchTheStockChartsReference() {
        var ema = EMA(period: 10), sma = SMA(period: 10)
        let e = emaCloses.compactMap { ema.update($0) }
        #expect(e.count == emaExpected.count)
        for (a, x) in zip(e, emaExpected) { #expect(abs(a - x) < 0.01, "\(a) vs \(x)") }
        #expect(abs(e[0] - 22.221) < 1e-9 && abs(e[1] - 22.208090909090906) < 1e-9 && abs(e[2] - 22.241165289256195) < 1e-9)
        let s = emaCloses.compactMap { sma.update($0) }
        #expect(abs(s[0] - 22.221) < 1e-9 && abs(s[1] - emaCloses[1...10].reduce(0, +) / 10) < 1e-9)
    }

    @Test func atrStdAndDonchianMatchNaiveRecomputation() {
        let s = Fixtures.generated(bars: 300, seed: 3)
        var atr = ATR(period: 14), std = RollingStd(period: 20), don = Donchian(period: 20)
        var trs: [Double] = []
        var wilder: Double?
        for i in 0..<s.count {
            let tr = i == 0 ? s.high[i] - s.low[i] : max(s.high[i] - s.low[i], abs(s.high[i] - s.close[i - 1]), abs(s.low[i] - s.close[i - 1]))
            trs.append(tr)
            if trs.count == 14 { wilder = trs.reduce(0, +) / 14 } else if let w = wilder { wilder = (w * 13 + tr) / 14 }
            let a = atr.update(high: s.high[i], low: s.low[i], close: s.close[i])
            #expect(a.map { abs($0 - wilder!) < 1e-9 } ?? (wilder == nil))
            let sd = std.update(s.close[i])
            if i >= 19 {
                let w = Array(s.close[(i - 19)...i]), m = w.reduce(0, +) / 20
                let naive = (w.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 19).squareRoot()
                #expect(abs(sd! - naive) < 1e-9)
                let d = don.update(high: s.high[i], low: s.low[i])!
                #expect(d.upper == s.high[(i - 19)...i].max()! && d.lower == s.low[(i - 19)...i].min()!)
            } else {
                #expect(sd == nil && don.update(high: s.high[i], low: s.low[i]) == nil)
            }
        }
        // A hand-worked ATR: TRs 2, 3 (gap up: |13 − 10|), 4 → first ATR(3) = 3, then (3 × 2 + 1) / 3.
        var small = ATR(period: 3)
        #expect(small.update(high: 11, low: 9, close: 10) == nil)
        #expect(small.update(high: 13, low: 12, close: 12.5) == nil)
        #expect(small.update(high: 14, low: 10, close: 11) == 3)
        #expect(abs(small.update(high: 11.5, low: 10.5, close: 11)! - 7.0 / 3) < 1e-12)
    }
}
