/// Epoch-millisecond UTC timestamps: parsing (ISO-8601, epoch s/ms) and ISO-8601 formatting without Foundation's
/// date formatters, which are far too slow for a million candles and locale-sensitive.
public enum UTCTime {
    public static let msPerSecond: Int64 = 1000
    public static let msPerDay: Int64 = 86_400_000

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    @inline(__always)
    public static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func civil(days z0: Int64) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    @inline(__always)
    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `2018-01-10T07:00:00Z`, with `.sss` only when the time has milliseconds.
    public static func iso(_ ms: Int64) -> String {
        let days = ms >= 0 ? ms / msPerDay : (ms - msPerDay + 1) / msPerDay
        let rem = ms - days * msPerDay
        let (y, mo, d) = civil(days: days)
        let secs = Int(rem / 1000), millis = Int(rem % 1000)
        var s = pad(y, 4) + "-" + pad(mo, 2) + "-" + pad(d, 2) + "T"
        s += pad(secs / 3600, 2) + ":" + pad(secs / 60 % 60, 2) + ":" + pad(secs % 60, 2)
        if millis != 0 { s += "." + pad(millis, 3) }
        return s + "Z"
    }

    /// `2026-11-26T041500Z`: whole seconds, no colons — for folder and run names.
    public static func stamp(_ ms: Int64) -> String {
        iso(ms / 1000 * 1000).replacingOccurrences(of: ":", with: "")
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Parses a timestamp given on the command line or in config: ISO-8601 (Z or offset, `T` or space,
    /// date only) or epoch seconds/milliseconds.
    public static func parse(_ text: String) -> Int64? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buf in
            parseTimestamp(UnsafeRawBufferPointer(buf), 0, buf.count)
        }
    }

    /// Epoch values at or above this are milliseconds (as seconds they would be past the year 5000).
    static let epochMillisecondsThreshold: Int64 = 100_000_000_000

    /// Parses bytes[start..<end] as a timestamp; nil when it is not one.
    @inline(__always)
    public static func parseTimestamp(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int64? {
        guard end > start else { return nil }
        // Epoch: only digits (optionally a fraction).
        if end - start != 10 || p[start + 4] != UInt8(ascii: "-") {
            if let v = parseEpoch(p, start, end) { return v }
        }
        return parseISO(p, start, end)
    }

    @inline(__always)
    static func parseEpoch(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int64? {
        var i = start
        var value: Int64 = 0
        var digits = 0
        while i < end, case let c = p[i], c >= 48, c <= 57 {
            value = value &* 10 &+ Int64(c - 48); digits += 1; i += 1
        }
        guard digits > 0, digits <= 16 else { return nil }
        var fraction: Int64 = 0
        if i < end && p[i] == UInt8(ascii: ".") {
            i += 1
            var scale: Int64 = 100
            while i < end, case let c = p[i], c >= 48, c <= 57 {
                fraction += Int64(c - 48) * scale; scale /= 10; i += 1
            }
        }
        guard i == end else { return nil }
        if value >= epochMillisecondsThreshold { return value }
        return value * 1000 + fraction
    }

    @inline(__always)
    static func digits(_ p: UnsafeRawBufferPointer, _ i: Int, _ n: Int) -> Int? {
        var v = 0
        for k in 0..<n {
            let c = p[i + k]
            guard c >= 48, c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v
    }

    /// Remembers the last `YYYY-MM-DD` seen: consecutive candles share their date, so most rows skip the
    /// calendar arithmetic.
    public struct DateCache {
        var head: UInt64 = 0
        var tail: UInt16 = 0
        var dayMs: Int64 = .min
        public init() {}
        init(head: UInt64, tail: UInt16, dayMs: Int64) {
            self.head = head
            self.tail = tail
            self.dayMs = dayMs
        }
    }

    @inline(__always)
    public static func parseTimestamp(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int, cache: inout DateCache) -> Int64? {
        if end - start >= 10 && p[start + 4] == UInt8(ascii: "-") {
            return parseISO(p, start, end, cache: &cache)
        }
        return parseTimestamp(p, start, end)
    }

    @inline(__always)
    static func parseISO(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int64? {
        var cache = DateCache()
        return parseISO(p, start, end, cache: &cache)
    }

    @inline(__always)
    static func parseISO(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int, cache: inout DateCache) -> Int64? {
        let len = end - start
        guard len >= 10 else { return nil }
        let head = p.loadUnaligned(fromByteOffset: start, as: UInt64.self)
        let tail = p.loadUnaligned(fromByteOffset: start + 8, as: UInt16.self)
        var ms: Int64
        if head == cache.head && tail == cache.tail && cache.dayMs != .min {
            ms = cache.dayMs
        } else {
            guard p[start + 4] == UInt8(ascii: "-"), p[start + 7] == UInt8(ascii: "-"),
                  let y = digits(p, start, 4), let mo = digits(p, start + 5, 2), let d = digits(p, start + 8, 2),
                  mo >= 1, mo <= 12, d >= 1, d <= daysInMonth(y, mo)
            else { return nil }
            ms = days(year: y, month: mo, day: d) * msPerDay
            cache = DateCache(head: head, tail: tail, dayMs: ms)
        }
        var i = start + 10
        if i == end { return ms }
        guard p[i] == UInt8(ascii: "T") || p[i] == UInt8(ascii: " ") || p[i] == UInt8(ascii: "t"),
              end - i >= 6, let h = digits(p, i + 1, 2), p[i + 3] == UInt8(ascii: ":"),
              let mi = digits(p, i + 4, 2), h < 24, mi < 60
        else { return nil }
        var sec = 0
        i += 6
        if i < end && p[i] == UInt8(ascii: ":") {
            guard end - i >= 3, let s = digits(p, i + 1, 2), s < 60 else { return nil }
            sec = s; i += 3
        }
        ms += Int64(h * 3600 + mi * 60 + sec) * 1000
        if i < end && (p[i] == UInt8(ascii: ".") || p[i] == UInt8(ascii: ",")) {
            i += 1
            var scale: Int64 = 100, frac: Int64 = 0, n = 0
            while i < end, case let c = p[i], c >= 48, c <= 57 {
                frac += Int64(c - 48) * scale; scale /= 10; i += 1; n += 1
            }
            guard n > 0 else { return nil }
            ms += frac
        }
        if i == end { return ms }  // no zone: taken as UTC
        let z = p[i]
        if z == UInt8(ascii: "Z") || z == UInt8(ascii: "z") { return i + 1 == end ? ms : nil }
        guard z == UInt8(ascii: "+") || z == UInt8(ascii: "-"), end - i >= 3, let oh = digits(p, i + 1, 2), oh <= 23
        else { return nil }
        var om = 0
        i += 3
        if i < end {
            if p[i] == UInt8(ascii: ":") { i += 1 }
            guard end - i == 2, let m = digits(p, i, 2), m < 60 else { return nil }
            om = m; i += 2
        }
        guard i == end else { return nil }
        let offset = Int64((oh * 60 + om) * 60_000)
        return z == UInt8(ascii: "+") ? ms - offset : ms + offset
    }
}
