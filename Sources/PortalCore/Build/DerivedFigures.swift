/// Rates computed from a report's tables, each with the count it rests on. A rate over fewer than
/// `minimumCount` cases is given but marked `rated: false`: 1 of 2 is not "50%" in any sense a reader
/// should compare. A rate whose cells are blank, or whose base is 0, does not exist (nil), never 0%.
public struct DerivedFigures: Sendable, Equatable {
    public struct Rate: Sendable, Equatable {
        public var numerator: Double
        /// The base of the rate (n).
        public var n: Double
        public var value: Double { numerator / n }
        /// False when n < `DerivedFigures.minimumCount`.
        public var rated: Bool
    }

    public static let minimumCount = 30.0

    /// 予以公开率 = granted.total / results.total
    public var grantedRate: Rate?
    /// 实质公开率 = (granted + partiallyGranted).total / results.total
    public var disclosedRate: Rate?
    /// 复议纠错率 = review.corrected / (review.total − review.pending)
    public var reviewCorrectionRate: Rate?

    public init(_ report: Report) {
        if let a = report.applications, let results = a[.resultsTotal, .total] {
            if let granted = a[.granted, .total] {
                grantedRate = Self.rate(granted, of: results)
                if let partial = a[.partiallyGranted, .total] { disclosedRate = Self.rate(granted + partial, of: results) }
            }
        }
        if let r = report.reviewLitigation, let total = r[.review, .total], let pending = r[.review, .pending],
           let corrected = r[.review, .corrected] {
            // Cases still pending have no outcome yet; they are not part of the base.
            reviewCorrectionRate = Self.rate(corrected, of: total - pending)
        }
    }

    /// No rate from a base of 0, or from parts that exceed their whole (a report that breaks its own sums).
    static func rate(_ numerator: Double, of n: Double) -> Rate? {
        guard n > 0, numerator >= 0, numerator <= n else { return nil }
        return Rate(numerator: numerator, n: n, rated: n >= minimumCount)
    }
}
