#!/usr/bin/env python3
"""Bytes a browser downloads to answer one search query on a static site, measured in headless chromium.

    search_bytes.py pagefind SITE QUERY   # Pagefind's JS API on SITE (a Hugo public/ with pagefind/ in it)
    search_bytes.py portal SITE QUERY     # portal's search page, SITE/search/index.html?q=QUERY
    search_bytes.py row RESULT.json SIZE  # a Markdown table row of a saved result (for run.sh)

The site is served from 127.0.0.1 by Python's http.server (no compression: Pagefind's files are gzip
already, portal's shards are what they are), the browser cache is disabled, and the bytes are the response
bodies the server sent for the query (counted at the server, because Pagefind fetches from a Web Worker
that the page's Resource Timing does not see):

- pagefind: after loading the site's home page, the count starts; then pagefind.js is imported,
  `search(QUERY)` runs and the first 5 results' `data()` are loaded (what Pagefind's default UI shows
  first). That covers pagefind.js, pagefind-entry.json, the wasm, the .pf_meta, the index chunks and the
  fragments.
- portal: the search page is loaded with ?q=QUERY; search.js and the index files it fetches under
  search/ count (not the page itself or its stylesheet, favicon and table-sorting script), once the
  status line is filled and no request has started for a second.

Prints one JSON object: tool, query, bytes, requests, results, files (name, bytes).
"""
import functools
import http.server
import json
import sys
import threading
import time
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service


SERVED = []  # (path, bytes) of every response body sent, in order


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files and records what it sent: Pagefind fetches from a Web Worker, whose requests the
    page's Resource Timing never sees, so the bytes are counted where they leave the server."""
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".js": "text/javascript", ".json": "application/json"}

    def copyfile(self, source, outputfile):
        data = source.read()
        outputfile.write(data)
        SERVED.append((urllib.parse.unquote(self.path.split("?")[0]), len(data)))

    def log_message(self, *args):
        pass


def serve(root):
    handler = functools.partial(CountingHandler, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def browser():
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]:
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    driver.set_script_timeout(120)
    driver.set_page_load_timeout(120)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    return driver


def pagefind(driver, base, query):
    driver.get(base + "/")
    time.sleep(0.5)
    SERVED.clear()
    outcome = driver.execute_async_script("""
        const [query, done] = [arguments[0], arguments[arguments.length - 1]];
        (async () => {
          const pf = await import('/pagefind/pagefind.js');
          if (pf.init) { await pf.init(); }
          const r = await pf.search(query);
          await Promise.all(r.results.slice(0, 5).map(x => x.data()));
          done({results: r.results.length});
        })().catch(e => done({error: String(e)}));""", query)
    time.sleep(0.5)
    return outcome, list(SERVED)


def portal(driver, base, query):
    driver.get(base + "/search/index.html?q=" + urllib.parse.quote(query))
    deadline = time.time() + 120
    last_count, quiet_since = -1, time.time()
    while time.time() < deadline:
        status = driver.execute_script("const s = document.getElementById('search-status'); return s ? s.textContent : '';")
        count = len(SERVED)
        if count != last_count:
            last_count, quiet_since = count, time.time()
        if status.strip() and time.time() - quiet_since > 1.0:
            break
        if not status.strip() and time.time() - quiet_since > 30:
            raise SystemExit("search_bytes.py: the search page never reported a result (is assets/search.js there?)")
        time.sleep(0.1)
    results = driver.execute_script("return document.querySelectorAll('#search-results > li').length;")
    # The search: search.js and the index under search/; the page itself and its chrome (stylesheet,
    # favicon, the table-sorting script every page has) are not counted, as Pagefind's count has no page.
    entries = [e for e in SERVED if (e[0].startswith("/search/") and not e[0].startswith("/search/index.html"))
               or e[0].endswith("/search.js")]
    return {"results": results, "status": status.strip()}, entries


def markdown_row(path, size, limit=12):
    """One row of run.sh's table from a saved measurement."""
    d = json.load(open(path, encoding="utf-8"))
    label = "Pagefind" if d["tool"] == "pagefind" else "portal"
    files = ", ".join(f"{f['name'].split('/')[-1]} {f['bytes']:,}" for f in d["files"][:limit])
    more = f" … ({len(d['files']) - limit} more)" if len(d["files"]) > limit else ""
    print(f"| {size} | {label} | {d['bytes']:,} | {d['requests']} | {d['results']} | {files}{more} |")


def main():
    if sys.argv[1] == "row":
        return markdown_row(sys.argv[2], sys.argv[3])
    tool, site, query = sys.argv[1], sys.argv[2], sys.argv[3]
    server, port = serve(site)
    driver = browser()
    try:
        base = f"http://127.0.0.1:{port}"
        outcome, entries = (pagefind if tool == "pagefind" else portal)(driver, base, query)
    finally:
        driver.quit()
        server.shutdown()
    files = [{"name": name, "bytes": size} for name, size in entries]
    print(json.dumps({"tool": tool, "query": query, "bytes": sum(f["bytes"] for f in files), "requests": len(files),
                      **outcome, "files": files}, ensure_ascii=False))


if __name__ == "__main__":
    main()
