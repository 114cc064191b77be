extension CandleSeries {
    /// Candles aggregated into `timeframe` buckets (aligned to the epoch, UTC): first open, highest high, lowest
    /// low, last close, summed volume. Expects the series in time order; a bucket with no candles is absent.
    public func resampled(to timeframe: Timeframe) -> CandleSeries {
        let step = timeframe.milliseconds
        var out = CandleSeries(source: source, symbol: symbol, timeframe: timeframe, capacity: count / 2 + 1)
        var i = 0
        while i < count {
            let bucket = time[i] - ((time[i] % step) + step) % step
            var c = Candle(time: bucket, open: open[i], high: high[i], low: low[i], close: close[i], volume: volume[i])
            let firstLine = line[i]
            i += 1
            while i < count && time[i] < bucket + step {
                c.high = Swift.max(c.high, high[i]); c.low = Swift.min(c.low, low[i])
                c.close = close[i]; c.volume += volume[i]
                i += 1
            }
            out.append(c, line: firstLine)
        }
        return out
    }
}
