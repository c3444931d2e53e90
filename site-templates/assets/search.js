/*
 * search.js — the portal's static search: no server, no library, no build step.
 *
 * The page it expects (the form is a plain GET form: submitting it reloads the page with ?q=…, and this
 * script reads the query from there):
 *
 *   <form role="search" method="get" action="">
 *     <label for="search-q">搜索报告和机关</label>
 *     <input id="search-q" name="q" type="search">
 *     <button type="submit">搜索</button>
 *   </form>
 *   <p id="search-status" role="status" aria-live="polite"></p>
 *   <ol id="search-results"></ol>
 *   <button id="search-more" type="button" hidden>显示更多结果</button>
 *   <script src="../assets/search.js" data-search-base="../search/" defer></script>
 *
 * data-search-base (on the script or the form): the index folder, relative to the page.
 * data-site-root (optional, same places): what result URLs are relative to; default: the base's parent.
 *
 * Index format: Sources/PortalCore/Render/SearchIndex.swift. tokenize() must follow the same rules as
 * Sources/PortalCore/Render/SearchTokenizer.swift; Tests/search-js/search.test.js checks both against one
 * fixture written by the Swift tests. Report text only ever reaches the page through textContent.
 */
(function () {
  'use strict';

  // ---- Tokenizer (keep in step with SearchTokenizer.swift) ----

  function fold(c) {
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0; // full-width ASCII, then lower-cased below
    if (c === 0x3000) return 0x20;
    if (c >= 0x41 && c <= 0x5a) return c + 0x20;
    if (c >= 0xc0 && c <= 0xde && c !== 0xd7) return c + 0x20;
    return c;
  }

  function isHan(c) {
    return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0x20000 && c <= 0x323af) || c === 0x3007;
  }

  function isWord(c) { // of a folded code point
    return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0xdf && c <= 0xff && c !== 0xf7) ||
      (c >= 0x100 && c <= 0x24f);
  }

  /** Distinct tokens in order of first appearance: Han bigrams and words of two or more characters. */
  function tokenize(text) {
    const out = [];
    const seen = new Set();
    let previousHan = 0;
    let word = '';
    let wordLength = 0;
    const push = (t) => { if (!seen.has(t)) { seen.add(t); out.push(t); } };
    const flush = () => { if (wordLength >= 2) push(word); word = ''; wordLength = 0; };
    for (const ch of String(text)) {
      const c = fold(ch.codePointAt(0));
      if (isHan(c)) {
        flush();
        if (previousHan) push(String.fromCodePoint(previousHan, c));
        previousHan = c;
      } else if (isWord(c)) {
        previousHan = 0;
        word += String.fromCodePoint(c);
        wordLength += 1;
      } else {
        previousHan = 0;
        flush();
      }
    }
    flush();
    return out;
  }

  const utf8 = new TextEncoder();
  const fromUtf8 = new TextDecoder();

  /** FNV-1a, 32 bit, of the token's UTF-8: its postings shard is fnv1a(token) % shards. */
  function fnv1a(token) {
    let h = 0x811c9dc5;
    for (const b of utf8.encode(token)) {
      h ^= b;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  // ---- Index files ----

  function readVarint(bytes, at) {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (at.i >= bytes.length) throw new Error('search index: truncated varint');
      const b = bytes[at.i++];
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
  }

  /** A posting list: delta varints or a bitmap (see SearchIndex.swift). Skips it when `keep` is false. */
  function readList(bytes, at, keep) {
    const header = readVarint(bytes, at);
    const end = at.i + Math.floor(header / 2);
    if (end > bytes.length) throw new Error('search index: truncated list');
    const docs = [];
    if (!keep) { at.i = end; return docs; }
    if (header % 2 === 1) {
      let j = readVarint(bytes, at);
      for (; at.i < end; at.i++, j++) {
        const b = bytes[at.i];
        for (let bit = 0; bit < 8; bit++) if (b & (1 << bit)) docs.push(j * 8 + bit);
      }
    } else {
      let previous = -1;
      while (at.i < end) { previous += readVarint(bytes, at) + 1; docs.push(previous); }
    }
    return docs;
  }

  /** The postings of the `wanted` tokens found in one shard: Map token → {title: [...], body: [...]}. */
  function parseShard(bytes, wanted) {
    const found = new Map();
    const at = { i: 0 };
    while (at.i < bytes.length) {
      const length = readVarint(bytes, at);
      const token = fromUtf8.decode(bytes.subarray(at.i, at.i + length));
      at.i += length;
      const keep = wanted.has(token);
      const title = readList(bytes, at, keep);
      const body = readList(bytes, at, keep);
      if (keep) found.set(token, { title, body });
    }
    return found;
  }

  /**
   * Ranked document numbers: more query tokens matched, then more of them in title/agency/year, then the
   * document number (agency pages, then newest year first). Same order as SearchIndexReader.rank in Swift.
   */
  function rank(tokens, postings, docCount) {
    const matched = new Uint16Array(docCount);
    const strong = new Uint16Array(docCount);
    for (const t of tokens) {
      const p = postings.get(t);
      if (!p) continue;
      for (const d of p.title) if (d < docCount) { matched[d]++; strong[d]++; }
      for (const d of p.body) if (d < docCount) matched[d]++;
    }
    const docs = [];
    for (let d = 0; d < docCount; d++) if (matched[d] > 0) docs.push(d);
    docs.sort((a, b) => (matched[b] - matched[a]) || (strong[b] - strong[a]) || (a - b));
    return docs;
  }

  const shardPath = (token, manifest) => 'p/' + (fnv1a(token) % manifest.shards) + '.bin';
  const metaPath = (doc, manifest) => 'd/' + Math.floor(doc / manifest.metaShardSize) + '.json';

  /**
   * Runs a query. `load(path, kind)` fetches a file relative to the index folder and resolves to a
   * Uint8Array ('bin') or a parsed JSON value ('json'). Resolves to {tokens, manifest, docs}.
   */
  async function search(query, load) {
    const tokens = tokenize(query);
    if (tokens.length === 0) return { tokens, manifest: null, docs: [] };
    const manifest = await load('index.json', 'json');
    if (manifest.format !== 1 || manifest.tokenizer !== 1) throw new Error('search index: unknown format');
    const byShard = new Map();
    for (const t of tokens) {
      const path = shardPath(t, manifest);
      if (!byShard.has(path)) byShard.set(path, new Set());
      byShard.get(path).add(t);
    }
    const postings = new Map();
    await Promise.all([...byShard].map(async ([path, wanted]) => {
      for (const [t, p] of parseShard(await load(path, 'bin'), wanted)) postings.set(t, p);
    }));
    return { tokens, manifest, docs: rank(tokens, postings, manifest.docs) };
  }

  /** Metadata of docs[start ..< start+count]: [{doc, title, url, kind, year, agency, snippet}]. */
  async function page(result, start, count, load) {
    const docs = result.docs.slice(start, start + count);
    const paths = [...new Set(docs.map((d) => metaPath(d, result.manifest)))];
    const shards = new Map();
    await Promise.all(paths.map(async (p) => shards.set(p, await load(p, 'json'))));
    return docs.map((d) => {
      const row = shards.get(metaPath(d, result.manifest))[d % result.manifest.metaShardSize];
      return { doc: d, title: row[0], url: row[1], kind: row[2], year: row[3], agency: row[4], snippet: row[5] };
    });
  }

  // ---- Highlighting ----

  /**
   * Where the query tokens occur in `text`: merged [start, end) ranges in UTF-16 indices, found on the
   * folded text (so ＧＵＩＺＨＯＵ matches guizhou). Words match only whole words, as they were indexed.
   */
  function matchRanges(text, tokens) {
    const cps = [];
    const offsets = [];
    let i = 0;
    for (const ch of String(text)) { cps.push(fold(ch.codePointAt(0))); offsets.push(i); i += ch.length; }
    offsets.push(i);
    const covered = new Uint8Array(cps.length);
    for (const token of tokens) {
      const t = Array.from(token, (ch) => ch.codePointAt(0));
      const word = isWord(t[0]);
      for (let s = 0; s + t.length <= cps.length; s++) {
        let k = 0;
        while (k < t.length && cps[s + k] === t[k]) k++;
        if (k < t.length) continue;
        if (word && ((s > 0 && isWord(cps[s - 1])) || (s + k < cps.length && isWord(cps[s + k])))) continue;
        covered.fill(1, s, s + k);
      }
    }
    const ranges = [];
    for (let s = 0; s < cps.length; s++) {
      if (!covered[s]) continue;
      let e = s;
      while (e < cps.length && covered[e]) e++;
      ranges.push([offsets[s], offsets[e]]);
      s = e;
    }
    return ranges;
  }

  /**
   * `text` cut into [{text, mark}] parts. With `window`, only about that many characters around the first
   * match are kept (… marks a cut); without a match, the start of the text.
   */
  function highlight(text, tokens, window) {
    text = String(text || '');
    let ranges = matchRanges(text, tokens);
    let from = 0;
    let to = text.length;
    if (window && text.length > window) {
      const first = ranges.length ? ranges[0][0] : 0;
      from = Math.max(0, Math.min(first - Math.floor(window / 4), text.length - window));
      to = Math.min(text.length, from + window);
      // Never split a surrogate pair.
      if (from > 0 && /[\udc00-\udfff]/.test(text[from])) from--;
      if (to < text.length && /[\udc00-\udfff]/.test(text[to])) to++;
      ranges = ranges.filter(([s, e]) => e > from && s < to).map(([s, e]) => [Math.max(s, from), Math.min(e, to)]);
    }
    const parts = [];
    if (from > 0) parts.push({ text: '…', mark: false });
    let at = from;
    for (const [s, e] of ranges) {
      if (s > at) parts.push({ text: text.slice(at, s), mark: false });
      parts.push({ text: text.slice(s, e), mark: true });
      at = e;
    }
    if (at < to) parts.push({ text: text.slice(at, to), mark: false });
    if (to < text.length) parts.push({ text: '…', mark: false });
    return parts;
  }

  // ---- Page ----

  const PAGE_SIZE_FALLBACK = 10;
  const SNIPPET_WINDOW = 90;

  function append(parent, parts) {
    for (const p of parts) {
      if (p.mark) {
        const m = parent.ownerDocument.createElement('mark');
        m.textContent = p.text;
        parent.appendChild(m);
      } else {
        parent.appendChild(parent.ownerDocument.createTextNode(p.text));
      }
    }
  }

  /** A result URL from the index, resolved against the site root; anything but http(s)/file is refused. */
  function safeURL(url, root) {
    try {
      const u = new URL(url, root);
      return ['http:', 'https:', 'file:'].includes(u.protocol) ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function start(document, script) {
    // The page's own search form; the site header has a quick-search form too.
    const form = document.getElementById('search-form') || document.querySelector('form[role="search"]');
    const input = form && form.elements.namedItem('q');
    const status = document.getElementById('search-status');
    const list = document.getElementById('search-results');
    const more = document.getElementById('search-more');
    if (!form || !input || !status || !list) return;
    const attr = (name) => (script && script.getAttribute(name)) || form.getAttribute(name);
    const base = new URL(attr('data-search-base') || 'search/', document.baseURI);
    const root = new URL(attr('data-site-root') || '../', base);
    const query = new URLSearchParams(document.location.search).get('q') || '';
    input.value = query;
    if (!query.trim()) return;

    let build = '';
    const load = async (path, kind) => {
      const url = new URL(path, base);
      if (path !== 'index.json' && build) url.searchParams.set('v', build);
      const response = await fetch(url, path === 'index.json' ? { cache: 'no-cache' } : {});
      if (!response.ok) throw new Error(response.status + ' ' + url);
      if (kind === 'json') {
        const value = await response.json();
        if (path === 'index.json') build = String(value.build || '');
        return value;
      }
      return new Uint8Array(await response.arrayBuffer());
    };

    const show = (text) => { status.textContent = text; };
    show('正在搜索…');
    search(query, load).then(async (result) => {
      if (result.tokens.length === 0) { show('请输入至少两个相连的汉字，或两个以上的字母或数字。'); return; }
      if (result.docs.length === 0) { show('没有找到与「' + query + '」相关的结果。'); return; }
      const pageSize = result.manifest.pageSize || PAGE_SIZE_FALLBACK;
      let shown = 0;
      const showMore = async () => {
        const items = await page(result, shown, pageSize, load);
        for (const item of items) {
          const li = document.createElement('li');
          const heading = document.createElement('a');
          const href = safeURL(item.url, root);
          if (href) heading.href = href;
          append(heading, highlight(item.title, result.tokens));
          li.appendChild(heading);
          const meta = document.createElement('p');
          meta.className = 'search-meta';
          const facts = [item.kind === 'agency' ? '机关' : '年度报告', item.agency, item.year ? item.year + '年' : ''];
          append(meta, highlight(facts.filter(Boolean).join(' · '), result.tokens));
          li.appendChild(meta);
          if (item.snippet) {
            const snippet = document.createElement('p');
            snippet.className = 'search-snippet';
            append(snippet, highlight(item.snippet, result.tokens, SNIPPET_WINDOW));
            li.appendChild(snippet);
          }
          list.appendChild(li);
        }
        shown += items.length;
        show('找到 ' + result.docs.length + ' 条结果，显示前 ' + shown + ' 条。');
        if (more) more.hidden = shown >= result.docs.length;
      };
      if (more) {
        more.addEventListener('click', () => {
          more.disabled = true;
          showMore().catch(fail).finally(() => { more.disabled = false; });
        });
      }
      await showMore();
    }).catch(fail);

    function fail(error) {
      show('搜索暂时不可用（索引加载失败）。');
      if (typeof console !== 'undefined') console.error(error);
    }
  }

  const api = { fold, isHan, isWord, tokenize, fnv1a, readVarint, readList, parseShard, rank, search, page,
    matchRanges, highlight, safeURL, shardPath, metaPath };
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
  } else if (typeof document !== 'undefined') {
    const script = document.currentScript;
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', () => start(document, script));
    } else {
      start(document, script);
    }
  }
})();
