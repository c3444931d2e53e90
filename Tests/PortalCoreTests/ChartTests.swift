import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import PortalCore

extension XMLElement {
    /// FoundationXML on Linux does not find plain attributes of an element in a default namespace by
    /// `attribute(forName:)`; look them up by name.
    func attr(_ name: String) -> String? { attributes?.first { $0.name == name }?.stringValue }
}

/// Every chart is parsed as XML and its geometry checked: well-formed, no NaN/inf, no negative sizes,
/// every text inside the viewBox by the same width estimate the layout used.
final class ChartTests: XCTestCase {
    static let hostile = "<script>alert(\"x\")</script> & ]]> 'q' \u{0}\u{1}\u{1B}\u{FFFE} </svg><!--"
    static let longName = "贵州省六盘水市盘州市卫生健康局（盘州市中医药管理局、盘州市爱国卫生运动委员会办公室）"

    // MARK: Helpers

    /// Parses the SVG and runs every structural check; returns the root for further assertions.
    @discardableResult
    func check(_ svg: String, file: StaticString = #filePath, line: UInt = #line) throws -> XMLElement {
        let doc = try XMLDocument(xmlString: svg, options: [])
        let root = try XCTUnwrap(doc.rootElement(), file: file, line: line)
        XCTAssertEqual(root.name, "svg", file: file, line: line)
        XCTAssertEqual(root.attr("xmlns") ?? root.uri, "http://www.w3.org/2000/svg", file: file, line: line)
        XCTAssertEqual(root.attr("role"), "img", file: file, line: line)
        XCTAssertFalse(svg.hasPrefix("<?xml"), "an XML declaration is invalid inline in HTML", file: file, line: line)
        let viewBox = try XCTUnwrap(root.attr("viewBox"), file: file, line: line)
            .split(separator: " ").compactMap { Double($0) }
        XCTAssertEqual(viewBox.count, 4, file: file, line: line)
        let (w, h) = (viewBox[2], viewBox[3])
        XCTAssertEqual(Double(root.attr("width") ?? ""), w, file: file, line: line)
        XCTAssertEqual(Double(root.attr("height") ?? ""), h, file: file, line: line)

        // aria-labelledby names the <title> and <desc>, which exist and come first.
        let labelled = (root.attr("aria-labelledby") ?? "").split(separator: " ").map(String.init)
        XCTAssertEqual(labelled.count, 2, file: file, line: line)
        let children = root.children?.compactMap { $0 as? XMLElement } ?? []
        XCTAssertEqual(children.first?.name, "title", file: file, line: line)
        XCTAssertEqual(children.dropFirst().first?.name, "desc", file: file, line: line)
        XCTAssertEqual(children.first?.attr("id"), labelled.first, file: file, line: line)
        XCTAssertEqual(children.dropFirst().first?.attr("id"), labelled.last, file: file, line: line)

        for bad in ["NaN", "nan", "inf", "Infinity"] {
            XCTAssertFalse(svg.contains("\"\(bad)") || svg.contains(" \(bad)"), "\(bad) in output", file: file, line: line)
        }
        // No markup smuggled in: only SVG's own elements.
        let allowed: Set<String> = ["svg", "title", "desc", "defs", "pattern", "rect", "path", "circle", "g", "text", "line"]
        var ids: [String] = []
        for element in descendants(root) {
            XCTAssertTrue(allowed.contains(element.name ?? ""), "unexpected <\(element.name ?? "")>", file: file, line: line)
            if let id = element.attr("id") { ids.append(id) }
            for attr in element.attributes ?? [] {
                let name = attr.name ?? ""
                XCTAssertFalse(name.hasPrefix("on"), "event handler \(name)", file: file, line: line)
                if ["x", "y", "x1", "x2", "y1", "y2", "width", "height", "font-size", "cx", "cy", "r"].contains(name) {
                    let v = try XCTUnwrap(Double(attr.stringValue ?? ""), "\(name)=\(attr.stringValue ?? "")", file: file, line: line)
                    XCTAssertTrue(v.isFinite, file: file, line: line)
                    if ["width", "height", "font-size", "r"].contains(name) { XCTAssertGreaterThanOrEqual(v, 0, file: file, line: line) }
                }
            }
            if element.name == "rect", element.parent?.name != "pattern" {
                let x = Double(element.attr("x") ?? "0")!
                let y = Double(element.attr("y") ?? "0")!
                let rw = Double(element.attr("width") ?? "0")!
                let rh = Double(element.attr("height") ?? "0")!
                XCTAssertTrue(x >= 0 && x + rw <= w + 0.1 && y >= 0 && y + rh <= h + 0.1,
                              "rect \(x),\(y) \(rw)×\(rh) outside \(w)×\(h)", file: file, line: line)
            }
            if element.name == "text" { assertInside(element, width: w, height: h, file: file, line: line) }
        }
        XCTAssertEqual(Set(ids).count, ids.count, "duplicate ids", file: file, line: line)
        return root
    }

    /// The text's box by the layout's own estimate: anchored at x, from 0.8em above to 0.25em below y.
    func assertInside(_ text: XMLElement, width: Double, height: Double, file: StaticString, line: UInt) {
        let x = Double(text.attr("x") ?? "") ?? .nan
        let y = Double(text.attr("y") ?? "") ?? .nan
        let size = Double(text.attr("font-size") ?? "") ?? .nan
        let content = text.stringValue ?? ""
        let tw = SVGText.width(content, fontSize: size)
        let left: Double
        switch text.attr("text-anchor") {
        case "end": left = x - tw
        case "middle": left = x - tw / 2
        default: left = x
        }
        XCTAssertTrue(left >= -0.1 && left + tw <= width + 0.1 && y - 0.8 * size >= -0.1 && y + 0.25 * size <= height + 0.1,
                      "text «\(content)» [\(left), \(left + tw)] × [\(y - 0.8 * size), \(y + 0.25 * size)] outside \(width)×\(height)",
                      file: file, line: line)
    }

    func descendants(_ e: XMLElement) -> [XMLElement] {
        let kids = e.children?.compactMap { $0 as? XMLElement } ?? []
        return kids + kids.flatMap(descendants)
    }

    func texts(_ root: XMLElement) -> [String] {
        descendants(root).filter { $0.name == "text" }.map { $0.stringValue ?? "" }
    }

    func titles(_ root: XMLElement) -> [String] {
        descendants(root).filter { $0.name == "title" }.map { $0.stringValue ?? "" }
    }

    /// Bars drawn in the plot (not legend swatches, pattern tiles or the white plates under numbers):
    /// rects inside a <g> with a <title>.
    func bars(_ root: XMLElement) -> [XMLElement] {
        descendants(root).filter { $0.name == "rect" && $0.parent?.name == "g" && $0.attr("fill") != "#ffffff"
            && ($0.parent?.children ?? []).contains { $0.name == "title" } }
    }

    func width(_ rect: XMLElement) -> Double { Double(rect.attr("width") ?? "") ?? .nan }

    // MARK: Bar chart

    func testBarChartBasicsAndProportions() throws {
        let svg = Charts.barChart(id: "fig1", title: "2023年各机关新收申请", description: "横向条形图", unit: "件",
                                  bars: [("甲局", 100), ("乙局", 50), ("丙局", 0), ("丁局", nil), ("戊局", 25)])
        let root = try check(svg)
        XCTAssertEqual(titles(root).first, "2023年各机关新收申请")
        let drawn = bars(root)
        XCTAssertEqual(drawn.count, 3, "0 and nil draw no bar")
        XCTAssertEqual(width(drawn[1]) / width(drawn[0]), 0.5, accuracy: 0.01)
        XCTAssertEqual(width(drawn[2]) / width(drawn[0]), 0.25, accuracy: 0.01)
        let t = texts(root)
        XCTAssertTrue(t.contains("0"), "zero is written as 0")
        XCTAssertTrue(t.contains("未填报"), "nil is written as 未填报")
        XCTAssertTrue(t.contains("100") && t.contains("50") && t.contains("25"))
        XCTAssertTrue(t.contains("单位：件"))
        XCTAssertTrue(titles(root).contains("丁局：未填报"))
        XCTAssertTrue(titles(root).contains("丙局：0件"))
        XCTAssertTrue(svg.contains("aria-labelledby=\"fig1-title fig1-desc\""))
    }

    func testHostileLabelsAreEscaped() throws {
        let svg = Charts.barChart(id: "h", title: Self.hostile, description: Self.hostile, unit: Self.hostile,
                                  bars: [(Self.hostile, 3), ("a\"b'c<d>&e", nil)])
        let root = try check(svg)
        XCTAssertFalse(svg.contains("<script"))
        XCTAssertFalse(svg.contains("]]>"))
        XCTAssertFalse(svg.contains("<!--"))
        // The full label survives (control characters replaced) in the tooltip.
        let cleaned = Self.hostile.unicodeScalars.map { [0, 1, 0x1B, 0xFFFE].contains($0.value) ? "\u{FFFD}" : String($0) }.joined()
        XCTAssertEqual(titles(root).first, cleaned)
        XCTAssertTrue(titles(root).contains("a\"b'c<d>&e：未填报"))
        for chart in [
            Charts.groupedBarChart(id: Self.hostile, title: Self.hostile, description: "", unit: "",
                                   groups: [Self.hostile], series: [(Self.hostile, [1])]),
            Charts.stackedBarChart(id: "s", title: "t", description: "d", unit: "件", categories: [Self.hostile, "b"],
                                   bars: [(Self.hostile, [1, 2])]),
        ] {
            try check(chart)
            XCTAssertFalse(chart.contains("<script"))
        }
    }

    func testLongLabelsAreCutWithEllipsisAndKeptInTooltip() throws {
        let root = try check(Charts.barChart(id: "l", title: "t", description: "d", unit: "件",
                                             bars: [(Self.longName, 12), ("短", 3)]))
        let drawnLabel = try XCTUnwrap(texts(root).first { $0.hasPrefix("贵州省") })
        XCTAssertTrue(drawnLabel.hasSuffix("…"))
        XCTAssertLessThan(drawnLabel.count, Self.longName.count)
        XCTAssertLessThanOrEqual(SVGText.width(drawnLabel, fontSize: Charts.labelFont), Charts.width * 0.38)
        XCTAssertTrue(titles(root).contains("\(Self.longName)：12件"))
    }

    func testEdgeCasesStayFiniteAndInside() throws {
        let cases: [[(label: String, value: Double?)]] = [
            [],
            [("只有一个", 7)],
            [("零", 0), ("也是零", 0)],
            [("空", nil), ("也空", nil)],
            [("大", 1e9), ("小", 1), ("更大", 2_345_678_901)],
            [("巨", 1e300), ("负巨", -1e300)],
            [("小数", 0.1), ("小数2", 0.3), ("万元", 12.5)],
            [("负", -40), ("正", 60), ("空", nil)],
            [("非数", .nan), ("无穷", .infinity), ("正常", 5)],
            [(Self.longName, 1e9), (Self.longName + "2", -1e9), ("x", nil)],
            [("WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", 1)],
        ]
        for bars in cases {
            try check(Charts.barChart(id: "e", title: "t", description: "d", unit: "件", bars: bars))
        }
        let empty = try check(Charts.barChart(id: "e", title: "t", description: "d", unit: "", bars: []))
        XCTAssertTrue(texts(empty).contains("无数据"))
        let allZero = try check(Charts.barChart(id: "z", title: "t", description: "d", unit: "件", bars: [("a", 0), ("b", 0)]))
        XCTAssertEqual(bars(allZero).count, 0)
        XCTAssertEqual(texts(allZero).filter { $0 == "0" }.count, 3, "tick 0 and two values 0")
        let big = try check(Charts.barChart(id: "b", title: "t", description: "d", unit: "件", bars: [("大", 1e9), ("小", 5e8)]))
        XCTAssertTrue(texts(big).contains("1000000000"), "written like people write it, not 1e+09")
        XCTAssertEqual(width(bars(big)[1]) / width(bars(big)[0]), 0.5, accuracy: 0.01)
        let invalid = try check(Charts.barChart(id: "n", title: "t", description: "d", unit: "件", bars: [("a", .nan)]))
        XCTAssertTrue(texts(invalid).contains(Charts.invalidText))
        let decimals = try check(Charts.barChart(id: "d", title: "t", description: "d", unit: "万元", bars: [("a", 0.1), ("b", 0.3)]))
        XCTAssertTrue(texts(decimals).contains("0.3"))
        XCTAssertFalse(texts(decimals).contains { $0.contains("0000000") }, "tick labels are rounded")
    }

    func testTwoHundredBars() throws {
        var bars: [(label: String, value: Double?)] = []
        for i in 0..<200 {
            let value: Double? = i % 17 == 0 ? nil : Double(i * 37 % 1000)
            bars.append((label: "机关\(i)号局", value: value))
        }
        let svg = Charts.barChart(id: "many", title: "t", description: "d", unit: "件", bars: bars)
        let root = try check(svg)
        let drawn = self.bars(root)
        XCTAssertEqual(drawn.count, bars.filter { ($0.value ?? 0) > 0 }.count)
        XCTAssertEqual(texts(root).filter { $0 == "未填报" }.count, bars.filter { $0.value == nil }.count)
        let height = Double(root.attr("height") ?? "") ?? 0
        XCTAssertGreaterThan(height, 200 * Charts.rowHeight)
    }

    func testDeterministicAndPrefixedIds() throws {
        let make = { (id: String) in
            Charts.stackedBarChart(id: id, title: "t", description: "d", unit: "件",
                                   bars: [("2022", [1, 2, 3, 4, 5, 6]), ("2023", [6, 5, 4, 3, 2, 1])])
        }
        XCTAssertEqual(make("a"), make("a"))
        let a = make("agency-1"), b = make("agency-2")
        let idsA = Set(descendants(try check(a)).compactMap { $0.attr("id") })
        let idsB = Set(descendants(try check(b)).compactMap { $0.attr("id") })
        XCTAssertTrue(idsA.isDisjoint(with: idsB), "two charts on one page never share an id")
        XCTAssertTrue(idsA.allSatisfy { $0.hasPrefix("agency-1-") })
        XCTAssertNotEqual(SVGText.idPrefix("卫生"), SVGText.idPrefix("教育"))
        XCTAssertNotEqual(SVGText.idPrefix("1"), SVGText.idPrefix("c1"))
        XCTAssertEqual(SVGText.idPrefix("a-1"), "a-1")
    }

    // MARK: Grouped and stacked

    func testGroupedBars() throws {
        let svg = Charts.groupedBarChart(
            id: "g", title: "历年数字", description: "d", unit: "件", groups: ["2021", "2022", "2023"],
            series: [("新收申请", [10, 20, nil]), ("予以公开", [5, 0, 7]), ("行政许可", [100000, 98000, 1e9])])
        let root = try check(svg)
        let t = texts(root)
        for name in ["新收申请", "予以公开", "行政许可", "2021", "2023", "未填报", "1000000000"] {
            XCTAssertTrue(t.contains(name), name)
        }
        XCTAssertTrue(titles(root).contains("2023 新收申请：未填报"))
        XCTAssertTrue(titles(root).contains("2022 予以公开：0件"))
        XCTAssertEqual(bars(root).count, 7, "nil and 0 draw no bar")
        // Series beyond the first are patterned, so they differ without colour.
        XCTAssertTrue(svg.contains("fill=\"url(#g-p1)\"") && svg.contains("fill=\"url(#g-p2)\""))
        try check(Charts.groupedBarChart(id: "g0", title: "t", description: "d", unit: "件", groups: [], series: []))
        try check(Charts.groupedBarChart(id: "g1", title: "t", description: "d", unit: "件", groups: ["2023"],
                                         series: (0..<12).map { ("系列\($0)很长的名字\(ChartTests.longName)", [Double($0)]) }))
        try check(Charts.groupedBarChart(id: "g2", title: "t", description: "d", unit: "件", groups: ["2023", "2024"],
                                         series: [("短", [1])]))  // fewer values than groups
    }

    func testStackedBars() throws {
        let svg = Charts.stackedBarChart(
            id: "s", title: "办理结果", description: "d", unit: "件",
            bars: [("2022", [40, 10, 5, 3, 2, 0]), ("2023", [nil, nil, nil, nil, nil, nil]), ("2024", [50, nil, 0, 1, 0, 2]),
                   ("2025", [0, 0, 0, 0, 0, 0]), ("2026", [10, -3, 0, 0, 0, 0])])
        let root = try check(svg)
        let t = texts(root)
        XCTAssertTrue(t.contains("60"), "total of 2022")
        XCTAssertTrue(t.contains("40"), "a wide segment carries its value")
        XCTAssertTrue(t.contains("未填报"), "an all-blank year")
        XCTAssertTrue(t.contains("53（部分未填报）"), "a partly blank year says its total is partial")
        XCTAssertTrue(t.contains("10（负数未绘制）"))
        for category in Charts.handlingCategories { XCTAssertTrue(t.contains(category), "legend \(category)") }
        XCTAssertTrue(titles(root).contains("2022 予以公开：40件"))
        // 2022: 5 positive segments; 2024: 3; 2026: 1.
        XCTAssertEqual(bars(root).count, 9)
        let segments2022 = bars(root).prefix(5).map(width)
        XCTAssertEqual(segments2022[0] / segments2022[1], 4, accuracy: 0.01)
        try check(Charts.stackedBarChart(id: "s0", title: "t", description: "d", unit: "件", bars: []))
        try check(Charts.stackedBarChart(id: "s1", title: "t", description: "d", unit: "件",
                                         bars: (0..<200).map { ("机关\($0)", [1e9, 1, nil, 0, 3, Double($0)]) }))
        try check(Charts.stackedBarChart(id: "s2", title: "t", description: "d", unit: "件", categories: [], bars: [("a", [])]))
    }

    func testHandlingValuesSumGroupsAndKeepBlanks() {
        var a = Applications()
        for row in ApplicationRow.allCases { a[row, .total] = 1 }
        a[.granted, .total] = 40
        XCTAssertEqual(Charts.handlingValues(a, format: .v2021), [40, 1, 8, 3, 5, 3])
        XCTAssertEqual(Charts.handlingValues(a, format: .v2019), [40, 1, 8, 3, 5, 1])
        a[.stateSecret, .total] = nil
        XCTAssertEqual(Charts.handlingValues(a, format: .v2021)[2], nil, "a blank cell leaves its group blank, not a smaller sum")
    }

    // MARK: Greyscale and text

    func testPaletteLightnessIsDistinctAndMatchesColours() {
        func lightness(_ hex: String) -> Double {
            let v = Int(hex.dropFirst(), radix: 16)!
            func lin(_ c: Int) -> Double { let s = Double(c) / 255; return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4) }
            let y = 0.2126 * lin(v >> 16) + 0.7152 * lin((v >> 8) & 0xFF) + 0.0722 * lin(v & 0xFF)
            return 116 * (y > 0.008856 ? pow(y, 1.0 / 3) : 7.787 * y + 16.0 / 116) - 16
        }
        let l = Charts.palette.map { lightness($0.fill) }
        for (i, entry) in Charts.palette.enumerated() { XCTAssertEqual(l[i], entry.lightness, accuracy: 0.2) }
        for i in l.indices { for j in l.indices where i < j { XCTAssertGreaterThanOrEqual(abs(l[i] - l[j]), 10, "\(i) vs \(j)") } }
        for i in 0..<(l.count - 1) { XCTAssertGreaterThanOrEqual(abs(l[i] - l[i + 1]), 20, "stack neighbours \(i)") }
    }

    func testTextWidthEstimateAndTruncation() {
        XCTAssertEqual(SVGText.width("卫生健康局", fontSize: 10), 50)
        XCTAssertEqual(SVGText.width("2023", fontSize: 10), 24, accuracy: 0.01)
        XCTAssertEqual(SVGText.truncate("卫生健康局", maxWidth: 50, fontSize: 10), "卫生健康局")
        XCTAssertEqual(SVGText.truncate("卫生健康局", maxWidth: 40, fontSize: 10), "卫生健…")
        XCTAssertEqual(SVGText.num(-0.04), "0")
        XCTAssertEqual(SVGText.num(12.25), "12.3")
        XCTAssertEqual(SVGText.num(.nan), "0")
        XCTAssertEqual(SVGText.singleLine("  a\n\t b  "), "a b")
    }

    // MARK: Tables

    func testDataTablesMatchTheCharts() throws {
        let html = Charts.stackedBarTable(title: "办理结果 <&>", unit: "件",
                                          bars: [("2023", [40, 10, nil, 3, 2, 0]), ("2024", [1, 2, 3, 4, 5, 6])])
        let doc = try XMLDocument(xmlString: html, options: [])
        let root = try XCTUnwrap(doc.rootElement())
        XCTAssertEqual(root.name, "table")
        XCTAssertEqual(root.elements(forName: "caption").first?.stringValue, "办理结果 <&>（单位：件）")
        let headers = descendants(root).filter { $0.name == "th" && $0.attr("scope") == "col" }
        XCTAssertEqual(headers.map { $0.stringValue ?? "" }, ["年度"] + Charts.handlingCategories + ["合计"])
        let cells = descendants(root).filter { $0.name == "td" }.map { $0.stringValue ?? "" }
        XCTAssertEqual(cells, ["40", "10", "未填报", "3", "2", "0", "未填报", "1", "2", "3", "4", "5", "6", "21"])
        let bar = try XMLDocument(xmlString: Charts.barTable(title: "t", unit: "件", bars: [(Self.hostile, 1e9)]), options: [])
        XCTAssertEqual(descendants(try XCTUnwrap(bar.rootElement())).filter { $0.name == "td" }.first?.stringValue, "1000000000")
        let grouped = try XMLDocument(xmlString: Charts.groupedBarTable(title: "t", unit: "件", groups: ["2022", "2023"],
                                                                        series: [("新收", [1, nil]), ("公开", [2])]), options: [])
        XCTAssertEqual(descendants(try XCTUnwrap(grouped.rootElement())).filter { $0.name == "td" }.map { $0.stringValue ?? "" },
                       ["1", "2", "未填报", "未填报"])
    }

    /// SVGText.isWhitespace is Unicode's White_Space, scalar for scalar.
    func testWhitespaceTestIsUnicodeWhiteSpace() {
        for v in UInt32(0)...0x10FFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            if SVGText.isWhitespace(u) != u.properties.isWhitespace { XCTFail("U+\(String(v, radix: 16))"); return }
        }
    }
}
