import PeakTradeCore
import PeakTradeTUI

/// The candle pane's data and view: series per symbol, zoom, scroll, findings, a drill's damaged copy.
public struct MarketState: Sendable {
    public var symbols: [Symbol]
    public var timeframe: Timeframe
    public var series: [Symbol: CandleSeries] = [:]
    public var symbolIndex = 0
    public var zoom: Timeframe
    /// Candles (of the shown timeframe) between the newest and the right edge; 0 follows the newest.
    public var offset = 0
    /// The shown series at `zoom` (resampled only when data or zoom change).
    public var shown = CandleSeries()
    public var findings: [FindingEntry] = []
    public var flagged: [Symbol: Set<Int64>] = [:]
    /// While a drill runs on a damaged copy of a candle file, the chart shows that copy (so the operator sees
    /// the fault where the checks saw it).
    public var drillCopy: DrillCopy?

    public init(symbols: [Symbol], timeframe: Timeframe) {
        self.symbols = symbols
        self.timeframe = timeframe
        zoom = timeframe
    }

    public var symbol: Symbol { symbols[symbolIndex] }
}

public struct DrillCopy: Sendable, Equatable {
    public var symbol: Symbol
    public var file: String
    public var series: CandleSeries
    public var flagged: Set<Int64> = []
}

public struct FindingEntry: Sendable, Equatable {
    public var symbol: Symbol?
    public var source: String
    public var file: String
    public var finding: Finding
    public var seenAt: Int64
}

public struct FeedState: Sendable, Equatable {
    public enum Mode: String, Sendable { case replay, follow }
    public var mode: Mode
    public var speed: Double
    public var paused = false
    public var lastCandle: Int64?
    public var lastReceived: Int64?
    public var candlesReceived = 0
    public var error: String?
    public var finished = false

    public init(mode: Mode, speed: Double) {
        self.mode = mode
        self.speed = speed
    }
}
