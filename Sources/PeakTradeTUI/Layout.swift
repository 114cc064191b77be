/// Splits a rectangle into rows or columns by constraints (fixed cells, percent of the total, or fill).
public enum Constraint: Equatable, Sendable {
    case length(Int)
    case percent(Int)
    /// Shares what is left, by weight.
    case fill(Int)
}

public enum Layout {
    public enum Direction: Sendable { case vertical, horizontal }

    public static func split(_ r: Rect, _ direction: Direction, _ constraints: [Constraint]) -> [Rect] {
        let total = direction == .vertical ? r.height : r.width
        var sizes = constraints.map { c -> Int in
            switch c {
            case let .length(n): return max(0, n)
            case let .percent(p): return total * max(0, min(100, p)) / 100
            case .fill: return 0
            }
        }
        // Fixed parts first; when they overflow, the last ones shrink.
        var used = sizes.reduce(0, +)
        var i = sizes.count - 1
        while used > total && i >= 0 { let cut = min(sizes[i], used - total); sizes[i] -= cut; used -= cut; i -= 1 }
        let weights = constraints.map { if case let .fill(w) = $0 { return max(1, w) } else { return 0 } }
        let weightSum = weights.reduce(0, +)
        if weightSum > 0 {
            let rest = total - used
            var given = 0
            let lastFill = weights.lastIndex { $0 > 0 }!
            for k in weights.indices where weights[k] > 0 {
                sizes[k] = k == lastFill ? rest - given : rest * weights[k] / weightSum
                given += sizes[k]
            }
        }
        var out: [Rect] = []
        var pos = direction == .vertical ? r.y : r.x
        for s in sizes {
            out.append(direction == .vertical ? Rect(x: r.x, y: pos, width: r.width, height: s) : Rect(x: pos, y: r.y, width: s, height: r.height))
            pos += s
        }
        return out
    }
}
