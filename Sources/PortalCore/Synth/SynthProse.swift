import Foundation

/// The prose of a synthesized report, from a vocabulary of sentences real reports use. Figures the prose
/// states (主动公开…条, 收到申请…件, 行政复议…件) are the table's own, as written.
struct SynthProse {
    var preamble: [String] = []
    /// 一、总体情况: its subsections, one paragraph each.
    var overview: [String] = []
    /// A line before a table (`该部分以表格形式报告。`), or nothing.
    var tableIntro: [SectionKey: String] = [:]
    /// Prose after table 三 or 四 (some reports say the numbers again in words).
    var afterTable: [SectionKey: String] = [:]
    var problems: [String] = []
    var otherMatters: [String] = []
}

enum SynthProseWriter {
    struct Context {
        var agency: String
        var place: String
        var selfName: String
        var year: Int
    }

    static func fill(_ template: String, _ c: Context) -> String {
        template.replacingOccurrences(of: "{A}", with: c.agency)
            .replacingOccurrences(of: "{S}", with: c.selfName)
            .replacingOccurrences(of: "{P}", with: c.place)
            .replacingOccurrences(of: "{Y}", with: String(c.year))
            .replacingOccurrences(of: "{Y1}", with: String(c.year + 1))
    }

    static func sentences(_ pool: [String], _ count: Int, _ c: Context, _ rng: inout SplitMix64) -> String {
        rng.sample(pool, count).map { fill($0, c) }.joined()
    }

    static func write(_ y: SynthYear, agency: String, place: String, selfName: String, rng: inout SplitMix64) -> SynthProse {
        let c = Context(agency: agency, place: place, selfName: selfName, year: y.year)
        var p = SynthProse()
        if rng.chance(0.6) {
            let notice = y.format == .v2021 ? "国办公开办函〔2021〕30号" : "国办公开办函〔2019〕60号"
            var text = "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发中华人民共和国政府信息公开工作年度报告格式的通知》（\(notice)）要求编制。"
            text += "本报告中所列数据的统计期限自\(y.year)年1月1日起至\(y.year)年12月31日止。"
            text += fill("本报告电子版可在{P}人民政府门户网站政府信息公开专栏查阅或下载。", c)
            text += "如对本报告有疑问，请与\(agency)联系（地址：\(place)\(rng.pick(SynthNames.roads))\(rng.int(1...300))号，电话：0\(rng.int(310...999))-\(rng.int(2_000_000...8_999_999))）。"
            p.preamble.append(text)
        }

        // （一）主动公开: the only clause with a number of 条 right after 主动公开 is the stated total.
        let proactive = rng.pick([
            "{Y}年，{S}通过政府门户网站、政务新媒体等渠道主动公开政府信息\(y.proactiveItems)条，",
            "{Y}年，{A}共主动公开政务信息\(y.proactiveItems)条，",
            "全年{S}主动公开信息共计 \(y.proactiveItems) 条，",
            "{Y}年度，{S}累计主动公开各类政府信息\(y.proactiveItems)条，",
        ])
        let share = max(1, y.proactiveItems / 3)
        p.overview.append(rng.pick(["（一）主动公开情况。", "（一）主动公开。", "(一) 主动公开方面。"]) + fill(proactive, c)
            + rng.pick(["其中工作动态\(share)条、通知公告\(max(0, y.proactiveItems - share))条。",
                        "内容涵盖政策文件、工作动态、人事信息、财政预决算等。",
                        "做到应公开尽公开，切实保障群众知情权。"])
            + sentences(overviewActive, 3, c, &rng))

        // （二）依申请公开: the figures of table 三 as written, each only when its cell is not blank.
        var applications = rng.pick(["（二）依申请公开情况。", "（二）依申请公开。", "(二) 依申请公开办理情况。"])
        applications += sentences(overviewApplicationsLead, 1, c, &rng)
        if let n = y.value(.newReceived, .total) {
            if n == 0 {
                applications += fill("{Y}年度，{S}未收到政府信息公开申请。", c)
            } else {
                var clauses = [fill("{Y}年，{S}共收到政府信息公开申请\(formatNumber(n))件", c)]
                if let o = y.value(.carriedOver, .total), o > 0 { clauses.append("上年结转申请\(formatNumber(o))件") }
                if let r = y.value(.resultsTotal, .total) { clauses.append("已办结\(formatNumber(r))件") }
                if let f = y.value(.carriedForward, .total), f > 0 { clauses.append("结转下年度继续办理\(formatNumber(f))件") }
                applications += clauses.joined(separator: "，") + "。"
            }
        }
        applications += sentences(overviewApplications, 2, c, &rng)
        p.overview.append(applications)

        p.overview.append(rng.pick(["（三）政府信息管理。", "（三）政府信息管理情况。"]) + sentences(overviewManagement, 3, c, &rng))
        p.overview.append(rng.pick(["（四）政府信息公开平台建设。", "（四）平台建设情况。"]) + sentences(overviewPlatforms, 3, c, &rng))
        p.overview.append(rng.pick(["（五）监督保障。", "（五）监督保障情况。"]) + sentences(overviewSupervision, 3, c, &rng))

        if rng.chance(0.3) { p.tableIntro[.activeDisclosure] = "该部分以表格形式报告。表格如下：" }
        if rng.chance(0.3) { p.tableIntro[.applications] = "该部分以表格形式报告。表格如下：" }
        let reviewTotal = y.review[ReviewGroup.review.rawValue][ReviewOutcome.total.rawValue]
        let direct = y.review[ReviewGroup.litigationDirect.rawValue][ReviewOutcome.total.rawValue]
        let after = y.review[ReviewGroup.litigationAfterReview.rawValue][ReviewOutcome.total.rawValue]
        if rng.chance(0.5), let r = reviewTotal, let d = direct, let a = after {
            if r == 0 && d + a == 0 {
                p.afterTable[.reviewLitigation] = fill("{Y}年，{S}未发生因政府信息公开引起的行政复议、行政诉讼案件。", c)
            } else {
                p.afterTable[.reviewLitigation] = fill("{Y}年，{S}因政府信息公开被申请行政复议\(formatNumber(r))件，被提起行政诉讼\(formatNumber(d + a))件。", c)
            }
        }

        p.problems.append(fill(rng.pick(problemLeads), c) + rng.sample(problemItems, 3).enumerated().map { i, s in
            ["一是", "二是", "三是"][i] + fill(s, c)
        }.joined(separator: "；") + "。")
        p.problems.append(fill(rng.pick(improvementLeads), c) + rng.sample(improvementItems, 3).enumerated().map { i, s in
            ["一是", "二是", "三是"][i] + fill(s, c)
        }.joined(separator: "；") + "。")

        var other = [fill(rng.pick(otherFees), c)]
        if y.format == .v2021 && rng.chance(0.5) {
            other.append("本年度共承办人大代表建议\(rng.int(0...30))件、政协委员提案\(rng.int(0...30))件，均已按期办结，办复率100%。")
        }
        if rng.chance(0.5) { other.append(fill(rng.pick(otherPoints), c)) }
        other.append(rng.pick(["本年度无其他需要报告的事项。", "无其他需要报告的事项。"]))
        p.otherMatters = [other.joined()]
        return p
    }

    // MARK: Vocabulary

    static let overviewActive = [
        "坚持以公开为常态、不公开为例外，及时准确发布机构职能、政策文件、工作动态等信息。",
        "围绕群众关切，重点做好惠民政策、行政执法、财政资金等领域信息公开。",
        "严格落实政策解读与政策文件同步起草、同步审签、同步发布制度。",
        "及时更新主动公开基本目录，确保公开内容全面、准确、规范。",
        "对重大决策事项坚持预公开，广泛听取社会公众意见建议。",
        "加大对群众关注度高的重点领域信息的公开力度，主动回应社会关切。",
        "规范发布行政许可、行政处罚等执法信息，做到执法全过程公开透明。",
        "认真做好财政预决算、“三公”经费等信息公开工作。",
        "通过图文解读、视频解读等方式，增强政策解读的可读性和传播力。",
        "持续推进基层政务公开标准化规范化建设，完善公开事项清单。",
    ]
    static let overviewApplicationsLead = [
        "{S}严格按照《条例》规定，规范依申请公开受理、办理、答复流程。",
        "坚持“答复及时、内容完整、格式规范”的标准，畅通依申请公开受理渠道。",
        "{S}高度重视依申请公开工作，明确专人负责受理和答复。",
    ]
    static let overviewApplications = [
        "所有申请均在法定期限内答复，未发生超期答复情况。",
        "对申请内容不明确的，及时告知申请人补正，做好沟通解释工作。",
        "进一步完善依申请公开登记、审核、答复等工作制度。",
        "认真分析依申请公开反映的问题，推动主动公开范围的扩大。",
        "加强与申请人的沟通，耐心细致做好答复说明。",
    ]
    static let overviewManagement = [
        "严格落实信息发布保密审查制度，坚持“先审查、后公开”和“一事一审”原则。",
        "建立健全政府信息公开属性源头认定机制，在公文办理环节明确公开属性。",
        "定期开展政府信息公开内容自查，及时清理过期失效信息。",
        "规范政府信息公开工作流程，明确各科室职责分工。",
        "加强政府信息管理，健全信息采集、审核、发布机制。",
        "对已公开的规范性文件进行动态调整，标注有效性。",
        "完善政府信息公开工作台账，做到有据可查。",
    ]
    static let overviewPlatforms = [
        "将政府门户网站作为政府信息公开第一平台，及时更新信息公开专栏。",
        "加强政务新媒体管理，发挥政务微信公众号等平台的传播优势。",
        "在政务服务大厅设置政府信息查阅点，方便群众现场查阅。",
        "推进网站集约化建设，提升网站的安全防护水平和服务能力。",
        "持续优化网站栏目设置，提高信息检索的便捷性。",
        "加强网站内容巡查，及时整改错链、断链等问题。",
    ]
    static let overviewSupervision = [
        "成立由主要负责同志任组长的政务公开工作领导小组，明确分管领导和具体工作人员。",
        "将政务公开工作纳入年度目标考核，压实工作责任。",
        "组织开展政务公开业务培训，提升工作人员业务能力。",
        "自觉接受社会监督，认真听取社会各界意见建议。",
        "本年度未发生因政府信息公开工作引起的责任追究情况。",
        "定期对政务公开工作开展督查，推动各项任务落实落细。",
        "通过以会代训、专题讲座等形式开展培训，增强依法公开意识。",
    ]
    static let problemLeads = [
        "{Y}年，{S}政府信息公开工作取得了一定成效，但仍存在一些不足：",
        "对照新形势新要求，{A}政府信息公开工作还存在一些问题：",
        "回顾{Y}年工作，{S}政府信息公开工作仍有薄弱环节：",
    ]
    static let problemItems = [
        "信息公开的及时性有待进一步提高",
        "政策解读形式较为单一，解读深度不够",
        "工作人员业务能力有待加强",
        "主动公开的广度和深度还需拓展",
        "政务新媒体更新频率不够高",
        "公众参与渠道有待进一步拓宽",
        "信息公开内容规范性有待提升",
        "对群众关切的回应还不够及时",
    ]
    static let improvementLeads = [
        "{Y1}年，{S}将从以下方面加以改进：",
        "下一步，{S}将着力做好以下工作：",
        "针对上述问题，{S}将采取以下措施：",
    ]
    static let improvementItems = [
        "健全信息发布机制，提高信息公开的时效性",
        "丰富政策解读形式，推出更多图解、视频解读",
        "加强业务培训，提升工作人员政务公开能力",
        "聚焦重点领域，进一步扩大主动公开范围",
        "加强政务新媒体管理，提升内容质量",
        "畅通政民互动渠道，及时回应群众关切",
        "强化监督考核，推动政务公开工作提质增效",
        "规范依申请公开办理流程，提升答复质量",
    ]
    static let otherFees = [
        "依据《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）的规定，本年度未收取信息处理费。",
        "本年度未收取政府信息公开信息处理费。",
        "{S}本年度未发生收取信息处理费的情况。",
    ]
    static let otherPoints = [
        "{S}认真落实年度政务公开工作要点，各项任务均已按要求完成。",
        "{S}按要求做好政务公开工作年度报告的编制和发布工作。",
        "{S}持续推进政务公开标准化规范化建设，相关工作取得积极进展。",
    ]
}
