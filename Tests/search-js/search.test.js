// Checks site-templates/assets/search.js against the index, tokens and rankings the Swift side wrote
// (Tests/search-js/fixture, regenerated and compared by SearchIndexTests.testJavaScriptFixtureIsCurrent).
// Run: node --test Tests/search-js/
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const search = require('../../site-templates/assets/search.js');

const fixture = path.join(__dirname, 'fixture');
const expected = JSON.parse(fs.readFileSync(path.join(fixture, 'expected.json'), 'utf8'));

/** Reads index files from the fixture like fetch would, recording every path (as the Swift side names it). */
function loader(log) {
  return async (p, kind) => {
    log.push('search/' + p);
    const bytes = fs.readFileSync(path.join(fixture, 'search', p));
    return kind === 'json' ? JSON.parse(bytes.toString('utf8')) : new Uint8Array(bytes);
  };
}

test('tokenize and fnv1a agree with the Swift tokenizer on every fixture case', () => {
  assert.ok(expected.tokenizer.length >= 10);
  for (const c of expected.tokenizer) {
    assert.deepEqual(search.tokenize(c.text), c.tokens, JSON.stringify(c.text));
    assert.equal(search.fnv1a(c.text), c.fnv1a, JSON.stringify(c.text));
  }
});

test('the tokenizer rules the brief asks for', () => {
  const finds = (q, text) => {
    const t = new Set(search.tokenize(text));
    const qs = search.tokenize(q);
    return qs.length > 0 && qs.every((x) => t.has(x));
  };
  assert.ok(finds('卫生', '盘州市卫生健康局'));
  assert.ok(finds('息公', '政府信息公开'));
  assert.ok(finds('2023', '2023年度'));
  assert.ok(finds('盘州', '贵州省盘州市'));
  assert.ok(finds('McDonald', 'RONALD MCDONALD'));
  assert.ok(!finds('202', '2023'));
  assert.deepEqual(search.tokenize('局'), []);
});

test('queries rank like Swift and fetch exactly the files Swift counted', async () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(fixture, 'search', 'index.json'), 'utf8'));
  assert.ok(manifest.shards > 4, 'the fixture spreads tokens over several shards');
  for (const q of expected.queries) {
    const log = [];
    const load = loader(log);
    const result = await search.search(q.query, load);
    if (result.docs.length > 0) await search.page(result, 0, manifest.pageSize, load);
    assert.deepEqual([...new Set(log)].sort(), [...q.files].sort(), 'files for ' + q.query);
    // Every result's URL, in order.
    const all = result.docs.length ? await search.page(result, 0, result.docs.length, loader([])) : [];
    assert.deepEqual(all.map((r) => r.url), q.urls, 'ranking for ' + q.query);
  }
});

test('a shard is decoded only for the wanted tokens; lists decode in both encodings', () => {
  // Record "ab": title list as varints [1, 5], body list as bitmap from byte 1: docs 8 and 10.
  const bytes = new Uint8Array([2, 0x61, 0x62, 2 << 1, 1, 3, (2 << 1) | 1, 1, 0b101, 1, 0x63, 0, 0]);
  const found = search.parseShard(bytes, new Set(['ab']));
  assert.deepEqual(found.get('ab'), { title: [1, 5], body: [8, 10] });
  assert.equal(found.has('c'), false);
  assert.throws(() => search.parseShard(new Uint8Array([5, 0x61]), new Set(['a'])));
});

test('highlighting returns text parts (never HTML) and finds folded, whole-word matches', () => {
  const tokens = search.tokenize('卫生 guizhou');
  const parts = search.highlight('<b>卫生</b>健康 ＧＵＩＺＨＯＵ guizhouxyz', tokens);
  assert.deepEqual(parts, [
    { text: '<b>', mark: false }, { text: '卫生', mark: true }, { text: '</b>健康 ', mark: false },
    { text: 'ＧＵＩＺＨＯＵ', mark: true }, { text: ' guizhouxyz', mark: false },
  ]);
  assert.deepEqual(search.highlight('卫生健康', search.tokenize('卫生健康')), [{ text: '卫生健康', mark: true }]);
  const long = '甲'.repeat(200) + '卫生' + '乙'.repeat(200);
  const cut = search.highlight(long, search.tokenize('卫生'), 90);
  assert.equal(cut[0].text, '…');
  assert.equal(cut[cut.length - 1].text, '…');
  assert.ok(cut.some((p) => p.mark && p.text === '卫生'));
  assert.ok(cut.map((p) => p.text).join('').length <= 92);
  const noMatch = search.highlight(long, search.tokenize('不在'), 90);
  assert.equal(noMatch[0].text.slice(0, 3), '甲甲甲', 'no match: the start of the text');
  const astral = search.highlight('𠀋'.repeat(100), [], 11);
  assert.ok(!/[\ud800-\udbff]$/.test(astral[0].text), 'no broken surrogate pair');
});

test('result URLs cannot run script', () => {
  const root = 'https://example.org/site/';
  assert.equal(search.safeURL('reports/2023/a/', root), 'https://example.org/site/reports/2023/a/');
  assert.equal(search.safeURL('javascript:alert(1)', root), null);
  assert.equal(search.safeURL(' JavaScript:alert(1)', root), null);
  assert.equal(search.safeURL('data:text/html,x', root), null);
});

test('hostile metadata stays data', async () => {
  const result = await search.search('2020', loader([]));
  const [item] = await search.page(result, 0, 1, loader([]));
  assert.equal(item.title, '<img src=x onerror=alert(1)>局2020年报告');
  assert.equal(item.agency, '<b>某某</b>局 & "引号"');
  // The markup arrives as text parts, which the page only ever assigns with textContent.
  assert.equal(search.highlight(item.title, result.tokens).map((p) => p.text).join(''), item.title);
});
