/// `out_of_order` and `duplicate_timestamp`.
enum OrderCheck {
    /// Rows whose timestamp is earlier than the row before them (runs grouped).
    static func outOfOrder(_ s: CandleSeries) -> [Finding] {
        var runs = RowRunCollector(kind: .outOfOrder)
        var maxSoFar = s.time[0]
        for i in 1..<s.count {
            if s.time[i] < maxSoFar {
                runs.add(i, severity: .error,
                         detail: "\(UTCTime.iso(s.time[i])) comes after \(UTCTime.iso(maxSoFar)) (line \(s.line[i]))",
                         series: s)
            } else { maxSoFar = s.time[i] }
        }
        runs.flush(s)
        return runs.findings
    }

    /// On a time-sorted series: each timestamp that occurs more than once. Exact copies are a warning,
    /// rows that disagree an error (which one is right cannot be known).
    static func duplicates(_ s: CandleSeries) -> [Finding] {
        var out: [Finding] = []
        var i = 1
        while i < s.count {
            guard s.time[i] == s.time[i - 1] else { i += 1; continue }
            let first = i - 1
            var last = i
            while last + 1 < s.count && s.time[last + 1] == s.time[first] { last += 1 }
            let identical = (first + 1...last).allSatisfy { s[$0] == s[first] }
            let rows = (first...last).map { Int(s.line[$0]) }
            let what = identical ? "identical rows" : "rows with different values"
            out.append(Finding(kind: .duplicateTimestamp, severity: identical ? .warning : .error,
                               start: s.time[first], end: s.time[first], count: last - first,
                               rows: rows,
                               message: "\(UTCTime.iso(s.time[first])) appears \(last - first + 1) times (\(what), lines \(rows.prefix(5).map(String.init).joined(separator: ", ")))"))
            i = last + 1
        }
        return out
    }
}
