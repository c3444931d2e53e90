"""The three official tables of an annual report (国办公开办函〔2021〕30号) as grids with merged cells,
filled from a spec in the data contract's layout (report-spec.json). make_docx.py and make_pdf.py
render these grids, so the .docx and PDF test documents have the official shape: 3 label columns
and 7 value columns in table 三, merged group cells, and 15 numbers in one row in table 四."""

APPLICANTS = ["naturalPerson", "commercial", "research", "socialWelfare", "legalService", "otherOrg", "total"]
OUTCOMES = ["upheld", "corrected", "other", "pending", "total"]


class Grid:
    """Rows × columns of text; `merges` lists (row0, col0, row1, col1) rectangles, inclusive."""

    def __init__(self, columns):
        self.columns = columns
        self.rows = []
        self.merges = []

    def add(self, cells, merges=()):
        """Adds a row; `cells` may be shorter than the grid, `merges` are (col0, rowspan, colspan)."""
        r = len(self.rows)
        self.rows.append(list(cells) + [""] * (self.columns - len(cells)))
        for c0, rowspan, colspan in merges:
            self.merges.append((r, c0, r + rowspan - 1, c0 + colspan - 1))
        return r


def value(v):
    """A blank cell stays blank: null is not 0."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def disclosure(spec):
    d = spec["activeDisclosure"]
    g = Grid(4)
    g.add(["第二十条第（一）项"], [(0, 1, 4)])
    g.add(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"])
    for label, key in [("规章", "regulations"), ("行政规范性文件", "normativeDocuments")]:
        g.add([label] + [value(d[key][k]) for k in ["issued", "repealed", "inForce"]])
    for head, rows, unit in [("第二十条第（五）项", [("行政许可", "licensing")], "本年处理决定数量"),
                             ("第二十条第（六）项", [("行政处罚", "punishment"), ("行政强制", "coercion")], "本年处理决定数量"),
                             ("第二十条第（八）项", [("行政事业性收费", "fees")], "本年收费金额（单位：万元）")]:
        g.add([head], [(0, 1, 4)])
        g.add(["信息内容", unit], [(1, 1, 3)])
        for label, key in rows:
            g.add([label, value(d[key])], [(1, 1, 3)])
    return g


RESULT_GROUPS = [
    (None, [("（一）予以公开", "granted"),
            ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partiallyGranted")]),
    ("（三）不予公开", [("1.属于国家秘密", "denied.stateSecret"), ("2.其他法律行政法规禁止公开", "denied.prohibitedByLaw"),
                   ("3.危及“三安全一稳定”", "denied.endangersSafety"), ("4.保护第三方合法权益", "denied.thirdPartyRights"),
                   ("5.属于三类内部事务信息", "denied.internalAffairs"), ("6.属于四类过程性信息", "denied.processInformation"),
                   ("7.属于行政执法案卷", "denied.enforcementFiles"), ("8.属于行政查询事项", "denied.queryMatter")]),
    ("（四）无法提供", [("1.本机关不掌握相关政府信息", "unableToProvide.notHeld"),
                   ("2.没有现成信息需要另行制作", "unableToProvide.needsCreation"),
                   ("3.补正后申请内容仍不明确", "unableToProvide.unclearAfterCorrection")]),
    ("（五）不予处理", [("1.信访举报投诉类申请", "notProcessed.complaint"), ("2.重复申请", "notProcessed.repeated"),
                   ("3.要求提供公开出版物", "notProcessed.publication"), ("4.无正当理由大量反复申请", "notProcessed.excessive"),
                   ("5.要求行政机关确认或重新出具已获取信息", "notProcessed.confirmation")]),
    ("（六）其他处理", [("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "otherHandling.noCorrection"),
                   ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "otherHandling.unpaidFees"),
                   ("3.其他", "otherHandling.other")]),
    (None, [("（七）总计", "total")]),
]


def lookup(tree, dotted):
    for k in dotted.split("."):
        tree = tree[k]
    return tree


def applications(spec):
    a = spec["applications"]
    g = Grid(10)
    g.add(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况"], [(0, 3, 3), (3, 1, 7)])
    g.add(["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"], [(3, 2, 1), (4, 1, 5), (9, 2, 1)])
    g.add(["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"])

    def values(row):
        return [value(row[k]) for k in APPLICANTS]

    g.add(["一、本年新收政府信息公开申请数量", "", ""] + values(a["newReceived"]), [(0, 1, 3)])
    g.add(["二、上年结转政府信息公开申请数量", "", ""] + values(a["carriedOver"]), [(0, 1, 3)])
    first_result = len(g.rows)
    for group, items in RESULT_GROUPS:
        first_in_group = len(g.rows)
        for label, key in items:
            row = values(lookup(a["results"], key))
            if group is None:
                g.add(["", label, ""] + row, [(1, 1, 2)])
            else:
                g.add(["", group if len(g.rows) == first_in_group else "", label] + row)
        if group is not None:
            g.merges.append((first_in_group, 1, len(g.rows) - 1, 1))
    g.rows[first_result][0] = "三、本年度办理结果"
    g.merges.append((first_result, 0, len(g.rows) - 1, 0))
    g.add(["四、结转下年度继续办理", "", ""] + values(a["carriedForward"]), [(0, 1, 3)])
    return g


def review(spec):
    r = spec["reviewLitigation"]
    g = Grid(15)
    g.add(["行政复议"] + [""] * 4 + ["行政诉讼"], [(0, 1, 5), (5, 1, 10)])
    g.add(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉"] + [""] * 4 + ["复议后起诉"],
          [(0, 2, 1), (1, 2, 1), (2, 2, 1), (3, 2, 1), (4, 2, 1), (5, 1, 5), (10, 1, 5)])
    g.add([""] * 5 + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)
    g.add([value(r[group][o]) for group in ["review", "litigationDirect", "litigationAfterReview"] for o in OUTCOMES])
    return g


HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def document(spec):
    """The report in reading order: ("title", text), ("heading", text), ("paragraph", text), ("table", Grid)."""
    out = [("title", t) for t in spec["title"]]
    out += [("paragraph", p) for p in spec.get("preamble", [])]
    out.append(("heading", HEADINGS[0]))
    out += [("paragraph", p) for p in spec.get("overview", [])]
    out += [("heading", HEADINGS[1]), ("table", disclosure(spec)),
            ("heading", HEADINGS[2]), ("table", applications(spec)),
            ("heading", HEADINGS[3]), ("table", review(spec)),
            ("heading", HEADINGS[4])]
    out += [("paragraph", p) for p in spec.get("problems", [])]
    out.append(("heading", HEADINGS[5]))
    out += [("paragraph", p) for p in spec.get("otherMatters", [])]
    if spec.get("date"):
        out.append(("paragraph", spec["date"]))
    return out
