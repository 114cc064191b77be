/// Something that draws itself into a rectangle of a buffer. Widgets are values: rendering has no side
/// effects beyond the buffer, so frames are testable without a terminal.
public protocol Widget {
    func render(_ area: Rect, _ buffer: inout Buffer)
}

/// Box-drawing glyphs, with an ASCII fallback for terminals whose locale is not UTF-8.
public struct BorderSet: Sendable, Equatable {
    public var h, v, tl, tr, bl, br: String
    public static let unicode = BorderSet(h: "─", v: "│", tl: "┌", tr: "┐", bl: "└", br: "┘")
    public static let ascii = BorderSet(h: "-", v: "|", tl: "+", tr: "+", bl: "+", br: "+")
}

/// A border with a title; `inner` is where the content goes.
public struct Block: Widget {
    public var title: String
    public var style: Style
    public var titleStyle: Style
    public var borders: BorderSet

    public init(title: String = "", style: Style = .plain, titleStyle: Style? = nil, borders: BorderSet = .unicode) {
        self.title = title
        self.style = style
        self.titleStyle = titleStyle ?? style.bold()
        self.borders = borders
    }

    public func render(_ a: Rect, _ buf: inout Buffer) {
        guard a.width >= 2, a.height >= 2 else { return }
        for x in a.x + 1..<a.right - 1 {
            buf[x, a.y] = Cell(borders.h, style: style)
            buf[x, a.bottom - 1] = Cell(borders.h, style: style)
        }
        for y in a.y + 1..<a.bottom - 1 {
            buf[a.x, y] = Cell(borders.v, style: style)
            buf[a.right - 1, y] = Cell(borders.v, style: style)
        }
        buf[a.x, a.y] = Cell(borders.tl, style: style)
        buf[a.right - 1, a.y] = Cell(borders.tr, style: style)
        buf[a.x, a.bottom - 1] = Cell(borders.bl, style: style)
        buf[a.right - 1, a.bottom - 1] = Cell(borders.br, style: style)
        if !title.isEmpty && a.width > 4 {
            buf.set(a.x + 1, a.y, " \(title) ", style: titleStyle, maxWidth: a.width - 2)
        }
    }
}

/// Lines of styled text, clipped (not wrapped) to the area; `scroll` skips lines from the top.
public struct Paragraph: Widget {
    public var lines: [(text: String, style: Style)]
    public var scroll: Int

    public init(_ lines: [(text: String, style: Style)], scroll: Int = 0) {
        self.lines = lines
        self.scroll = scroll
    }

    public init(_ text: String, style: Style = .plain) {
        self.init(text.split(separator: "\n", omittingEmptySubsequences: false).map { (String($0), style) })
    }

    public func render(_ a: Rect, _ buf: inout Buffer) {
        for (row, line) in lines.dropFirst(max(0, scroll)).prefix(a.height).enumerated() {
            buf.set(a.x, a.y + row, line.text, style: line.style, maxWidth: a.width)
        }
    }
}

/// A horizontal gauge: `label  [██████░░░░]  used / limit  pct`, styled by status.
public struct Gauge: Widget {
    public var label: String
    public var ratio: Double
    public var detail: String
    public var style: Style
    public var ascii: Bool

    public init(label: String, ratio: Double, detail: String, style: Style = .plain, ascii: Bool = false) {
        self.label = label
        self.ratio = ratio
        self.detail = detail
        self.style = style
        self.ascii = ascii
    }

    public func render(_ a: Rect, _ buf: inout Buffer) {
        guard a.height >= 1, a.width >= 10 else { return }
        let labelWidth = min(max(a.width / 3, 8), 30)
        let detailText = "\(detail) \(String(format: "%3.0f%%", max(0, ratio) * 100))"
        let barWidth = max(1, a.width - labelWidth - CharWidth.of(detailText) - 3)
        buf.set(a.x, a.y, label.fitted(labelWidth), maxWidth: labelWidth)
        // Eighth blocks give the bar sub-cell precision.
        let eighths = Int((min(max(ratio, 0), 1) * Double(barWidth * 8)).rounded())
        let partials = ascii ? ["", "", "", "", "#", "#", "#", "#"] : ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var bar = String(repeating: ascii ? "#" : "█", count: eighths / 8)
        if eighths % 8 > 0 && eighths / 8 < barWidth { bar += partials[eighths % 8] }
        let x = a.x + labelWidth + 1
        buf.set(x, a.y, bar.fitted(barWidth), style: style, maxWidth: barWidth)
        buf.set(x + barWidth + 1, a.y, detailText, style: style, maxWidth: a.right - x - barWidth - 1)
    }
}
