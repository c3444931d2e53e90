// The cells of the three official tables, named exactly as ../shared/spec/report-data.md names them.
// Every stage speaks in these enums; the dotted `path` strings are the published JSON keys.

/// Which template a report follows: 国办公开办函〔2021〕30号, or the earlier 〔2019〕60号 (reports for 2019 and 2020).
public enum ReportFormat: String, Sendable, Codable, CaseIterable {
    case v2021 = "2021"
    case v2019 = "2019"
}

// MARK: Table 二 (2021)

public enum DisclosureItem: Int, CaseIterable, Sendable {
    case regulationsIssued, regulationsRepealed, regulationsInForce
    case normativeIssued, normativeRepealed, normativeInForce
    case licensing, punishment, coercion, fees

    public var path: String {
        switch self {
        case .regulationsIssued: return "regulations.issued"
        case .regulationsRepealed: return "regulations.repealed"
        case .regulationsInForce: return "regulations.inForce"
        case .normativeIssued: return "normativeDocuments.issued"
        case .normativeRepealed: return "normativeDocuments.repealed"
        case .normativeInForce: return "normativeDocuments.inForce"
        case .licensing: return "licensing"
        case .punishment: return "punishment"
        case .coercion: return "coercion"
        case .fees: return "fees"
        }
    }

    public var label: String {
        switch self {
        case .regulationsIssued: return "规章·本年制发件数"
        case .regulationsRepealed: return "规章·本年废止件数"
        case .regulationsInForce: return "规章·现行有效件数"
        case .normativeIssued: return "行政规范性文件·本年制发件数"
        case .normativeRepealed: return "行政规范性文件·本年废止件数"
        case .normativeInForce: return "行政规范性文件·现行有效件数"
        case .licensing: return "行政许可·本年处理决定数量"
        case .punishment: return "行政处罚·本年处理决定数量"
        case .coercion: return "行政强制·本年处理决定数量"
        case .fees: return "行政事业性收费·本年收费金额（万元）"
        }
    }

    /// Fees are money (万元, decimals allowed); everything else is a count.
    public var isCount: Bool { self != .fees }
}

// MARK: Table 二 (2019)

public enum Disclosure2019Item: Int, CaseIterable, Sendable {
    case regulationsMade, regulationsPublished, regulationsTotalPublic
    case normativeMade, normativePublished, normativeTotalPublic
    case licensingPreviousYear, licensingChange, licensingDecisions
    case otherServicesPreviousYear, otherServicesChange, otherServicesDecisions
    case punishmentPreviousYear, punishmentChange, punishmentDecisions
    case coercionPreviousYear, coercionChange, coercionDecisions
    case feesPreviousYear, feesChange
    case procurementProjects, procurementAmount

    public var path: String {
        switch self {
        case .regulationsMade: return "regulations.made"
        case .regulationsPublished: return "regulations.published"
        case .regulationsTotalPublic: return "regulations.totalPublic"
        case .normativeMade: return "normativeDocuments.made"
        case .normativePublished: return "normativeDocuments.published"
        case .normativeTotalPublic: return "normativeDocuments.totalPublic"
        case .licensingPreviousYear: return "licensing.previousYear"
        case .licensingChange: return "licensing.change"
        case .licensingDecisions: return "licensing.decisions"
        case .otherServicesPreviousYear: return "otherServices.previousYear"
        case .otherServicesChange: return "otherServices.change"
        case .otherServicesDecisions: return "otherServices.decisions"
        case .punishmentPreviousYear: return "punishment.previousYear"
        case .punishmentChange: return "punishment.change"
        case .punishmentDecisions: return "punishment.decisions"
        case .coercionPreviousYear: return "coercion.previousYear"
        case .coercionChange: return "coercion.change"
        case .coercionDecisions: return "coercion.decisions"
        case .feesPreviousYear: return "fees.previousYear"
        case .feesChange: return "fees.change"
        case .procurementProjects: return "procurement.projects"
        case .procurementAmount: return "procurement.amount"
        }
    }

    public var label: String {
        switch self {
        case .regulationsMade: return "规章·本年新制作数量"
        case .regulationsPublished: return "规章·本年新公开数量"
        case .regulationsTotalPublic: return "规章·对外公开总数量"
        case .normativeMade: return "规范性文件·本年新制作数量"
        case .normativePublished: return "规范性文件·本年新公开数量"
        case .normativeTotalPublic: return "规范性文件·对外公开总数量"
        case .licensingPreviousYear: return "行政许可·上一年项目数量"
        case .licensingChange: return "行政许可·本年增/减"
        case .licensingDecisions: return "行政许可·处理决定数量"
        case .otherServicesPreviousYear: return "其他对外管理服务事项·上一年项目数量"
        case .otherServicesChange: return "其他对外管理服务事项·本年增/减"
        case .otherServicesDecisions: return "其他对外管理服务事项·处理决定数量"
        case .punishmentPreviousYear: return "行政处罚·上一年项目数量"
        case .punishmentChange: return "行政处罚·本年增/减"
        case .punishmentDecisions: return "行政处罚·处理决定数量"
        case .coercionPreviousYear: return "行政强制·上一年项目数量"
        case .coercionChange: return "行政强制·本年增/减"
        case .coercionDecisions: return "行政强制·处理决定数量"
        case .feesPreviousYear: return "行政事业性收费·上一年项目数量"
        case .feesChange: return "行政事业性收费·本年增/减"
        case .procurementProjects: return "政府集中采购·采购项目数量"
        case .procurementAmount: return "政府集中采购·采购总金额"
        }
    }

    /// `change` may be negative; the procurement amount is money with its own unit.
    public var mayBeNegative: Bool {
        switch self {
        case .licensingChange, .otherServicesChange, .punishmentChange, .coercionChange, .feesChange: return true
        default: return false
        }
    }

    public var isCount: Bool { self != .procurementAmount }
}

// MARK: Table 三

public enum Applicant: Int, CaseIterable, Sendable {
    case naturalPerson, commercial, research, socialWelfare, legalService, otherOrg, total

    public var key: String {
        switch self {
        case .naturalPerson: return "naturalPerson"
        case .commercial: return "commercial"
        case .research: return "research"
        case .socialWelfare: return "socialWelfare"
        case .legalService: return "legalService"
        case .otherOrg: return "otherOrg"
        case .total: return "total"
        }
    }

    public var label: String {
        switch self {
        case .naturalPerson: return "自然人"
        case .commercial: return "商业企业"
        case .research: return "科研机构"
        case .socialWelfare: return "社会公益组织"
        case .legalService: return "法律服务机构"
        case .otherOrg: return "其他"
        case .total: return "总计"
        }
    }

    /// The six columns that add up to `total` (rule 1).
    public static let parts: [Applicant] = [.naturalPerson, .commercial, .research, .socialWelfare, .legalService, .otherOrg]
}

/// The rows of table 三. Both formats share them, except 其他处理: three rows in 2021, one (`otherHandlingTotal`) in 2019.
public enum ApplicationRow: Int, CaseIterable, Sendable {
    case newReceived, carriedOver
    case granted, partiallyGranted
    case stateSecret, prohibitedByLaw, endangersSafety, thirdPartyRights
    case internalAffairs, processInformation, enforcementFiles, queryMatter
    case notHeld, needsCreation, unclearAfterCorrection
    case complaint, repeated, publication, excessive, confirmation
    case noCorrection, unpaidFees, otherHandlingOther
    case otherHandlingTotal
    case resultsTotal, carriedForward

    public static func rows(for format: ReportFormat) -> [ApplicationRow] {
        switch format {
        case .v2021: return allCases.filter { $0 != .otherHandlingTotal }
        case .v2019: return allCases.filter { ![.noCorrection, .unpaidFees, .otherHandlingOther].contains($0) }
        }
    }

    public var path: String {
        switch self {
        case .newReceived: return "newReceived"
        case .carriedOver: return "carriedOver"
        case .granted: return "results.granted"
        case .partiallyGranted: return "results.partiallyGranted"
        case .stateSecret: return "results.denied.stateSecret"
        case .prohibitedByLaw: return "results.denied.prohibitedByLaw"
        case .endangersSafety: return "results.denied.endangersSafety"
        case .thirdPartyRights: return "results.denied.thirdPartyRights"
        case .internalAffairs: return "results.denied.internalAffairs"
        case .processInformation: return "results.denied.processInformation"
        case .enforcementFiles: return "results.denied.enforcementFiles"
        case .queryMatter: return "results.denied.queryMatter"
        case .notHeld: return "results.unableToProvide.notHeld"
        case .needsCreation: return "results.unableToProvide.needsCreation"
        case .unclearAfterCorrection: return "results.unableToProvide.unclearAfterCorrection"
        case .complaint: return "results.notProcessed.complaint"
        case .repeated: return "results.notProcessed.repeated"
        case .publication: return "results.notProcessed.publication"
        case .excessive: return "results.notProcessed.excessive"
        case .confirmation: return "results.notProcessed.confirmation"
        case .noCorrection: return "results.otherHandling.noCorrection"
        case .unpaidFees: return "results.otherHandling.unpaidFees"
        case .otherHandlingOther: return "results.otherHandling.other"
        case .otherHandlingTotal: return "results.otherHandling.total"
        case .resultsTotal: return "results.total"
        case .carriedForward: return "carriedForward"
        }
    }

    /// The official wording of the row's own label (without its group).
    public var label: String {
        switch self {
        case .newReceived: return "一、本年新收政府信息公开申请数量"
        case .carriedOver: return "二、上年结转政府信息公开申请数量"
        case .granted: return "（一）予以公开"
        case .partiallyGranted: return "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
        case .stateSecret: return "1.属于国家秘密"
        case .prohibitedByLaw: return "2.其他法律行政法规禁止公开"
        case .endangersSafety: return "3.危及“三安全一稳定”"
        case .thirdPartyRights: return "4.保护第三方合法权益"
        case .internalAffairs: return "5.属于三类内部事务信息"
        case .processInformation: return "6.属于四类过程性信息"
        case .enforcementFiles: return "7.属于行政执法案卷"
        case .queryMatter: return "8.属于行政查询事项"
        case .notHeld: return "1.本机关不掌握相关政府信息"
        case .needsCreation: return "2.没有现成信息需要另行制作"
        case .unclearAfterCorrection: return "3.补正后申请内容仍不明确"
        case .complaint: return "1.信访举报投诉类申请"
        case .repeated: return "2.重复申请"
        case .publication: return "3.要求提供公开出版物"
        case .excessive: return "4.无正当理由大量反复申请"
        case .confirmation: return "5.要求行政机关确认或重新出具已获取信息"
        case .noCorrection: return "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
        case .unpaidFees: return "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
        case .otherHandlingOther: return "3.其他"
        case .otherHandlingTotal: return "（六）其他处理"
        case .resultsTotal: return "（七）总计"
        case .carriedForward: return "四、结转下年度继续办理"
        }
    }

    /// The merged group cell the row sits under in the official layout, if any.
    public var group: ResultGroup? {
        switch self {
        case .granted, .partiallyGranted, .otherHandlingTotal, .resultsTotal: return .results
        case .stateSecret, .prohibitedByLaw, .endangersSafety, .thirdPartyRights,
             .internalAffairs, .processInformation, .enforcementFiles, .queryMatter: return .denied
        case .notHeld, .needsCreation, .unclearAfterCorrection: return .unableToProvide
        case .complaint, .repeated, .publication, .excessive, .confirmation: return .notProcessed
        case .noCorrection, .unpaidFees, .otherHandlingOther: return .otherHandling
        case .newReceived, .carriedOver, .carriedForward: return nil
        }
    }

    /// The rows whose sum is `resultsTotal` (rule 2).
    public static func resultItems(for format: ReportFormat) -> [ApplicationRow] {
        rows(for: format).filter { $0 != .newReceived && $0 != .carriedOver && $0 != .resultsTotal && $0 != .carriedForward }
    }
}

public enum ResultGroup: String, Sendable {
    case results = "三、本年度办理结果"
    case denied = "（三）不予公开"
    case unableToProvide = "（四）无法提供"
    case notProcessed = "（五）不予处理"
    case otherHandling = "（六）其他处理"
}

// MARK: Table 四

public enum ReviewGroup: Int, CaseIterable, Sendable {
    case review, litigationDirect, litigationAfterReview

    public var key: String {
        switch self {
        case .review: return "review"
        case .litigationDirect: return "litigationDirect"
        case .litigationAfterReview: return "litigationAfterReview"
        }
    }

    public var label: String {
        switch self {
        case .review: return "行政复议"
        case .litigationDirect: return "行政诉讼·未经复议直接起诉"
        case .litigationAfterReview: return "行政诉讼·复议后起诉"
        }
    }
}

public enum ReviewOutcome: Int, CaseIterable, Sendable {
    case upheld, corrected, other, pending, total

    public var key: String {
        switch self {
        case .upheld: return "upheld"
        case .corrected: return "corrected"
        case .other: return "other"
        case .pending: return "pending"
        case .total: return "total"
        }
    }

    public var label: String {
        switch self {
        case .upheld: return "结果维持"
        case .corrected: return "结果纠正"
        case .other: return "其他结果"
        case .pending: return "尚未审结"
        case .total: return "总计"
        }
    }

    public static let parts: [ReviewOutcome] = [.upheld, .corrected, .other, .pending]
}

// MARK: Sections

public enum SectionKey: String, CaseIterable, Sendable {
    case overview, activeDisclosure, applications, reviewLitigation, problems, otherMatters

    public var heading: String {
        switch self {
        case .overview: return "一、总体情况"
        case .activeDisclosure: return "二、主动公开政府信息情况"
        case .applications: return "三、收到和处理政府信息公开申请情况"
        case .reviewLitigation: return "四、政府信息公开行政复议、行政诉讼情况"
        case .problems: return "五、存在的主要问题及改进情况"
        case .otherMatters: return "六、其他需要报告的事项"
        }
    }
}
