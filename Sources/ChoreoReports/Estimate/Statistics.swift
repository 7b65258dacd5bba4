/// Summary statistics over a sample, computed exactly from the sorted sample.
public struct SampleSummary: Sendable, Hashable {
    public var count: Int
    public var mean: Double
    public var standardDeviation: Double
    public var minimum: Double
    public var maximum: Double
    /// Sorted sample, kept for percentiles and histograms.
    public let sorted: [Double]

    public init(_ values: [Double]) {
        sorted = values.sorted()
        count = values.count
        guard !values.isEmpty else {
            mean = 0
            standardDeviation = 0
            minimum = 0
            maximum = 0
            return
        }
        // Sums in sorted order, so the result does not depend on how runs were scheduled.
        let average = sorted.reduce(0, +) / Double(count)
        mean = average
        let squares = sorted.reduce(0) { $0 + ($1 - average) * ($1 - average) }
        standardDeviation = count > 1 ? (squares / Double(count - 1)).squareRoot() : 0
        minimum = sorted.first!
        maximum = sorted.last!
    }

    /// The `p`-th percentile (0...100), by linear interpolation between closest ranks.
    public func percentile(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = p / 100 * Double(sorted.count - 1)
        let lower = Int(rank.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let weight = rank - Double(lower)
        return sorted[lower] * (1 - weight) + sorted[upper] * weight
    }

    /// Counts in `bins` equal-width bins from `minimum` to `maximum`.
    public func histogram(bins: Int) -> [(lower: Double, upper: Double, count: Int)] {
        guard !sorted.isEmpty, bins > 0 else { return [] }
        let width = max((maximum - minimum) / Double(bins), 1e-9)
        var counts = [Int](repeating: 0, count: bins)
        for value in sorted {
            counts[min(bins - 1, Int((value - minimum) / width))] += 1
        }
        return counts.enumerated().map {
            (
                minimum + Double($0.offset) * width, minimum + Double($0.offset + 1) * width,
                $0.element
            )
        }
    }
}

/// Pearson correlation of two equally long samples (0 when either does not vary).
public func correlation(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count, "samples must pair up")
    guard x.count > 1 else { return 0 }
    let meanX = x.reduce(0, +) / Double(x.count)
    let meanY = y.reduce(0, +) / Double(y.count)
    var covariance = 0.0
    var varianceX = 0.0
    var varianceY = 0.0
    for (a, b) in zip(x, y) {
        covariance += (a - meanX) * (b - meanY)
        varianceX += (a - meanX) * (a - meanX)
        varianceY += (b - meanY) * (b - meanY)
    }
    guard varianceX > 0, varianceY > 0 else { return 0 }
    return covariance / (varianceX * varianceY).squareRoot()
}
