"""The site as a visitor sees it, in headless chromium: navigation, the official tables, sorting, downloads,
no console errors, no JavaScript, a phone-wide screen, print, search. Screenshots go to Tests/artifacts/.
"""

import json
import re
import unittest
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import support

# Rows with value cells (<td>) in each official table, and value cells a row, by report format.
TABLE_SHAPES = {
    "2021": {"t2": 6, "t3": 25, "t4": 1},
}
TD_PER_ROW = {"t3": 7, "t4": 15}

# The text of every value cell of a report as shown (flags left out; a cell with its own text gives the
# number it was read as), keyed by the cell's id.
CELL_TEXT_JS = """
const out = {};
document.querySelectorAll('article#' + arguments[0] + ' table.official td[id]').forEach(td => {
  const c = td.cloneNode(true);
  c.querySelectorAll('a.flag').forEach(a => a.remove());
  const readAs = c.querySelector('.read-as');
  out[td.id] = {cls: td.className, text: (readAs ? readAs.textContent : c.textContent).trim(),
                written: (c.querySelector('.as-written') || {}).textContent || null};
});
return out;
"""


def json_value(report: dict, path: str):
    node = report
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            raise KeyError(path)
        node = node[key]
    return node


def number_text(v) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


class Visitor(support.BrowserTestCase):

    def agency_link(self, name: str):
        return self.driver.find_element(By.XPATH, f"//ul[@class='agencies']//a[normalize-space()='{name}']")

    def test_home_to_agency_page_shows_the_three_tables(self):
        self.visit("index.html")
        self.assertIn("政府信息公开工作年度报告", self.driver.find_element(By.TAG_NAME, "h1").text)
        listed = [a.text for a in self.driver.find_elements(By.CSS_SELECTOR, "ul.agencies a")]
        self.assertEqual(sorted(listed), sorted(self.site.agencies.values()))
        slug = self.site.slug_of("呼兰区")
        self.agency_link(self.site.agencies[slug]).click()
        WebDriverWait(self.driver, 10).until(EC.url_contains(f"agencies/{slug}/"))
        support.wait_loaded(self.driver)
        self.assertNoConsoleErrors()
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, "呼兰区卫生健康局")
        for report in self.site.reports_of(slug):
            anchor = f"y{report['year']}"
            shape = TABLE_SHAPES[report["format"]]
            for table, data_rows in shape.items():
                with self.subTest(table=table):
                    t = self.driver.find_element(By.ID, f"{anchor}-{table}")
                    self.assertTrue(t.is_displayed())
                    caption = t.find_element(By.TAG_NAME, "caption").get_attribute("textContent")
                    self.assertEqual(caption[0], {"t2": "二", "t3": "三", "t4": "四"}[table])
                    self.assertEqual(t.get_attribute("aria-labelledby") or t.find_element(By.XPATH, "..").get_attribute("aria-labelledby"),
                                     f"{anchor}-{table}-caption")
                    rows = [r for r in t.find_elements(By.CSS_SELECTOR, "tbody tr") if r.find_elements(By.TAG_NAME, "td")]
                    self.assertEqual(len(rows), data_rows)
                    if table in TD_PER_ROW:
                        self.assertEqual({len(r.find_elements(By.TAG_NAME, "td")) for r in rows}, {TD_PER_ROW[table]})

    def test_broken_rule_is_marked_at_the_cells(self):
        # 呼兰区 2023: 8 applications by natural persons answered 本机关不掌握, but both totals say 0.
        slug = self.site.slug_of("呼兰区")
        self.visit(f"agencies/{slug}/index.html")
        eight = self.driver.find_element(By.ID, "y2023-applications-results-unableToProvide-notHeld-naturalPerson")
        # The number itself, without the finding markers the cell carries.
        number = self.driver.execute_script(
            "return Array.from(arguments[0].childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join('')", eight)
        self.assertEqual(number, "8")
        classes = eight.get_attribute("class").split()
        # Row and column break by the same difference: the cell where they cross is the suspect.
        self.assertTrue({"flagged", "suspect"} <= set(classes), classes)
        findings = self.driver.find_elements(By.CSS_SELECTOR, "#y2023 ol.findings li.finding.error")
        checks = self.site.reports_of(slug)[0]["checks"]
        self.assertEqual(len(findings), len(checks))
        self.assertEqual(len(checks), 2)
        for f, check in zip(findings, checks):
            self.assertIn(check["message"], f.text)
            self.assertIn("合计 8", check["message"])
            self.assertIn(check["message"], eight.get_attribute("title"), "the cell says which rules it breaks")
        flagged = self.driver.find_elements(By.CSS_SELECTOR, "#y2023 td.flagged")
        self.assertEqual(sorted(td.get_attribute("id") for td in flagged),
                         ["y2023-applications-results-total-naturalPerson",
                          "y2023-applications-results-unableToProvide-notHeld-naturalPerson",
                          "y2023-applications-results-unableToProvide-notHeld-total"])
        for td in flagged:
            if td == eight:
                continue
            flag = td.find_element(By.CSS_SELECTOR, "a.flag")
            self.assertTrue(td.text.startswith("0"))
            self.assertNotEqual(td.value_of_css_property("background-color"), "rgba(0, 0, 0, 0)")
            # The marker leads to the finding, the finding back to the cell.
            flag.click()
            target = flag.get_attribute("href").split("#")[1]
            self.assertTrue(self.driver.current_url.endswith("#" + target))
            finding = self.driver.find_element(By.ID, target)
            # The finding leads to the cell most likely wrong: the suspect where the rules name one.
            self.assertEqual(finding.find_element(By.LINK_TEXT, "查看单元格").get_attribute("href").split("#")[1],
                             eight.get_attribute("id"))

    def test_every_cell_shows_the_published_number(self):
        for slug in self.site.agencies:
            self.visit(f"agencies/{slug}/index.html")
            for report in self.site.reports_of(slug):
                anchor = f"y{report['year']}"
                cells = self.driver.execute_script(CELL_TEXT_JS, anchor)
                self.assertGreater(len(cells), 100, f"{slug} {anchor}: value cells")
                for cell_id, shown in cells.items():
                    path = cell_id[len(anchor) + 1:].replace("-", ".")
                    value = json_value(report, path)
                    raw = report["rawCells"].get(path)
                    with self.subTest(agency=slug, cell=path):
                        # What the agency wrote, when it was more than a number, is shown as written.
                        self.assertEqual(shown["written"], raw)
                        if value is None and raw is None:
                            self.assertIn("blank", shown["cls"].split())
                            self.assertEqual(shown["text"], "空白")  # read out by screen readers
                        elif value is None:
                            self.assertEqual(shown["text"], "无数字")
                        elif raw is None:
                            self.assertEqual(shown["text"], number_text(value))
                        else:
                            self.assertEqual(shown["text"], f"读作 {number_text(value)}")

    def test_comparison_table_sorts_by_clicking_a_header(self):
        year = 2023
        self.visit(f"compare/{year}/index.html")
        table = self.driver.find_element(By.CSS_SELECTOR, ".sortable table")

        def column(i):
            return [r.find_elements(By.TAG_NAME, "td")[i].text for r in table.find_elements(By.CSS_SELECTOR, "tbody tr")]

        headers = table.find_elements(By.CSS_SELECTOR, "thead th")
        names = [h.text for h in headers]
        i = names.index("行政许可")
        before = column(i)
        self.assertEqual(len(before), len([r for r in self.site.reports if r["year"] == year]))
        headers[i].find_element(By.TAG_NAME, "button").click()
        self.assertEqual(headers[i].get_attribute("aria-sort"), "ascending")
        ascending = column(i)
        self.assertNotEqual(ascending, before, "the order changed")
        self.assertEqual([int(v) for v in ascending], sorted(int(v) for v in before))
        headers[i].find_element(By.TAG_NAME, "button").click()
        self.assertEqual(headers[i].get_attribute("aria-sort"), "descending")
        self.assertEqual(column(i), list(reversed(ascending)))
        self.assertEqual([h.get_attribute("aria-sort") for j, h in enumerate(headers) if j != i], ["none"] * (len(headers) - 1))
        # A column with a blank (—): numbers in order, the blank last both ways.
        j = names.index("主动公开条数")
        for direction in ("ascending", "descending"):
            headers[j].find_element(By.TAG_NAME, "button").click()
            self.assertEqual(headers[j].get_attribute("aria-sort"), direction)
            values = column(j)
            self.assertIn("—", values)
            numbers = [int(v) for v in values if v != "—"]
            self.assertEqual(values[len(numbers):], ["—"] * (len(values) - len(numbers)), f"{direction}: blank last")
            self.assertEqual(numbers, sorted(numbers, reverse=direction == "descending"))

    def test_agency_data_downloads_and_parses(self):
        slug = self.site.slug_of("盘州市")
        self.visit(f"agencies/{slug}/index.html")
        link = self.driver.find_element(By.CSS_SELECTOR, "p.downloads a[download]")
        href = link.get_attribute("href")
        self.assertTrue(href.endswith(f"agencies/{slug}/data.json"), href)
        fetched = self.driver.execute_async_script(
            "const done = arguments[1]; fetch(arguments[0]).then(r => r.text().then(t => done([r.status, r.headers.get('content-type'), t])))"
            ".catch(e => done([0, '', String(e)]))", href)
        status, content_type, text = fetched
        self.assertEqual(status, 200)
        self.assertIn("json", content_type)
        data = json.loads(text)
        self.assertEqual(data["agency"]["name"], "盘州市卫生健康局")
        self.assertEqual(len(data["reports"]), len(self.site.reports_of(slug)))
        for rel in ("data/reports.json", "data/schema.json"):
            with urllib.request.urlopen(self.url(rel), timeout=10) as r:
                self.assertEqual(r.status, 200)
                json.loads(r.read().decode("utf-8"))

    def test_no_console_errors_on_any_page(self):
        for page in self.site.html_files():
            with self.subTest(page):
                self.driver.get(self.url(page))
                support.wait_loaded(self.driver)
                self.assertEqual(support.severe_console_entries(self.driver), [])

    def test_no_control_nested_in_another(self):
        # After the scripts ran (sort.js turns headers into buttons): a link inside a button is neither.
        for page in self.site.html_files():
            with self.subTest(page):
                self.visit(page)
                nested = self.driver.execute_script(
                    "return Array.from(document.querySelectorAll('button a, button button, button input, a a, a button'))"
                    ".map(e => e.outerHTML.slice(0, 80))")
                self.assertEqual(nested, [])

    def test_quality_page_filters_findings(self):
        self.visit("quality/index.html")
        form = self.driver.find_element(By.ID, "quality-filter")
        self.assertTrue(form.is_displayed())
        rows = self.driver.find_elements(By.CSS_SELECTOR, "#findings tbody tr")
        self.assertEqual(len(rows), sum(len(r["checks"]) for r in self.site.reports))
        self.visit("quality/index.html?rule=rule1-row-sum")
        shown = [r for r in self.driver.find_elements(By.CSS_SELECTOR, "#findings tbody tr") if r.is_displayed()]
        self.assertEqual(len(shown), sum(1 for r in self.site.reports for c in r["checks"] if c["rule"] == "rule1-row-sum"))
        self.assertTrue(all("rule1-row-sum" in r.text for r in shown))

    def test_phone_width_has_no_horizontal_page_overflow(self):
        d = self.driver
        d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 375, "height": 800, "deviceScaleFactor": 1, "mobile": True})
        try:
            pages = ["index.html", f"agencies/{self.site.slug_of('呼兰区')}/index.html", f"agencies/{self.site.slug_of('沙湾市')}/index.html",
                     "compare/index.html", "compare/2023/index.html", "quality/index.html", "search/index.html"]
            for page in pages:
                with self.subTest(page):
                    self.visit(page)
                    self.assertEqual(d.execute_script("return window.innerWidth"), 375)
                    self.assertLessEqual(d.execute_script("return document.documentElement.scrollWidth"), 375)
                    # Every table wider than the screen scrolls inside its own .table-scroll box.
                    wide = d.execute_script("""
                        return Array.from(document.querySelectorAll('table')).filter(t => t.offsetWidth > 375).map(t => {
                          const box = t.closest('.table-scroll');
                          return [t.id || t.className, !!box, box ? getComputedStyle(box).overflowX : '', box ? box.clientWidth : 0];
                        });""")
                    for name, boxed, overflow, width in wide:
                        self.assertTrue(boxed, f"table {name} is not in a .table-scroll")
                        self.assertIn(overflow, ("auto", "scroll"))
                        self.assertLessEqual(width, 375)
                    if page.startswith("agencies/") and "hu-lan" in page:
                        self.assertTrue(wide, "table 三 is wider than a phone: the check above must have run")
                        d.execute_script("document.getElementById('y2023-t3').scrollIntoView()")
                        support.screenshot(d, "agency-phone", full_page=False)
                    if page == "index.html":
                        support.screenshot(d, "home-phone", full_page=False)
        finally:
            d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def test_print_stylesheet(self):
        slug = self.site.slug_of("呼兰区")
        self.visit(f"agencies/{slug}/index.html")
        d = self.driver
        media = d.execute_script("""
            const out = [];
            for (const sheet of document.styleSheets) for (const rule of sheet.cssRules)
              if (rule instanceof CSSMediaRule) out.push(rule.media.mediaText);
            return out;""")
        self.assertIn("print", media)
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            self.assertEqual(d.find_element(By.CSS_SELECTOR, "header.site").value_of_css_property("display"), "none")
            self.assertEqual(d.find_element(By.CSS_SELECTOR, "footer.site").value_of_css_property("display"), "none")
            box = d.find_element(By.CSS_SELECTOR, "#y2023-t3").find_element(By.XPATH, "..")
            self.assertEqual(box.value_of_css_property("overflow-x"), "visible", "tables print whole, not clipped")
        finally:
            d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        self.assertNotEqual(d.find_element(By.CSS_SELECTOR, "header.site").value_of_css_property("display"), "none")

    def test_screenshots(self):
        pages = {"home": "index.html", "agency": f"agencies/{self.site.slug_of('呼兰区')}/index.html",
                 "agency-raw-cells": f"agencies/{self.site.slug_of('沙湾市')}/index.html",
                 "compare": "compare/index.html", "compare-2023": "compare/2023/index.html",
                 "quality": "quality/index.html", "search": "search/index.html"}
        for name, page in pages.items():
            with self.subTest(name):
                self.visit(page)
                path = support.screenshot(self.driver, name)
                self.assertGreater(path.stat().st_size, 10_000, f"{path} looks empty")

    @unittest.skipUnless(support.site().has_search_index(), "assets/search.js and the search index are not built yet (search helper)")
    def test_search_finds_agencies(self):
        for query in ("盘州", "卫生"):
            with self.subTest(query):
                self.visit(f"search/index.html?q={urllib.request.quote(query)}")
                WebDriverWait(self.driver, 10).until(
                    lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results a[href*='agencies/']"))
                hrefs = [a.get_attribute("href") for a in self.driver.find_elements(By.CSS_SELECTOR, "#search-results a")]
                found = {m.group(1) for h in hrefs if (m := re.search(r"/agencies/([a-z0-9-]+)/", h))}
                expected = {s for s, n in self.site.agencies.items() if query in n}
                self.assertTrue(expected, query)
                self.assertTrue(expected <= found, f"{query}: {sorted(expected - found)} not found")
                for h in hrefs:
                    rel = support.rel_from_url(self.base, h)
                    self.assertTrue(self.site.exists(rel if not rel.endswith("/") and rel else rel + "index.html"), h)
                self.assertIn(query, self.driver.find_element(By.ID, "q").get_attribute("value"))


class WithoutJavaScript(support.BrowserTestCase):
    javascript = False

    def test_scripts_really_are_off(self):
        self.visit("compare/2023/index.html")
        self.assertEqual(self.driver.find_elements(By.CSS_SELECTOR, "th button"), [], "sort.js did not run")
        self.visit("search/index.html")
        self.assertIn("搜索需要 JavaScript", self.driver.find_element(By.TAG_NAME, "main").text, "the <noscript> note shows")

    def test_comparison_tables_are_complete(self):
        for year in self.site.years:
            with self.subTest(year=year):
                self.visit(f"compare/{year}/index.html")
                rows = self.driver.find_elements(By.CSS_SELECTOR, ".sortable table tbody tr")
                reports = [r for r in self.site.reports if r["year"] == year]
                self.assertEqual(len(rows), len(reports))
                self.assertTrue(all(r.is_displayed() for r in rows))
                names = sorted(r.find_element(By.TAG_NAME, "a").text for r in rows)
                self.assertEqual(names, sorted(r["agency"]["name"] for r in reports))
                width = len(self.driver.find_elements(By.CSS_SELECTOR, ".sortable table thead th"))
                self.assertTrue(all(len(r.find_elements(By.TAG_NAME, "td")) == width for r in rows))
        self.visit("compare/index.html")
        rows = self.driver.find_elements(By.CSS_SELECTOR, ".sortable table tbody tr")
        self.assertEqual([r.find_element(By.TAG_NAME, "a").text for r in rows], [str(y) for y in sorted(self.site.years, reverse=True)])

    def test_quality_filter_is_hidden_and_every_finding_shown(self):
        self.visit("quality/index.html")
        self.assertFalse(self.driver.find_element(By.ID, "quality-filter").is_displayed(),
                         "a filter that cannot work without JavaScript stays hidden")
        rows = self.driver.find_elements(By.CSS_SELECTOR, "#findings tbody tr")
        self.assertEqual(len(rows), sum(len(r["checks"]) for r in self.site.reports))
        self.assertTrue(all(r.is_displayed() for r in rows))

    def test_agency_tables_without_javascript(self):
        slug = self.site.slug_of("呼兰区")
        self.visit(f"agencies/{slug}/index.html")
        for table in ("t2", "t3", "t4"):
            self.assertTrue(self.driver.find_element(By.ID, f"y2023-{table}").is_displayed())


if __name__ == "__main__":
    unittest.main()
