"""Shared fixtures of the site tests: the built site, a local web server and headless chromium.

Everything is made once per test run (module-level caches: `unittest discover` imports every test
module into one process) and torn down at exit. The site is built from the shipped `content/` with
the release binary, exactly as `scripts/build-site` does, into a temporary folder.
"""

import atexit
import base64
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import unittest
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "Tests" / "artifacts"
PORTAL = Path(os.environ.get("PORTAL_BIN", REPO / ".build" / "release" / "portal"))
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


# MARK: The built site

# Files of features not merged yet that pages already link to (the home page's downloads, the search
# page's script). A link to one, or the browser's 404 for it, is tolerated only while the file is absent,
# so it is checked like any other as soon as the feature lands. Empty this when they have all landed.
PENDING_FILES = {
    "data/checks.json": "findings as JSON (audit helper)",
    "data/checks.csv": "findings as CSV (audit helper)",
    "assets/search.js": "static search (search helper)",
}

class Site:
    """The site built into a temporary folder, and what the build printed."""

    def __init__(self, root: Path, build_log: str):
        self.root = root
        self.build_log = build_log

    def path(self, rel: str) -> Path:
        return self.root / rel

    def exists(self, rel: str) -> bool:
        return (self.root / rel).is_file()

    def files(self) -> list:
        """Every file, as a path relative to the root with `/` separators, sorted."""
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*") if p.is_file())

    def html_files(self) -> list:
        return [f for f in self.files() if f.endswith(".html")]

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    @functools.cached_property
    def data(self) -> dict:
        return json.loads(self.read("data/reports.json"))

    @property
    def reports(self) -> list:
        return self.data["reports"]

    @property
    def years(self) -> list:
        return sorted({r["year"] for r in self.reports if r.get("year") is not None})

    @property
    def agencies(self) -> dict:
        """slug → name of every agency with a published report."""
        return {r["agency"]["slug"]: r["agency"]["name"] for r in self.reports if r.get("agency")}

    def reports_of(self, slug: str) -> list:
        return [r for r in self.reports if r.get("agency") and r["agency"]["slug"] == slug]

    def slug_of(self, name_part: str) -> str:
        """The slug of the one agency whose name contains `name_part`."""
        matches = [s for s, n in self.agencies.items() if name_part in n]
        if len(matches) != 1:
            raise AssertionError(f"expected one agency named like {name_part!r}, found {matches}")
        return matches[0]

    # Features other helpers are adding: the tests that need them skip until the file is built.
    def has_search_index(self) -> bool:
        return self.exists("assets/search.js") and any(
            f.startswith("search/") and f != "search/index.html" for f in self.files())

    def has_checks_data(self) -> bool:
        return self.exists("data/checks.json")

    def svg_files(self) -> list:
        return [f for f in self.files() if f.endswith(".svg")]


_sites = {}


def site(base_url: str = "") -> Site:
    """The shipped content built with the release binary, once per run (and per --base-url asked for)."""
    if base_url not in _sites:
        if not PORTAL.is_file():
            raise RuntimeError(f"{PORTAL} is missing: run `swift build -c release --product portal` (scripts/test does)")
        tmp = Path(tempfile.mkdtemp(prefix="portal-site-tests-"))
        atexit.register(shutil.rmtree, tmp, True)
        out = tmp / "public"
        command = [str(PORTAL), "build", "--content", "content", "--output", str(out), "--templates", "site-templates"]
        if base_url:
            command += ["--base-url", base_url]
        proc = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            raise RuntimeError(f"portal build exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
        _sites[base_url] = Site(out, proc.stdout + proc.stderr)
    return _sites[base_url]


# MARK: HTML parsing (standard library only)

class PageParser(HTMLParser):
    """Collects ids, link targets, inline <svg> fragments and tag counts of one HTML page."""

    LINK_ATTRS = {"a": ("href",), "link": ("href",), "script": ("src",), "img": ("src",),
                  "source": ("src",), "iframe": ("src",), "form": ("action",), "area": ("href",),
                  "object": ("data",), "use": ("href", "xlink:href"), "image": ("href", "xlink:href")}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.links = []          # (tag, attribute, value, line)
        self.svgs = []           # source text of each top-level inline <svg>
        self.articles = []       # attributes of each <article>
        self._svg_depth = 0
        self._svg_start = None
        self._raw = ""

    def feed_page(self, text: str):
        self._raw = text
        self._lines = text.split("\n")
        self.feed(text)
        self.close()
        return self

    def _offset(self):
        line, col = self.getpos()
        return sum(len(l) + 1 for l in self._lines[:line - 1]) + col

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name") if tag in ("a",) else ("id",):
            if a.get(key):
                self.ids.add(a[key])
        for attr in self.LINK_ATTRS.get(tag, ()):
            if a.get(attr) is not None:
                self.links.append((tag, attr, a[attr], self.getpos()[0]))
        if tag == "article":
            self.articles.append(a)
        if tag == "svg":
            if self._svg_depth == 0:
                self._svg_start = self._offset()
            self._svg_depth += 1

    def handle_startendtag(self, tag, attrs):
        # `<svg/>` opens and closes at once; other self-closing tags only carry ids and links.
        if tag == "svg" and self._svg_depth == 0:
            start = self._offset()
            self.svgs.append(self._raw[start:self._raw.index(">", start) + 1])
            return
        depth = self._svg_depth
        self.handle_starttag(tag, attrs)
        self._svg_depth = depth

    def handle_endtag(self, tag):
        if tag == "svg" and self._svg_depth > 0:
            self._svg_depth -= 1
            if self._svg_depth == 0:
                end = self._raw.index(">", self._offset()) + 1
                self.svgs.append(self._raw[self._svg_start:end])


def parse_page(text: str) -> PageParser:
    return PageParser().feed_page(text)


# MARK: Local web server

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    timeout = 15  # a stuck connection cannot hold a worker thread for ever

    def log_message(self, format, *args):
        pass


_server = None


def server_url() -> str:
    """A static server on 127.0.0.1 (a free port) serving the built site; stopped at exit."""
    global _server
    if _server is None:
        root = site().root
        handler = functools.partial(_QuietHandler, directory=str(root))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
        thread.start()

        def stop():
            httpd.shutdown()
            httpd.server_close()
        atexit.register(stop)
        _server = f"http://127.0.0.1:{httpd.server_address[1]}/"
    return _server


# MARK: Headless chromium

_drivers = {}


def browser(javascript: bool = True):
    """Headless chromium through Debian's chromedriver, one per configuration, quit at exit.

    The browser log is collected (`goog:loggingPrefs`) so tests can fail on console errors.
    """
    key = "js" if javascript else "nojs"
    if key not in _drivers:
        try:
            from selenium import webdriver
            from selenium.webdriver.chrome.service import Service
        except ImportError as e:  # scripts/setup --test installs it
            raise RuntimeError("selenium is missing: run scripts/setup --test") from e
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--window-size=1280,900", "--lang=zh-CN", "--disable-extensions",
                    "--no-first-run", "--disable-background-networking"):
            options.add_argument(arg)
        if not javascript:
            options.add_argument("--blink-settings=scriptEnabled=false")
            options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        driver.set_page_load_timeout(30)
        driver.set_script_timeout(30)
        atexit.register(driver.quit)
        _drivers[key] = driver
    return _drivers[key]


def severe_console_entries(driver) -> list:
    """The SEVERE entries of the browser log since the last call (reading the log empties it), but for
    the 404 of a PENDING_FILES file that is not built yet."""
    missing = [f for f in PENDING_FILES if not site().exists(f)]

    def pending_404(entry):
        return any(re.search(rf"/{re.escape(f)} - Failed to load resource: .* 404", entry.get("message", "")) for f in missing)
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE" and not pending_404(e)]


def wait_loaded(driver, timeout: float = 10):
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return document.readyState") == "complete")


def screenshot(driver, name: str, full_page: bool = True) -> Path:
    """Saves a PNG of the page under Tests/artifacts/: the whole page (up to 10000 px high), or the viewport."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    if not full_page:
        driver.save_screenshot(str(path))
        return path
    width, height = driver.execute_script(
        "const e = document.documentElement; return [e.clientWidth, Math.max(e.scrollHeight, document.body.scrollHeight)]")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": min(height, 10000), "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


class BrowserTestCase(unittest.TestCase):
    """Opens pages of the served site in chromium and fails on any console error."""

    javascript = True

    @classmethod
    def setUpClass(cls):
        cls.site = site()
        cls.base = server_url()
        cls.driver = browser(cls.javascript)
        severe_console_entries(cls.driver)  # start from an empty log

    def url(self, rel: str) -> str:
        return self.base + rel

    def visit(self, rel: str):
        self.driver.get(self.url(rel))
        wait_loaded(self.driver)
        self.assertNoConsoleErrors(rel)
        return self.driver

    def assertNoConsoleErrors(self, where: str = ""):
        errors = severe_console_entries(self.driver)
        self.assertEqual(errors, [], f"console errors on {where or self.driver.current_url}")

    def tearDown(self):
        # Errors raised by clicks and scripts after the page loaded.
        self.assertNoConsoleErrors()


def rel_from_url(base: str, url: str) -> str:
    """The path of `url` below the served root, without query and fragment."""
    assert url.startswith(base), url
    return re.split(r"[?#]", url[len(base):], maxsplit=1)[0]
