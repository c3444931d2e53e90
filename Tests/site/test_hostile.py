"""Hostile reports in a real browser: no script from a report ever runs, and the attack text is shown as text.

The reports under Tests/PortalCoreTests/Fixtures/hostile (see make_hostile.py there) are built with the
release binary and served over HTTP; headless Chromium opens every page with alert/confirm/prompt/print
replaced before any script of the page runs (CDP Page.addScriptToEvaluateOnNewDocument), fires the
events inline handlers listen to on every element, and reads the DOM the browser built: scripts, event
handler attributes, link protocols as the browser parsed them, images and frames.

The browser is support.py's headless Chromium (the hook is removed again when these tests end); the
hostile site is built into its own folder and served by its own server.
"""

import atexit
import functools
import http.server
import json
import shutil
import subprocess
import tempfile
import threading
import unittest
from pathlib import Path

from support import PORTAL, REPO, browser, wait_loaded

HOSTILE = REPO / "Tests" / "PortalCoreTests" / "Fixtures" / "hostile"

# Runs before every page's own scripts: any call is recorded (and logged, so a late one is seen too).
HOOK = """
(() => {
  const calls = [];
  Object.defineProperty(window, '__hostileCalls', {value: calls});
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = function (...args) {
      calls.push(name + '(' + args.map(String).join(',') + ')');
      console.error('hostile-hook: ' + name + '(' + args.map(String).join(',') + ')');
      return null;
    };
  }
  let pwned = false;
  Object.defineProperty(window, '__pwned', {set(v) { pwned = true; calls.push('__pwned'); }, get() { return pwned; }});
})();
"""

# What the browser built: every script and whether it is the portal's, handler attributes, link
# protocols, embedded media; then the events inline handlers wait for, fired on every element.
INSPECT = """
const out = {scripts: [], handlers: [], badLinks: [], media: [], calls: []};
for (const s of document.scripts) {
  const src = s.getAttribute('src');
  const type = (s.type || '').toLowerCase();
  const own = src !== null && new URL(s.src).origin === location.origin && /\\/assets\\/[^\\/]+\\.js$/.test(new URL(s.src).pathname);
  const data = src === null && (type === 'application/json' || type === 'application/ld+json');
  if (!own && !data) out.scripts.push(s.outerHTML.slice(0, 200));
}
for (const el of document.querySelectorAll('*')) {
  for (const a of el.attributes) if (a.name.toLowerCase().startsWith('on')) out.handlers.push(el.tagName + ' ' + a.name);
}
for (const a of document.querySelectorAll('a[href], area[href]')) {
  if (['javascript:', 'data:', 'vbscript:', 'file:'].includes(a.protocol)) out.badLinks.push(a.getAttribute('href'));
}
for (const f of document.querySelectorAll('form[action]')) {
  const p = new URL(f.action, location.href).protocol;
  if (p === 'javascript:' || p === 'data:') out.badLinks.push(f.getAttribute('action'));
}
for (const m of document.querySelectorAll('img, iframe, frame, object, embed, video, audio, source, picture, base'))
  out.media.push(m.outerHTML.slice(0, 200));
for (const el of document.querySelectorAll('*')) {
  for (const type of ['mouseover', 'mouseenter', 'focus', 'click', 'load', 'error', 'animationstart', 'toggle']) {
    if (type === 'click' && (el.closest('a, button, form, summary, select, input, label'))) continue;
    el.dispatchEvent(new Event(type));
  }
}
const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
out.csp = csp ? csp.content : null;
out.calls = window.__hostileCalls.slice();
return out;
"""

_state = {}


def hostile_site():
    """The hostile fixtures built once with the release binary into a temporary folder."""
    if "root" not in _state:
        if not PORTAL.is_file():
            raise RuntimeError(f"{PORTAL} is missing: run `swift build -c release --product portal` (scripts/test does)")
        tmp = Path(tempfile.mkdtemp(prefix="portal-hostile-"))
        atexit.register(shutil.rmtree, tmp, True)
        content = tmp / "content"
        content.mkdir()
        for f in HOSTILE.iterdir():
            if f.suffix != ".py":
                shutil.copy(f, content / f.name)
        proc = subprocess.run([str(PORTAL), "build", "--content", str(content), "--output", str(tmp / "public"),
                               "--templates", str(REPO / "site-templates"), "--quiet"],
                              capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            raise RuntimeError(f"portal build of the hostile reports exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
        _state["root"] = tmp / "public"
    return _state["root"]


def serve(root: Path) -> str:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()

    def stop():
        httpd.shutdown()
        httpd.server_close()
    atexit.register(stop)
    return f"http://127.0.0.1:{httpd.server_address[1]}/"


class HostileReportsInChromium(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = hostile_site()
        cls.base = serve(cls.root)
        cls.driver = browser()
        cls.hook = cls.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})["identifier"]
        cls.driver.get_log("browser")  # start from an empty log
        cls.pages = sorted(p.relative_to(cls.root).as_posix() for p in cls.root.rglob("*.html"))

    @classmethod
    def tearDownClass(cls):
        cls.driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": cls.hook})

    def open(self, rel):
        self.driver.get(self.base + rel)
        wait_loaded(self.driver)
        return self.driver

    def console_problems(self):
        """Hook calls and script errors in the console (a missing file is another test's business)."""
        return [e["message"] for e in self.driver.get_log("browser")
                if e.get("level") == "SEVERE" and "Failed to load resource" not in e.get("message", "")]

    def test_every_page_nothing_runs(self):
        self.assertGreater(len(self.pages), 10)
        for rel in self.pages:
            with self.subTest(page=rel):
                self.open(rel)
                found = self.driver.execute_script(INSPECT)
                self.assertEqual(found["calls"], [], f"{rel}: a report's script ran")
                self.assertEqual(found["scripts"], [], f"{rel}: a script that is not the portal's")
                self.assertEqual(found["handlers"], [], f"{rel}: event handler attributes")
                self.assertEqual(found["badLinks"], [], f"{rel}: javascript:/data: links")
                self.assertEqual(found["media"], [], f"{rel}: embedded media or frames from a report")
                self.assertIn("script-src 'self';", found["csp"] or "", f"{rel}: no Content-Security-Policy")
                self.assertEqual(self.console_problems(), [], f"{rel}: console")

    def test_copied_originals_do_not_run(self):
        sources = sorted(p.relative_to(self.root).as_posix() for p in (self.root / "sources").rglob("*") if p.is_file())
        self.assertTrue(any(s.endswith(".html.txt") for s in sources), sources)
        for rel in sources:
            with self.subTest(source=rel):
                driver = self.open(rel)
                self.assertEqual(driver.execute_script("return window.__hostileCalls.slice()"), [], rel)
                self.assertEqual(driver.execute_script("return document.scripts.length"), 0, f"{rel} was rendered as a page")

    def visible_text(self, rel):
        return self.open(rel).execute_script("return document.body.innerText")

    def agency_page(self, name_part):
        reports = json.loads((self.root / "data" / "reports.json").read_text(encoding="utf-8"))["reports"]
        slugs = {r["agency"]["slug"] for r in reports if name_part in r["agency"]["name"]}
        self.assertEqual(len(slugs), 1, name_part)
        return f"agencies/{slugs.pop()}/index.html"

    def test_hostile_text_is_shown_as_text(self):
        home = self.visible_text("index.html")
        for name in ['<img/src=x/onerror=alert("title")//卫健委', '"/onload=alert(1)//<svg/onload=alert(2)//局',
                     'X"\u0301/onmouseover=alert(1)//局', "盘州市\\u{202e}局康健生卫\\u{202c}\\u{2066}甲\\u{2069}",
                     "长名机构" + "很" * 4996, '</title><script>alert("yaml")</script>"><svg/onload=alert(3)>]]><!--局',
                     "<img/src=x/onerror=alert('html-title')//网页局"]:
            self.assertIn(name, home)
        page = self.visible_text(self.agency_page('alert("title")'))
        for text in ['正文<script>alert("prose")</script>结束。', '187<script>alert("cell")</script>',
                     '0<img src=x onerror=alert("cell3")>', "模板标记 {{root}} {{{name}}}"]:
            self.assertIn(text, page)
        links = self.visible_text(self.agency_page("链接测试局"))
        self.assertIn("<a href=\"javascript:alert('raw-a')\">原始链接</a>", links)
        self.assertIn("外部图片", links)
        self.assertIn("07-<img src=x onerror=alert(\"file\")>.txt", self.visible_text(self.agency_page("文件名测试局")))
        self.assertIn("0<img src=x onerror=alert('html-cell')>", self.visible_text(self.agency_page("网页局")))


if __name__ == "__main__":
    unittest.main()
