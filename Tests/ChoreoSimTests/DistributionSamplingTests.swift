import ChoreoSim
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Test func constantAlwaysGivesItsValue() {
    let draws = SampleStatistics(.constant(7), stream: "constant", count: 1_000)
    #expect(draws.values.allSatisfy { $0 == 7 })
    #expect(Distribution.constant(7).mean == 7)
}

@Test func uniformMatchesTheory() {
    let distribution = Distribution.uniform(min: 2, max: 10)
    let draws = SampleStatistics(distribution, stream: "uniform")
    #expect(distribution.mean == 6)
    draws.expectMean(6, sd: 8 / 12.0.squareRoot())
    draws.expectProbability(atMost: 4, is: 0.25)
    draws.expectProbability(atMost: 9.2, is: 0.9)
    #expect(draws.values.allSatisfy { $0 >= 2 && $0 < 10 })
}

@Test func exponentialMatchesTheory() {
    let distribution = Distribution.exponential(mean: 3)
    let draws = SampleStatistics(distribution, stream: "exponential")
    #expect(distribution.mean == 3)
    draws.expectMean(3, sd: 3)
    draws.expectProbability(atMost: 3 * log(2), is: 0.5)
    draws.expectProbability(atMost: -3 * log(0.1), is: 0.9)
    #expect(draws.values.allSatisfy { $0 >= 0 && $0.sign == .plus })
}

@Test func normalFarFromZeroMatchesTheUntruncatedNormal() {
    let distribution = Distribution.normal(mean: 10, sd: 2)
    let draws = SampleStatistics(distribution, stream: "normal")
    // Truncation at 5 sd below the mean still lifts the mean by 2·φ(5)/Φ(5), about 3e-6.
    let lift = 2 * exp(-12.5) / (2 * Double.pi).squareRoot() / standardNormalCDF(5)
    #expect(abs(distribution.mean - (10 + lift)) < 1e-12)
    #expect(lift > 2.9e-6 && lift < 3.0e-6)
    draws.expectMean(10, sd: 2)
    draws.expectProbability(atMost: 10, is: 0.5)
    draws.expectProbability(atMost: 10 + 2 * Distribution.z90, is: 0.9)
    #expect(abs(draws.standardDeviation - 2) < 0.02)
}

@Test func normalAtZeroIsTheHalfNormal() {
    let distribution = Distribution.normal(mean: 0, sd: 1)
    let draws = SampleStatistics(distribution, stream: "half-normal")
    #expect(abs(distribution.mean - (2 / Double.pi).squareRoot()) < 1e-12)
    draws.expectMean(distribution.mean, sd: (1 - 2 / Double.pi).squareRoot())
    draws.expectProbability(atMost: 0.674_489_750_196_081_7, is: 0.5)
    draws.expectProbability(atMost: 1.644_853_626_951_472_2, is: 0.9)
    #expect(draws.values.allSatisfy { $0 >= 0 })
}

@Test func normalNearZeroHasTheTruncatedMean() {
    let distribution = Distribution.normal(mean: 1, sd: 1)
    #expect(abs(distribution.mean - 1.287_599_970_939_178_3) < 1e-12)
    let draws = SampleStatistics(distribution, stream: "truncated-normal")
    draws.expectMean(distribution.mean, sd: 1)
    let kept = 1 - standardNormalCDF(-1)
    draws.expectProbability(atMost: 1, is: (0.5 - standardNormalCDF(-1)) / kept)
    draws.expectProbability(atMost: 2, is: (standardNormalCDF(1) - standardNormalCDF(-1)) / kept)
}

@Test func lognormalFromMedianAndP90MatchesTheory() throws {
    let distribution = try Distribution.lognormal(median: 20, p90: 60)
    guard case .lognormal(let mu, let sigma) = distribution else {
        Issue.record("expected a lognormal, got \(distribution)")
        return
    }
    #expect(abs(exp(mu) - 20) < 1e-9)
    #expect(abs(20 * exp(Distribution.z90 * sigma) - 60) < 1e-9)
    let draws = SampleStatistics(distribution, stream: "lognormal-median")
    draws.expectProbability(atMost: 20, is: 0.5)
    draws.expectProbability(atMost: 60, is: 0.9)
    draws.expectMean(
        distribution.mean, sd: distribution.mean * (exp(sigma * sigma) - 1).squareRoot())
}

@Test func lognormalFromMeanAndSdMatchesTheory() throws {
    let distribution = try Distribution.lognormal(mean: 100, sd: 30)
    #expect(abs(distribution.mean - 100) < 1e-9)
    let draws = SampleStatistics(distribution, stream: "lognormal-mean")
    draws.expectMean(100, sd: 30)
    // The sample standard deviation of this lognormal has a standard error near 0.06.
    #expect(abs(draws.standardDeviation - 30) < 0.5)
    #expect(draws.values.allSatisfy { $0 > 0 })
}

@Test func triangularMatchesTheory() {
    let distribution = Distribution.triangular(min: 1, mode: 2, max: 6)
    let draws = SampleStatistics(distribution, stream: "triangular")
    #expect(distribution.mean == 3)
    draws.expectMean(3, sd: (21.0 / 18.0).squareRoot())
    draws.expectProbability(atMost: 2, is: 0.2)
    draws.expectProbability(atMost: 4, is: 0.8)
    #expect(draws.values.allSatisfy { $0 >= 1 && $0 <= 6 })
}

@Test func pertMatchesItsBetaDistribution() {
    // min 10, mode 20, max 50: alpha = 2, beta = 4, whose distribution function is the
    // polynomial I_u(2, 4) = 1 - (1 - u)^5 - 5u(1 - u)^4.
    let distribution = Distribution.pert(min: 10, mode: 20, max: 50)
    let draws = SampleStatistics(distribution, stream: "pert")
    #expect(abs(distribution.mean - 70.0 / 3.0) < 1e-12)
    draws.expectMean(70.0 / 3.0, sd: 40 * (8.0 / (36.0 * 7.0)).squareRoot())
    func betaTwoFour(_ u: Double) -> Double { 1 - pow(1 - u, 5) - 5 * u * pow(1 - u, 4) }
    draws.expectProbability(atMost: 18, is: betaTwoFour(0.2))
    draws.expectProbability(atMost: 30, is: betaTwoFour(0.5))
    #expect(draws.values.allSatisfy { $0 >= 10 && $0 <= 50 })

    let symmetric = SampleStatistics(.pert(min: 0, mode: 5, max: 10), stream: "pert-symmetric")
    symmetric.expectProbability(atMost: 5, is: 0.5)
    symmetric.expectMean(5, sd: 10 * (9.0 / (36.0 * 7.0)).squareRoot())
}

@Test(arguments: [0.5, 1, 3, 7.5])
func gammaDrawsHaveTheirShapeAsMeanAndVariance(shape: Double) {
    var generator = RandomStreams.stream(seed: 20_250_122, replication: 0, name: "gamma")
    let values = (0..<SampleStatistics.drawCount).map { _ in generator.nextGamma(shape: shape) }
    let draws = SampleStatistics(values: values)
    draws.expectMean(shape, sd: shape.squareRoot())
    // The sample variance's standard error is sqrt((mu4 - sigma^4) / n) = sqrt((3k^2 + 6k -
    // k^2) / n) for gamma(k), whose fourth central moment is 3k^2 + 6k.
    let varianceError = ((2 * shape * shape + 6 * shape) / Double(values.count)).squareRoot()
    let variance = draws.standardDeviation * draws.standardDeviation
    #expect(abs(variance - shape) <= 5 * varianceError)
    if shape == 1 {
        draws.expectProbability(atMost: 1, is: 1 - exp(-1))
    }
}

@Test func empiricalDrawsEachSampleEquallyOften() {
    let distribution = Distribution.empirical(samples: [1, 2, 2, 10])
    let draws = SampleStatistics(distribution, stream: "empirical")
    #expect(distribution.mean == 3.75)
    let n = Double(SampleStatistics.drawCount)
    #expect(abs(draws.fraction(equalTo: 1) - 0.25) <= 5 * (0.25 * 0.75 / n).squareRoot())
    #expect(abs(draws.fraction(equalTo: 2) - 0.5) <= 5 * (0.25 / n).squareRoot())
    #expect(abs(draws.fraction(equalTo: 10) - 0.25) <= 5 * (0.25 * 0.75 / n).squareRoot())
    #expect(draws.values.allSatisfy { [1, 2, 10].contains($0) })
    draws.expectMean(3.75, sd: 13.1875.squareRoot())
}

@Test func choiceDrawsIndicesInProportionToTheirWeights() {
    let distribution = Distribution.choice(weights: [0.8, 0.2, 0])
    let draws = SampleStatistics(distribution, stream: "choice")
    #expect(abs(distribution.mean - 0.2) < 1e-12)
    draws.expectProbability(atMost: 0, is: 0.8)
    #expect(draws.fraction(equalTo: 2) == 0)
    #expect(draws.values.allSatisfy { $0 == 0 || $0 == 1 })
    let unnormalized = SampleStatistics(.choice(weights: [0, 3, 1]), stream: "choice-3-1")
    unnormalized.expectProbability(atMost: 1, is: 0.75)
    #expect(unnormalized.fraction(equalTo: 0) == 0)
}

@Test func degenerateRangesGiveTheirOnlyValue() {
    var generator = Xoshiro256StarStar(seed: 1)
    let cases: [(Distribution, Double)] = [
        (.uniform(min: 3, max: 3), 3), (.triangular(min: 4, mode: 4, max: 4), 4),
        (.pert(min: 5, mode: 5, max: 5), 5), (.normal(mean: 6, sd: 0), 6),
        (.lognormal(mu: 0, sigma: 0), 1), (.exponential(mean: 0), 0),
        (.empirical(samples: [8]), 8), (.choice(weights: [0, 0, 2]), 2),
    ]
    for (distribution, value) in cases {
        for _ in 0..<10 { #expect(distribution.sample(using: &generator) == value) }
        #expect(distribution.mean == value)
    }
}

@Test func theSameStreamGivesTheSameSamples() throws {
    let distributions: [Distribution] = [
        .uniform(min: 0, max: 1), .exponential(mean: 2), .normal(mean: 1, sd: 1),
        try .lognormal(median: 20, p90: 60), .triangular(min: 0, mode: 1, max: 3),
        .pert(min: 0, mode: 1, max: 3), .empirical(samples: [1, 5, 9]),
        .choice(weights: [1, 2, 3]),
    ]
    for distribution in distributions {
        var first = RandomStreams.stream(seed: 9, replication: 2, name: "repeat")
        var second = RandomStreams.stream(seed: 9, replication: 2, name: "repeat")
        let a = (0..<1_000).map { _ in distribution.sample(using: &first) }
        let b = (0..<1_000).map { _ in distribution.sample(using: &second) }
        #expect(a == b, "\(distribution)")
    }
}
