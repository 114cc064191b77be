import Foundation

/// `equity.csv` and `trades.csv` as research writes them.
public enum ResearchFiles {
    /// `timestamp,equity[,<leg>...]`, one row per bar close.
    public static func equityCSV(times: [Int64], equity: [Double], legs: [(name: String, equity: [Double])] = []) -> String {
        var out = "timestamp,equity" + legs.map { ",\($0.name)" }.joined() + "\n"
        out.reserveCapacity(times.count * 40)
        for i in times.indices {
            out += UTCTime.iso(times[i]) + "," + String(format: "%.4f", equity[i])
            for l in legs { out += "," + String(format: "%.4f", l.equity[i]) }
            out += "\n"
        }
        return out
    }

    /// `leg,symbol,strategy,entry_time,entry_price,exit_time,exit_price,quantity,pnl,fees`.
    public static func tradesCSV(_ rows: [(leg: String, symbol: String, strategy: String, trade: Trade)]) -> String {
        var out = "leg,symbol,strategy,entry_time,entry_price,exit_time,exit_price,quantity,pnl,fees\n"
        for r in rows {
            let t = r.trade
            out += [r.leg, r.symbol, r.strategy, UTCTime.iso(t.entryTime), String(format: "%.6f", t.entryPrice),
                    t.exitTime.map(UTCTime.iso) ?? "", t.exitPrice.map { String(format: "%.6f", $0) } ?? "",
                    String(format: "%.8f", t.quantity), t.pnl.map { String(format: "%.4f", $0) } ?? "", String(format: "%.4f", t.fees)]
                .joined(separator: ",") + "\n"
        }
        return out
    }
}
