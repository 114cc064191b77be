#if canImport(Glibc)
import Glibc
#endif

/// Parses ASCII decimal numbers from raw bytes without creating Strings.
/// Exactly rounded: the fast path is Clinger's (mantissa ≤ 2^53, |exponent| ≤ 22, one correctly rounded
/// multiply or divide); everything else goes through strtod.
public enum DecimalParser {
    private static let powersOf10: [Double] = (0...22).map { pow(10.0, Double($0)) }

    @inline(__always)
    public static func parse(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Double? {
        var i = start
        guard i < end else { return nil }
        var negative = false
        if p[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if p[i] == UInt8(ascii: "+") { i += 1 }
        guard i < end else { return nil }
        let first = p[i] | 0x20
        if first == UInt8(ascii: "n") || first == UInt8(ascii: "i") { return parseSpecial(p, i, end, negative) }
        // Accumulate every digit; with at most 19 digits the mantissa is exact in a UInt64.
        var mantissa: UInt64 = 0
        let intStart = i
        while i < end {
            let d = p[i] &- 48
            if d > 9 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            i += 1
        }
        var digits = i - intStart
        var exponent = 0
        if i < end && p[i] == UInt8(ascii: ".") {
            i += 1
            let fracStart = i
            while i < end {
                let d = p[i] &- 48
                if d > 9 { break }
                mantissa = mantissa &* 10 &+ UInt64(d)
                i += 1
            }
            exponent = fracStart - i
            digits += i - fracStart
        }
        guard digits > 0 else { return nil }
        if i < end && (p[i] | 0x20) == UInt8(ascii: "e") {
            i += 1
            var expNegative = false
            if i < end && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) {
                expNegative = p[i] == UInt8(ascii: "-"); i += 1
            }
            var e = 0
            var expDigits = 0
            while i < end, case let c = p[i], c >= 48, c <= 57 {
                if e < 100_000 { e = e * 10 + Int(c - 48) }
                expDigits += 1; i += 1
            }
            guard expDigits > 0 else { return nil }
            exponent += expNegative ? -e : e
        }
        guard i == end else { return nil }
        if digits <= 19 && mantissa <= (1 << 53) && exponent >= -22 && exponent <= 22 {
            var v = Double(mantissa)
            if exponent < 0 { v /= powersOf10[-exponent] } else if exponent > 0 { v *= powersOf10[exponent] }
            return negative ? -v : v
        }
        return slowPath(p, start, end)
    }

    private static func parseSpecial(_ p: UnsafeRawBufferPointer, _ i: Int, _ end: Int, _ negative: Bool) -> Double? {
        var word = ""
        for k in i..<end { word.append(Character(Unicode.Scalar(p[k] | 0x20))) }
        switch word {
        case "nan": return .nan
        case "inf", "infinity": return negative ? -.infinity : .infinity
        default: return nil
        }
    }

    private static func slowPath(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Double? {
        let n = end - start
        guard n < 512 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buf -> Double? in
            for k in 0..<n { buf[k] = CChar(bitPattern: p[start + k]) }
            buf[n] = 0
            var endPtr: UnsafeMutablePointer<CChar>?
            let v = strtod(buf.baseAddress!, &endPtr)
            guard let e = endPtr, e == buf.baseAddress! + n else { return nil }
            return v
        }
    }
}
