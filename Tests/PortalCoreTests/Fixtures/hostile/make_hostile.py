#!/usr/bin/env python3
"""Writes the hostile reports of this folder from the seed reports (run it from anywhere).

Each is a real report (so it parses and is published) with attacker-controlled text put where text
from a report lands on the site: the title and agency name, prose (Word text and Markdown), table
cells, the file name, the agency list (canonical name, region, aliases). HostileContentTests builds
them and checks the output statically; Tests/site/test_hostile.py opens every page in Chromium.
Every payload calls alert/confirm/prompt or sets `window.__pwned` when it runs, so a browser test
sees any of them execute.
"""
import pathlib

here = pathlib.Path(__file__).resolve().parent
seeds = here.parent / "seeds"
word = (seeds / "000_4e7e543bd70c2432.txt").read_text(encoding="utf-8")
markdown = (seeds / "001_0d7b6ffdfb1250b7.txt").read_text(encoding="utf-8")
WORD_TITLE = "2023年盘州市卫生健康局政府信息公开工作年度报告"
MD_TITLE = "# 卫健委 2023 年政府信息公开工作年度报告"
assert WORD_TITLE in word and MD_TITLE in markdown


def word_report(agency, prose=(), cell=None):
    """Seed 000 with another agency in its title, extra prose paragraphs and a cell's text replaced."""
    text = word.replace(WORD_TITLE, f"2023年{agency}政府信息公开工作年度报告", 1)
    text = text.replace("盘州市卫生健康局", agency)
    if prose:
        text = text.replace("一、总体情况\n", "一、总体情况\n" + "".join(p + "\n" for p in prose), 1)
    if cell:
        assert "\t4573\n" in text
        text = text.replace("\t4573\n", f"\t{cell}\n", 1)
    return text


def markdown_report(agency, prose=(), cells=()):
    """Seed 001 with another agency in its title, extra Markdown paragraphs and cells replaced."""
    text = markdown.replace(MD_TITLE, f"# {agency} 2023 年政府信息公开工作年度报告", 1)
    text = text.replace("二七区卫健委", agency)
    if prose:
        text = text.replace("## 一、总体情况\n\n", "## 一、总体情况\n\n" + "".join(p + "\n\n" for p in prose), 1)
    for old, new in cells:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


files = {}

# Script tags and handlers in the title, the agency name, Markdown prose and two table cells. (A title
# with `>` is taken for a breadcrumb, so the tags in names are left open: `<img/src=x/onerror=…//`
# unescaped would still become an element. Complete tags in names come from the agency list below.)
files["01-script-everywhere.md"] = markdown_report(
    '<img/src=x/onerror=alert("title")//卫健委',
    prose=[
        '正文<script>alert("prose")</script>结束。',
        '<img src=x onerror=alert("img")>图片与<iframe src="javascript:alert(\'iframe\')"></iframe>框架。',
        '<div onclick="alert(\'div\')" style="position:fixed;inset:0">块级 HTML</div>',
        '</script><script>alert("breakout")</script><!-- 注释开头 ]]> 结尾',
        '模板标记 {{root}} {{{name}}} {{#reports}}x{{/reports}} 原样显示。',
    ],
    cells=[("行政许可\t187\t", '行政许可\t187<script>alert("cell")</script>\t'),
           ("1. 属于国家秘密\t0\t", '1. 属于国家秘密\t0<img src=x onerror=alert("cell3")>\t')])

# Links a Markdown report can carry: javascript:, data:, vbscript:, entity- and case-obfuscated ones,
# reference links, autolinks, images.
files["02-markdown-links.md"] = markdown_report(
    "链接测试局",
    prose=[
        "[普通链接](javascript:alert('link')) 与 [大写](JAVASCRIPT:alert('upper'))。",
        "[实体](&#106;avascript:alert('entity')) 与 [制表符](java&#9;script:alert('tab'))。",
        "[数据](data:text/html;base64,PHNjcmlwdD5hbGVydCgnZGF0YScpPC9zY3JpcHQ+) 与 [VB](vbscript:msgbox('vb'))。",
        "<javascript:alert('autolink')> 与 <data:text/html,<script>alert('auto-data')</script>>。",
        "[引用链接][evil] 与 ![图片](javascript:alert('image')) 与 ![SVG](data:image/svg+xml,<svg/onload=alert('svgimg')>)。",
        "[evil]: javascript:alert('reference')",
        "![外部图片](https://example.invalid/pixel.png?reader=1) 不应自动加载。",
        "[PNG 链接](data:image/png;base64,iVBORw0KGgo=) 与 ![PNG 图片](DATA:image/png;base64,iVBORw0KGgo=)。",
        "<a href=\"javascript:alert('raw-a')\">原始链接</a> 与 <form action=\"javascript:alert('form')\"><button>提交</button></form>",
    ])

# Markup that breaks out of SVG text, XML CDATA and comments, in an agency name (chart labels).
files["03-svg-agency.txt"] = word_report(
    '"/onload=alert(1)//<svg/onload=alert(2)//局',
    prose=['</script><script>alert("json")</script><!--<script>alert("comment")</script>-->',
           '<![CDATA[<script>alert("cdata")</script>]]> 与 </title><script>alert("title-tag")</script>'],
    cell='4573</td><script>alert("td")</script>')

# Right-to-left override and isolates in an agency name: shown as visible escapes, not reordered.
files["04-bidi-agency.txt"] = word_report(
    "盘州市\u202e局康健生卫\u202c\u2066甲\u2069",
    prose=["文件名 \u202egpj.exe 看似图片。"])

# A quote followed by a combining mark is one Character in Swift: a Character-based escaper misses it
# and `/` then separates attributes. Both quote kinds.
files["05-attribute-breakout.txt"] = word_report(
    'X"\u0301/onmouseover=alert(1)//局',
    prose=["Y'\u0301/onmouseover=alert('attr3')// 与 &quot;/onclick=alert('attr4')// 与 &#34;实体"],
    cell="4573\"\u0301/onmouseover=alert('cell-attr')//")

# A very long canonical name (5,000 characters, from the agency list) and a long cell and paragraph.
files["06-long-name.txt"] = word_report(
    "长名机构",
    prose=["很长的段落" * 1000],
    cell="4573" + "备注" * 2500)

# Hostile file name: it is shown on the agency page and in the data.
files['07-<img src=x onerror=alert("file")>.txt'] = word_report("文件名测试局")

# Word-text prose with web addresses: only http(s) becomes a link.
files["08-word-links.txt"] = word_report(
    "地址测试局",
    prose=["见 javascript:alert('wordlink') 与 http://example.invalid/\"onmouseover=alert('url')\" 与 https://example.invalid/a?b=<script>alert('urlq')</script>。"])

# A web page: its own scripts must never run from the portal's origin (the original is copied as text),
# and escaped markup in its cells and title is shown as text.
page = (here.parent / "real" / "shanghai-govoffice-2019.html").read_text(encoding="utf-8")
page = page.replace("<html><body>", "<html><head><script>alert('page-head')</script></head>"
                    "<body onload=\"alert('onload')\"><script>alert('page-body')</script>", 1)
page = page.replace("2019年上海市人民政府办公厅", "2019年&lt;img/src=x/onerror=alert('html-title')//网页局", 1)
assert page.count('<p>行政许可</p></td><td colspan="2" nowrap="nowrap" style="width:150px;"><p align="center">0</p>') == 1
page = page.replace('<p>行政许可</p></td><td colspan="2" nowrap="nowrap" style="width:150px;"><p align="center">0</p>',
                    '<p>行政许可</p></td><td colspan="2" nowrap="nowrap" style="width:150px;"><p align="center">'
                    '0&lt;img src=x onerror=alert(\'html-cell\')&gt;<img src=x onerror="alert(\'real-img\')"></p>', 1)
files["09-web-page.html"] = page

long_name = "长名机构" + "很" * 4996
assert len(long_name) == 5000
files["agencies.yaml"] = (
    "# The agency list is content too: its names, regions and aliases are shown on the site.\n"
    f"- name: {long_name}\n"
    "  region: '<script>alert(\"region\")</script>'\n"
    "  aliases: [长名机构, '<img src=x onerror=alert(\"alias\")>']\n"
    # A canonical name with whole tags, for the report printed as 地址测试局.
    "- name: '</title><script>alert(\"yaml\")</script>\"><svg/onload=alert(3)>]]><!--局'\n"
    "  aliases: [地址测试局]\n")

for name, text in files.items():
    (here / name).write_text(text, encoding="utf-8")
print(f"wrote {len(files)} files to {here}")
