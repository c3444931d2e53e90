import Foundation

/// Charts as plain SVG written by hand (no chart library, no JavaScript), for inline use in HTML5 pages
/// or as standalone `.svg` files.
///
/// Every chart:
/// - is one `<svg>` element with `xmlns`, `viewBox`, `width`/`height`, `role="img"` and
///   `aria-labelledby` pointing at its `<title>` and `<desc>`; ids all start with the caller's `id`
///   prefix, so output is deterministic and several charts can share a page;
/// - escapes every text (labels come from reports), writes each value next to or inside its bar,
///   and keeps "未填报" (nil, no bar) apart from 0 (a value "0" at the baseline);
/// - distinguishes series by lightness *and* pattern *and* a legend with words, so it survives greyscale;
/// - lays text out by an approximate width (CJK 1em, ASCII ≈0.6em) so nothing leaves the viewBox; long
///   labels are cut with "…" and kept whole in a `<title>` tooltip.
///
/// Each chart has a table twin (`barTable`, `groupedBarTable`, `stackedBarTable`) taking the same values,
/// so the page can put the numbers next to the picture.
public enum Charts {
    public static let missingText = "未填报"
    public static let invalidText = "数值无效"

    /// The six outcomes of table 三, in the order they are stacked.
    public static let handlingCategories = ["予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"]

    /// One column of table 三 as the six `handlingCategories` values. A group is nil when any of its
    /// cells is blank: a sum over a blank would be invented.
    public static func handlingValues(_ a: Applications, format: ReportFormat, column: Applicant = .total) -> [Double?] {
        let rows = ApplicationRow.rows(for: format)
        func group(_ g: ResultGroup) -> Double? { total(rows.filter { $0.group == g }.map { a[$0, column] }) }
        let other = format == .v2019 ? a[.otherHandlingTotal, column] : group(.otherHandling)
        return [a[.granted, column], a[.partiallyGranted, column], group(.denied), group(.unableToProvide),
                group(.notProcessed), other]
    }

    private static func total(_ values: [Double?]) -> Double? {
        var sum = 0.0
        for v in values { guard let v else { return nil }; sum += v }
        return values.isEmpty ? nil : sum
    }

    // MARK: Bar chart

    /// Horizontal bars, one per label (a figure across agencies for one year, or one agency over years).
    public static func barChart(id: String, title: String, description: String, unit: String,
                                bars: [(label: String, value: Double?)]) -> String {
        barChartMarkup(id: id, title: title, description: description, unit: unit, bars: bars).string
    }

    static func barChartMarkup(id: String, title: String, description: String, unit: String,
                               bars: [(label: String, value: Double?)]) -> MarkupBuffer {
        let p = SVGText.idPrefix(id)
        let labels = bars.map { SVGText.singleLine($0.label) }
        let cells = bars.map { Cell($0.value) }
        let labelColumn = labelColumnWidth(labels)
        let layout = Layout(
            left: pad + labelColumn + gap,
            drawn: cells.compactMap(\.number),
            afterBar: cells.map { $0.text }, atZero: cells.contains { $0.number == nil } ? [missingText, invalidText] : [],
            fontSize: valueFont)
        var svg = SVGBuilder(prefix: p)
        var y = layout.drawAxis(into: &svg, top: pad, unit: unit, rows: bars.count, rowHeight: rowHeight)
        if bars.isEmpty { y = svg.noData(y: y) }
        for (i, cell) in cells.enumerated() {
            let mid = y + rowHeight / 2
            svg.open("g")
            svg.title(labels[i], "：", cell.text, cell.number == nil ? "" : unit)
            svg.text(SVGText.truncate(labels[i], maxWidth: labelColumn, fontSize: labelFont),
                     x: pad + labelColumn, y: baseline(mid, labelFont), size: labelFont, anchor: "end")
            layout.drawBar(into: &svg, cell: cell, y: mid - barHeight / 2, height: barHeight, series: 0)
            svg.close("g")
            y += rowHeight
        }
        return svg.document(title: title, description: description, height: y + pad)
    }

    // MARK: Grouped bars

    /// Several series over the same groups (an agency's figures by year): per group one horizontal bar per
    /// series, told apart by colour lightness, pattern and the legend. One shared scale, so a series far
    /// smaller than another shows short bars — its values are still written beside them.
    public static func groupedBarChart(id: String, title: String, description: String, unit: String,
                                       groups: [String], series: [(name: String, values: [Double?])]) -> String {
        groupedBarChartMarkup(id: id, title: title, description: description, unit: unit, groups: groups, series: series).string
    }

    static func groupedBarChartMarkup(id: String, title: String, description: String, unit: String,
                                      groups: [String], series: [(name: String, values: [Double?])]) -> MarkupBuffer {
        let p = SVGText.idPrefix(id)
        let groupLabels = groups.map(SVGText.singleLine)
        let names = series.map { SVGText.singleLine($0.name) }
        let cells = series.map { s in groups.indices.map { Cell($0 < s.values.count ? s.values[$0] : nil) } }
        let labelColumn = labelColumnWidth(groupLabels)
        let all = cells.flatMap { $0 }
        let layout = Layout(
            left: pad + labelColumn + gap, drawn: all.compactMap(\.number),
            afterBar: all.map(\.text), atZero: all.contains { $0.number == nil } ? [missingText, invalidText] : [],
            fontSize: valueFont)
        var svg = SVGBuilder(prefix: p)
        svg.patterns(count: series.count)
        var y = svg.legend(names, top: pad)
        let bar = 14.0, step = 16.0
        let groupHeight = Double(max(series.count, 1)) * step + 10
        y = layout.drawAxis(into: &svg, top: y, unit: unit, rows: groups.count, rowHeight: groupHeight)
        if groups.isEmpty || series.isEmpty { y = svg.noData(y: y) }
        for (g, label) in groupLabels.enumerated() where !series.isEmpty {
            let top = y + 5
            svg.open("g")
            svg.title(label)
            svg.text(SVGText.truncate(label, maxWidth: labelColumn, fontSize: labelFont),
                     x: pad + labelColumn, y: baseline(top + Double(series.count) * step / 2, labelFont),
                     size: labelFont, anchor: "end")
            svg.close("g")
            for s in series.indices {
                let cell = cells[s][g]
                svg.open("g")
                svg.title(label, " ", names[s], "：", cell.text, cell.number == nil ? "" : unit)
                layout.drawBar(into: &svg, cell: cell, y: top + Double(s) * step + (step - bar) / 2, height: bar,
                               series: s)
                svg.close("g")
            }
            y += groupHeight
        }
        return svg.document(title: title, description: description, height: y + pad)
    }

    // MARK: Stacked bars

    /// One horizontal stacked bar per label (a year or an agency), segments in `categories` order.
    /// A segment's value is written inside it when it fits, the total after the bar; every value is also in
    /// the segment's tooltip and in `stackedBarTable`. A nil segment is left out and the total says so;
    /// a negative one (not a count) is not drawn and noted too.
    public static func stackedBarChart(id: String, title: String, description: String, unit: String,
                                       categories: [String] = handlingCategories,
                                       bars: [(label: String, values: [Double?])]) -> String {
        stackedBarChartMarkup(id: id, title: title, description: description, unit: unit, categories: categories, bars: bars).string
    }

    static func stackedBarChartMarkup(id: String, title: String, description: String, unit: String,
                                      categories: [String] = handlingCategories,
                                      bars: [(label: String, values: [Double?])]) -> MarkupBuffer {
        let p = SVGText.idPrefix(id)
        let labels = bars.map { SVGText.singleLine($0.label) }
        let names = categories.map(SVGText.singleLine)
        let rows = bars.map { bar in categories.indices.map { Cell($0 < bar.values.count ? bar.values[$0] : nil) } }
        let totals = rows.map(StackTotal.init)
        let labelColumn = labelColumnWidth(labels)
        let layout = Layout(
            left: pad + labelColumn + gap, drawn: totals.compactMap(\.drawnSum),
            afterBar: totals.map(\.text), atZero: totals.filter { $0.drawnSum == nil }.map(\.text),
            fontSize: valueFont)
        var svg = SVGBuilder(prefix: p)
        svg.patterns(count: categories.count)
        var y = svg.legend(names, top: pad)
        y = layout.drawAxis(into: &svg, top: y, unit: unit, rows: bars.count, rowHeight: rowHeight)
        if bars.isEmpty || categories.isEmpty { y = svg.noData(y: y) }
        for (i, row) in rows.enumerated() where !categories.isEmpty {
            let mid = y + rowHeight / 2
            svg.open("g")
            svg.title(labels[i], "：合计 ", totals[i].text)
            svg.text(SVGText.truncate(labels[i], maxWidth: labelColumn, fontSize: labelFont),
                     x: pad + labelColumn, y: baseline(mid, labelFont), size: labelFont, anchor: "end")
            svg.close("g")
            var x = layout.zero
            for (c, cell) in row.enumerated() {
                guard let v = cell.number, v > 0 else { continue }
                let w = v * layout.scale
                svg.open("g")
                svg.title(labels[i], " ", names[c], "：", cell.text, unit)
                svg.rect(x: x, y: mid - barHeight / 2, width: w, height: barHeight, series: c)
                let text = cell.text
                let textWidth = SVGText.width(text, fontSize: valueFont)
                if textWidth + 4 <= w {
                    // A light plate under the number keeps it readable on any fill and pattern.
                    svg.plate(x: x + (w - textWidth - 4) / 2, y: mid - valueFont / 2 - 1, width: textWidth + 4, height: valueFont + 2)
                    svg.text(text, x: x + w / 2, y: baseline(mid, valueFont), size: valueFont, anchor: "middle")
                }
                svg.close("g")
                x += w
            }
            let total = totals[i]
            svg.text(total.text, x: (total.drawnSum == nil ? layout.zero : x) + 4, y: baseline(mid, valueFont),
                     size: valueFont, anchor: "start", fill: total.drawnSum == nil ? mutedInk : ink)
            y += rowHeight
        }
        return svg.document(title: title, description: description, height: y + pad)
    }

    // MARK: Tables

    /// The bar chart's numbers as an HTML table: caption, a header row, one row per bar.
    public static func barTable(title: String, unit: String, labelHeader: String = "项目", valueHeader: String = "数值",
                                bars: [(label: String, value: Double?)]) -> String {
        barTableMarkup(title: title, unit: unit, labelHeader: labelHeader, valueHeader: valueHeader, bars: bars).string
    }

    static func barTableMarkup(title: String, unit: String, labelHeader: String = "项目", valueHeader: String = "数值",
                               bars: [(label: String, value: Double?)]) -> MarkupBuffer {
        dataTable(caption: title, unit: unit, labelHeader: labelHeader, columns: [valueHeader],
                  rows: bars.map { ($0.label, [$0.value]) })
    }

    /// The grouped chart's numbers: one row per group (year), one column per series.
    public static func groupedBarTable(title: String, unit: String, labelHeader: String = "年度",
                                       groups: [String], series: [(name: String, values: [Double?])]) -> String {
        groupedBarTableMarkup(title: title, unit: unit, labelHeader: labelHeader, groups: groups, series: series).string
    }

    static func groupedBarTableMarkup(title: String, unit: String, labelHeader: String = "年度",
                                      groups: [String], series: [(name: String, values: [Double?])]) -> MarkupBuffer {
        dataTable(caption: title, unit: unit, labelHeader: labelHeader, columns: series.map(\.name),
                  rows: groups.indices.map { g in (groups[g], series.map { g < $0.values.count ? $0.values[g] : nil }) })
    }

    /// The stacked chart's numbers: one row per bar, one column per category, then 合计 (blank-aware, as drawn).
    public static func stackedBarTable(title: String, unit: String, labelHeader: String = "年度",
                                       categories: [String] = handlingCategories,
                                       bars: [(label: String, values: [Double?])]) -> String {
        stackedBarTableMarkup(title: title, unit: unit, labelHeader: labelHeader, categories: categories, bars: bars).string
    }

    static func stackedBarTableMarkup(title: String, unit: String, labelHeader: String = "年度",
                                      categories: [String] = handlingCategories,
                                      bars: [(label: String, values: [Double?])]) -> MarkupBuffer {
        let rows = bars.map { bar -> (String, [Double?]) in
            let values = categories.indices.map { $0 < bar.values.count ? bar.values[$0] : nil }
            return (bar.label, values + [total(values)])
        }
        return dataTable(caption: title, unit: unit, labelHeader: labelHeader, columns: categories + ["合计"], rows: rows)
    }

    /// A plain accessible table: `<caption>` with the unit, `th scope="col"` headers, `th scope="row"` labels;
    /// nil cells read "未填报". Class `chart-data` for styling; no inline styles.
    public static func dataTable(caption: String, unit: String, labelHeader: String, columns: [String],
                                 rows: [(label: String, values: [Double?])]) -> String {
        dataTable(caption: caption, unit: unit, labelHeader: labelHeader, columns: columns, rows: rows).string
    }

    static func dataTable(caption: String, unit: String, labelHeader: String, columns: [String],
                          rows: [(label: String, values: [Double?])]) -> MarkupBuffer {
        var h = MarkupBuffer(capacity: 256 + rows.count * (40 + columns.count * 24))
        h.append("<table class=\"chart-data\"><caption>")
        h.append(svgEscaping: caption)
        if !unit.isEmpty { h.append("（单位："); h.append(svgEscaping: unit); h.append("）") }
        h.append("</caption><thead><tr><th scope=\"col\">")
        h.append(svgEscaping: labelHeader)
        h.append("</th>")
        for c in columns { h.append("<th scope=\"col\">"); h.append(svgEscaping: c); h.append("</th>") }
        h.append("</tr></thead><tbody>")
        for row in rows {
            h.append("<tr><th scope=\"row\">")
            h.append(svgEscaping: row.label)
            h.append("</th>")
            for i in columns.indices {
                h.append("<td>")
                Cell(i < row.values.count ? row.values[i] : nil).write(into: &h)
                h.append("</td>")
            }
            h.append("</tr>")
        }
        h.append("</tbody></table>")
        return h
    }

    // MARK: Layout

    static let width = 720.0
    static let pad = 8.0
    static let gap = 8.0
    static let labelFont = 13.0
    static let valueFont = 12.0
    static let rowHeight = 24.0
    static let barHeight = 16.0
    static let ink: StaticString = "#1a1a1a"
    static let mutedInk: StaticString = "#595959"  // 7:1 on white
    static let gridInk: StaticString = "#d0d0d0"

    /// Fills ordered so neighbours in a stack differ strongly in lightness (L* 25, 66, 36, 79, 54, 90),
    /// each with its own pattern: series stay apart in greyscale and for colour-blind readers.
    static let palette: [(fill: String, lightness: Double)] = [
        ("#1b3a6b", 24.7), ("#6aa6dc", 66.1), ("#8c3b1c", 35.6),
        ("#f0b95c", 78.5), ("#4f8f6a", 54.4), ("#dfe9a8", 90.2),
    ]

    /// The label column: as wide as the longest label, but at most 38% of the chart.
    static func labelColumnWidth(_ labels: [String]) -> Double {
        let widest = labels.map { SVGText.width($0, fontSize: labelFont) }.max() ?? 0
        return min(max(widest, labelFont * 2), (width * 0.38).rounded())
    }

    /// Baseline that centres text of `size` on `mid` (glyphs sit ~0.8em above, ~0.2em below the baseline).
    static func baseline(_ mid: Double, _ size: Double) -> Double { mid + size * 0.35 }

    /// A value as drawn: a finite number, "not reported" (nil) or a non-finite number we refuse to draw.
    enum Cell {
        case value(Double), missing, invalid
        init(_ v: Double?) {
            guard let v else { self = .missing; return }
            self = v.isFinite ? .value(v) : .invalid
        }
        var number: Double? { if case .value(let v) = self { return v } else { return nil } }
        var text: String {
            switch self {
            case .value(let v): return formatNumber(v)
            case .missing: return Charts.missingText
            case .invalid: return Charts.invalidText
            }
        }
        /// `text`, escaped (there is nothing to escape in it).
        func write(into out: inout MarkupBuffer) {
            switch self {
            case .value(let v): out.append(number: v)
            case .missing: out.append(Charts.missingText)
            case .invalid: out.append(Charts.invalidText)
            }
        }
    }

    /// What a stacked bar adds up to: only the positive segments are drawn; the label says what is left out.
    struct StackTotal {
        var drawnSum: Double?
        var text: String
        init(_ cells: [Cell]) {
            let numbers = cells.compactMap(\.number)
            let positive = numbers.filter { $0 > 0 }
            guard !numbers.isEmpty else {
                drawnSum = nil
                text = cells.contains { if case .invalid = $0 { return true } else { return false } } ? Charts.invalidText : Charts.missingText
                return
            }
            let sum = positive.reduce(0, +)
            drawnSum = sum
            var notes: [String] = []
            if numbers.count < cells.count { notes.append("部分\(Charts.missingText)") }
            if positive.count < numbers.filter({ $0 != 0 }).count { notes.append("负数未绘制") }
            text = formatNumber(sum) + (notes.isEmpty ? "" : "（\(notes.joined(separator: "，"))）")
        }
    }

    /// The horizontal value axis shared by all charts: a domain that includes 0, "nice" ticks whose labels
    /// do not collide, and room on both sides for the texts written beyond the bar ends.
    struct Layout {
        var plotLeft: Double, plotRight: Double
        var lo: Double, hi: Double, step: Double
        var ticks: [Double]
        var scale: Double
        var zero: Double { plotLeft + (0 - lo) * scale }

        /// - drawn: the values bars are drawn for; afterBar: texts written past a bar's end;
        ///   atZero: texts written from the zero line (missing values).
        init(left: Double, drawn: [Double], afterBar: [String], atZero: [String], fontSize: Double) {
            let minV = min(0, drawn.min() ?? 0), maxV = max(0, drawn.max() ?? 0)
            let widest = { (texts: [String]) in texts.map { SVGText.width($0, fontSize: fontSize) }.max() ?? 0 }
            // Room right of the zero line / the longest positive bar, left of the longest negative bar.
            let right = max(widest(afterBar), widest(atZero), SVGText.width("0", fontSize: fontSize)) + 4
            let leftRoom = minV < 0 ? widest(afterBar) + 4 : 0
            var plotLeft = left + leftRoom
            var plotRight = Charts.width - Charts.pad - right
            if plotRight - plotLeft < 80 { plotRight = plotLeft + 80 }  // never a negative or empty plot
            var (lo, hi, step) = (0.0, 1.0, 1.0)
            // Fewer ticks until their labels fit between each other; keep end labels inside the chart.
            for count in stride(from: 5, through: 1, by: -1) {
                (lo, hi, step) = Layout.niceDomain(minV, maxV, ticks: count)
                let labelWidth = Layout.tickValues(lo, hi, step).map { SVGText.width(formatNumber($0), fontSize: fontSize) }.max() ?? 0
                let tickCount = max(1, Layout.tickValues(lo, hi, step).count - 1)
                if (plotRight - plotLeft) / Double(tickCount) >= labelWidth + 10 { break }
            }
            let firstHalf = SVGText.width(formatNumber(lo), fontSize: fontSize) / 2
            let lastHalf = SVGText.width(formatNumber(hi), fontSize: fontSize) / 2
            plotLeft = max(plotLeft, Charts.pad + firstHalf)
            plotRight = min(plotRight, Charts.width - Charts.pad - lastHalf)
            if plotRight - plotLeft < 40 { plotRight = plotLeft + 40 }
            self.plotLeft = plotLeft
            self.plotRight = plotRight
            self.lo = lo; self.hi = hi; self.step = step
            self.ticks = maxV == minV ? [0] : Layout.tickValues(lo, hi, step)
            let span = hi - lo
            self.scale = span > 0 && span.isFinite ? (plotRight - plotLeft) / span : 0
        }

        /// A domain [lo, hi] containing [minV, maxV] with a round step (1, 2, 2.5 or 5 × 10ⁿ; whole
        /// numbers when the step is ≥ 1). All zero (or no data) gives [0, 1].
        static func niceDomain(_ minV: Double, _ maxV: Double, ticks: Int) -> (Double, Double, Double) {
            let span = maxV - minV
            guard span > 0, span.isFinite else { return (0, 1, 1) }
            let raw = span / Double(max(ticks, 1))
            let magnitude = pow10(floor(log10(raw)))
            var step = magnitude * 10
            for m in [1.0, 2, 2.5, 5] where m * magnitude >= raw { step = m * magnitude; break }
            let lo = (minV / step).rounded(.down) * step
            let hi = (maxV / step).rounded(.up) * step
            guard lo.isFinite, hi.isFinite, hi > lo else { return (minV, maxV, span) }
            return (lo, hi, step)
        }

        static func pow10(_ e: Double) -> Double {
            var r = 1.0
            if e >= 0 { for _ in 0..<Int(min(e, 308)) { r *= 10 } } else { for _ in 0..<Int(min(-e, 308)) { r /= 10 } }
            return r
        }

        /// Tick values from lo to hi, rounded to the step's precision so 0.1 + 0.2 prints as 0.3.
        static func tickValues(_ lo: Double, _ hi: Double, _ step: Double) -> [Double] {
            guard step > 0, hi > lo else { return [lo] }
            let n = min(Int(((hi - lo) / step).rounded()), 20)
            var decimals = 0.0
            while decimals < 12, (step * pow10(decimals)).rounded() != step * pow10(decimals) { decimals += 1 }
            let f = pow10(decimals)
            return (0...n).map { i in
                let t = lo + Double(i) * step
                let r = decimals > 0 ? (t * f).rounded() / f : t
                return r == 0 ? 0 : r  // no "-0"
            }
        }

        func x(_ v: Double) -> Double { plotLeft + (v - lo) * scale }

        /// Unit caption, tick labels, axis line and grid lines for `rows` rows below; returns the first row's top.
        func drawAxis(into svg: inout SVGBuilder, top: Double, unit: String, rows: Int, rowHeight: Double) -> Double {
            let f = Charts.valueFont
            var y = top + f
            if !unit.isEmpty {
                let text = SVGText.truncate("单位：\(SVGText.singleLine(unit))", maxWidth: Charts.width - 2 * Charts.pad, fontSize: f)
                svg.text(text, x: Charts.pad, y: y, size: f, anchor: "start", fill: Charts.mutedInk)
                y += f + 6
            }
            let axisY = y + 4
            let bottom = axisY + 4 + Double(max(rows, 1)) * rowHeight
            svg.open("g", attributes: "aria-hidden=\"true\"")
            for t in ticks {
                let tx = x(t)
                svg.text(formatNumber(t), x: tx, y: y, size: f, anchor: "middle", fill: Charts.mutedInk)
                svg.line(x1: tx, y1: axisY, x2: tx, y2: bottom, stroke: t == 0 ? Charts.mutedInk : Charts.gridInk)
            }
            svg.line(x1: plotLeft, y1: axisY, x2: plotRight, y2: axisY, stroke: Charts.mutedInk)
            svg.close("g")
            return axisY + 4
        }

        /// One bar from the zero line, with its value (or why there is none) beside it.
        func drawBar(into svg: inout SVGBuilder, cell: Cell, y: Double, height: Double, series: Int) {
            let mid = Charts.baseline(y + height / 2, Charts.valueFont)
            guard let v = cell.number else {
                svg.text(cell.text, x: zero + 4, y: mid, size: Charts.valueFont, anchor: "start", fill: Charts.mutedInk)
                return
            }
            let w = abs(v) * scale
            if w > 0 { svg.rect(x: v < 0 ? zero - w : zero, y: y, width: w, height: height, series: series) }
            if v < 0 {
                svg.text(cell.text, x: zero - w - 4, y: mid, size: Charts.valueFont, anchor: "end")
            } else {
                svg.text(cell.text, x: zero + w + 4, y: mid, size: Charts.valueFont, anchor: "start")
            }
        }
    }
}

/// Accumulates SVG markup; every text and attribute value goes through `SVGText.escape`.
struct SVGBuilder {
    let prefix: String
    var body = MarkupBuffer(capacity: 8 * 1024)
    var patternCount = 0

    init(prefix: String) { self.prefix = prefix }

    mutating func open(_ name: StaticString) {
        body.append("<"); body.append(name); body.append(">")
    }
    mutating func open(_ name: StaticString, attributes: StaticString) {
        body.append("<"); body.append(name); body.append(" "); body.append(attributes); body.append(">")
    }
    mutating func close(_ name: StaticString) { body.append("</"); body.append(name); body.append(">") }

    /// A tooltip: the parts are one text, escaped.
    mutating func title(_ parts: String...) {
        body.append("<title>")
        for part in parts { body.append(svgEscaping: part) }
        body.append("</title>")
    }

    mutating func text(_ s: String, x: Double, y: Double, size: Double, anchor: StaticString,
                       fill: StaticString = Charts.ink) {
        body.append("<text x=\"")
        body.append(svgNumber: x)
        body.append("\" y=\"")
        body.append(svgNumber: y)
        body.append("\" font-size=\"")
        body.append(svgNumber: size)
        body.append("\" text-anchor=\"")
        body.append(anchor)
        body.append("\" fill=\"")
        body.append(fill)
        body.append("\">")
        body.append(svgEscaping: s)
        body.append("</text>")
    }

    private mutating func box(x: Double, y: Double, width: Double, height: Double) {
        body.append("<rect x=\"")
        body.append(svgNumber: x)
        body.append("\" y=\"")
        body.append(svgNumber: y)
        body.append("\" width=\"")
        body.append(svgNumber: max(width, 0))
        body.append("\" height=\"")
        body.append(svgNumber: max(height, 0))
    }

    /// A bar or swatch of series `series`, filled as `fill(series)`.
    mutating func rect(x: Double, y: Double, width: Double, height: Double, series: Int) {
        box(x: x, y: y, width: width, height: height)
        body.append("\" fill=\"")
        if series % 7 == 0 {
            body.append(Charts.palette[series % Charts.palette.count].fill)
        } else {
            body.append("url(#")
            body.append(prefix)
            body.append("-p")
            body.append(int: series)
            body.append(")")
        }
        body.append("\" stroke=\"#1a1a1a\" stroke-width=\"0.5\"/>")
    }

    mutating func plate(x: Double, y: Double, width: Double, height: Double) {
        box(x: x, y: y, width: width, height: height)
        body.append("\" rx=\"2\" fill=\"#ffffff\" fill-opacity=\"0.85\"/>")
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: StaticString) {
        body.append("<line x1=\"")
        body.append(svgNumber: x1)
        body.append("\" y1=\"")
        body.append(svgNumber: y1)
        body.append("\" x2=\"")
        body.append(svgNumber: x2)
        body.append("\" y2=\"")
        body.append(svgNumber: y2)
        body.append("\" stroke=\"")
        body.append(stroke)
        body.append("\" stroke-width=\"1\"/>")
    }

    /// Series i: palette colour i mod 6 with overlay pattern i mod 7 (0 = plain), so up to 42 series differ.
    mutating func patterns(count: Int) {
        patternCount = count
        guard count > 0 else { return }
        body.append("<defs>")
        for i in 0..<count where i % 7 != 0 {
            body.append("<pattern id=\"")
            body.append(prefix)
            body.append(i < Self.patternTails.count ? Self.patternTails[i] : Self.patternTail(i))
        }
        body.append("</defs>")
    }

    /// Pattern i's markup after the chart's id prefix: the same in every chart.
    static let patternTails: [[UInt8]] = (0..<42).map(patternTail)

    static func patternTail(_ i: Int) -> [UInt8] {
        let colour = Charts.palette[i % Charts.palette.count]
        let overlay = colour.lightness < 50 ? "#ffffff" : "#1a1a1a"
        let mark: String
        switch i % 7 {
        case 1: mark = "<path d=\"M0 6L6 0M-1 1L1 -1M5 7L7 5\" stroke=\"\(overlay)\" stroke-width=\"1.2\"/>"
        case 2: mark = "<circle cx=\"3\" cy=\"3\" r=\"1.2\" fill=\"\(overlay)\"/>"
        case 3: mark = "<path d=\"M0 3H6\" stroke=\"\(overlay)\" stroke-width=\"1.2\"/>"
        case 4: mark = "<path d=\"M0 0L6 6M-1 5L1 7M5 -1L7 1\" stroke=\"\(overlay)\" stroke-width=\"1.2\"/>"
        case 5: mark = "<path d=\"M0 3H6M3 0V6\" stroke=\"\(overlay)\" stroke-width=\"1\"/>"
        default: mark = "<path d=\"M3 0V6\" stroke=\"\(overlay)\" stroke-width=\"1.2\"/>"
        }
        return Array(("-p\(i)\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
            + "<rect width=\"6\" height=\"6\" fill=\"\(colour.fill)\"/>\(mark)</pattern>").utf8)
    }

    /// Swatch + name per series, wrapped over as many lines as needed; returns the y below the legend.
    mutating func legend(_ names: [String], top: Double) -> Double {
        guard !names.isEmpty else { return top }
        let f = Charts.valueFont, swatch = 12.0, lineHeight = 20.0
        let maxText = Charts.width - 2 * Charts.pad - swatch - 6
        var x = Charts.pad, y = top
        open("g", attributes: "aria-hidden=\"true\"")
        for (i, name) in names.enumerated() {
            let text = SVGText.truncate(name, maxWidth: maxText, fontSize: f)
            let itemWidth = swatch + 6 + SVGText.width(text, fontSize: f) + 16
            if x > Charts.pad && x + itemWidth - 16 > Charts.width - Charts.pad { x = Charts.pad; y += lineHeight }
            rect(x: x, y: y + (lineHeight - swatch) / 2, width: swatch, height: swatch, series: i)
            self.text(text, x: x + swatch + 6, y: Charts.baseline(y + lineHeight / 2, f), size: f, anchor: "start")
            x += itemWidth
        }
        close("g")
        return y + lineHeight + 4
    }

    mutating func noData(y: Double) -> Double {
        text("无数据", x: Charts.width / 2, y: Charts.baseline(y + Charts.rowHeight / 2, Charts.labelFont),
             size: Charts.labelFont, anchor: "middle", fill: Charts.mutedInk)
        return y + Charts.rowHeight
    }

    /// The finished `<svg>`: namespaced for standalone files, no XML declaration so it is valid inline HTML5.
    func document(title: String, description: String, height: Double) -> MarkupBuffer {
        var out = MarkupBuffer(capacity: body.count + 512)
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        out.append(svgNumber: Charts.width)
        out.append(" ")
        out.append(svgNumber: height.rounded(.up))
        out.append("\" width=\"")
        out.append(svgNumber: Charts.width)
        out.append("\" height=\"")
        out.append(svgNumber: height.rounded(.up))
        out.append("\" role=\"img\" aria-labelledby=\"")
        out.append(prefix)
        out.append("-title ")
        out.append(prefix)
        out.append("-desc\" font-family=\"'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif\">")
        out.append("<title id=\"")
        out.append(prefix)
        out.append("-title\">")
        out.append(svgEscaping: title)
        out.append("</title><desc id=\"")
        out.append(prefix)
        out.append("-desc\">")
        out.append(svgEscaping: description)
        out.append("</desc>")
        out.append(body)
        out.append("</svg>")
        return out
    }
}
