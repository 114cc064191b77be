import Foundation

/// Peak_Trade's forward signal files (`reports/forward/forward_*_signals.csv`):
/// `timestamp,symbol,side,quantity[,price][,strategy]`, header by name in any order and case. `side` is
/// `buy`/`sell` (also `long`/`short`, `1`/`-1`). An empty or missing `price` is taken from the latest candle of
/// the configured data. A bad row is reported with file and line and left out; the other rows proceed.
public enum SignalFile {
    public struct Problem: Sendable, Equatable {
        public let file: String
        public let line: Int
        public let message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    public struct Result: Sendable {
        public var orders: [Order] = []
        public var problems: [Problem] = []
    }

    /// - Parameter prices: latest close per symbol; also the set of symbols that are known.
    public static func read(path: String, prices: [Symbol: (time: Int64, price: Double)]) throws -> Result {
        let text = String(decoding: try FileBytes.read(path), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }
        guard let headerIndex = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw PeakTradeError.badInput("\(path): empty file; expected a header timestamp,symbol,side,quantity[,price][,strategy]")
        }
        let names = lines[headerIndex].split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        func col(_ n: String) -> Int? { names.firstIndex(of: n) }
        let missing = ["timestamp", "symbol", "side", "quantity"].filter { col($0) == nil }
        guard missing.isEmpty, let ti = col("timestamp"), let si = col("symbol"), let di = col("side"), let qi = col("quantity") else {
            throw PeakTradeError.badInput("\(path):\(headerIndex + 1): header is missing \(missing.map { "'\($0)'" }.joined(separator: ", ")); expected timestamp,symbol,side,quantity[,price][,strategy]; found: \(TerminalText.quoted(names.joined(separator: ","), limit: 100))")
        }
        let pi = col("price"), gi = col("strategy")
        var result = Result()
        let known = prices.keys.map(\.description).sorted().joined(separator: ", ")
        for (k, raw) in lines.enumerated() where k > headerIndex {
            let lineNo = k + 1
            if raw.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let f = raw.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            func bad(_ m: String) { result.problems.append(Problem(file: path, line: lineNo, message: m)) }
            guard f.count > max(ti, si, di, qi) else { bad("truncated row: expected at least \(max(ti, si, di, qi) + 1) columns, found \(f.count)"); continue }
            guard let ts = UTCTime.parse(f[ti]) else { bad("column 'timestamp': \(TerminalText.quoted(f[ti])) is not a timestamp"); continue }
            guard let sym = try? Symbol(parsing: f[si]) else { bad("column 'symbol': \(TerminalText.quoted(f[si])) is not a symbol (BASE/QUOTE)"); continue }
            guard let mark = prices[sym] else { bad("unknown symbol \(sym): no candle data for it (known: \(known))"); continue }
            let side: OrderSide
            switch f[di].lowercased() {
            case "buy", "long", "1", "+1": side = .buy
            case "sell", "short", "-1": side = .sell
            default: bad("column 'side': \(TerminalText.quoted(f[di])) is not valid; valid: buy, sell (or long/short, 1/-1)"); continue
            }
            guard let q = Double(f[qi]), q.isFinite, q > 0 else {
                bad("column 'quantity': \(TerminalText.quoted(f[qi])) is not valid; expected a positive number"); continue
            }
            var price = mark.price
            if let pi, pi < f.count, !f[pi].isEmpty {
                guard let p = Double(f[pi]), p.isFinite, p > 0 else {
                    bad("column 'price': \(TerminalText.quoted(f[pi])) is not valid; expected a positive number or empty (latest candle)"); continue
                }
                price = p
            }
            guard price.isFinite, price > 0 else { bad("no price available for \(sym)"); continue }
            let strategy = gi.flatMap { $0 < f.count && !f[$0].isEmpty ? TerminalText.sanitize(f[$0]) : nil }
            result.orders.append(Order(timestamp: ts, symbol: sym, side: side, quantity: q, price: price, strategy: strategy,
                                       origin: "\(path):\(lineNo)"))
        }
        return result
    }

    /// Expands a shell glob (`reports/forward/forward_*_signals.csv`), sorted; an error when nothing matches.
    public static func expand(_ pattern: String) throws -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard glob(pattern, 0, nil, &g) == 0 else {
            throw PeakTradeError.badInput("\(pattern): no signal file matches")
        }
        return (0..<Int(g.gl_pathc)).compactMap { g.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }
}

/// The latest candle of each configured symbol: marks for the portfolio and prices for orders without one.
public enum LatestPrices {
    public static func read(_ data: DataSettings) -> (prices: [Symbol: (time: Int64, price: Double)], problems: [String]) {
        var out: [Symbol: (time: Int64, price: Double)] = [:]
        var problems: [String] = []
        for s in data.symbols {
            let path = data.file(for: s)
            do {
                let series = try CandleCSVReader().read(path: path).series
                guard let i = series.time.indices.max(by: { series.time[$0] < series.time[$1] }) else {
                    problems.append("\(path): no candles"); continue
                }
                out[s] = (series.time[i], series.close[i])
            } catch let e as PeakTradeError {
                problems.append(e.description)
            } catch {
                problems.append("\(path): \(error)")
            }
        }
        return (out, problems)
    }
}
