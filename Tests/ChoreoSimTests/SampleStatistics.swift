import ChoreoSim
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Draws from a distribution with a fixed seed, and the statistics the tests compare.
///
/// Tolerances are five standard errors of the statistic under the theoretical
/// distribution: tight enough to catch a wrong formula, and (the draws being seeded, so
/// the same on every run) far from the edge.
struct SampleStatistics {
    static let drawCount = 200_000

    let values: [Double]

    init(_ distribution: Distribution, stream name: String, count: Int = drawCount) {
        var generator = RandomStreams.stream(seed: 20_250_122, replication: 0, name: name)
        values = (0..<count).map { _ in distribution.sample(using: &generator) }
    }

    init(values: [Double]) {
        self.values = values
    }

    var mean: Double { values.reduce(0, +) / Double(values.count) }

    var standardDeviation: Double {
        let mean = mean
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// The share of draws at most `value`: the empirical distribution function.
    func fraction(atMost value: Double) -> Double {
        Double(values.count(where: { $0 <= value })) / Double(values.count)
    }

    /// The share of draws equal to `value`.
    func fraction(equalTo value: Double) -> Double {
        Double(values.count(where: { $0 == value })) / Double(values.count)
    }

    /// Expects the sample mean within five standard errors of `expected`.
    func expectMean(
        _ expected: Double, sd: Double, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let tolerance = 5 * sd / Double(values.count).squareRoot()
        #expect(
            abs(mean - expected) <= tolerance,
            "mean \(mean), expected \(expected) ± \(tolerance)", sourceLocation: sourceLocation)
    }

    /// Expects the share of draws at most `value` within five standard errors of
    /// `probability` (the binomial standard error `sqrt(p(1 - p)/n)`).
    func expectProbability(
        atMost value: Double, is probability: Double,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let observed = fraction(atMost: value)
        let tolerance = 5 * (probability * (1 - probability) / Double(values.count)).squareRoot()
        #expect(
            abs(observed - probability) <= tolerance,
            "P(X <= \(value)) = \(observed), expected \(probability) ± \(tolerance)",
            sourceLocation: sourceLocation)
    }
}

/// The standard normal distribution function.
func standardNormalCDF(_ value: Double) -> Double {
    erfc(-value / 2.0.squareRoot()) / 2
}
