import ChoreoSim
import Testing

@Test func validParametersPassValidationUnchanged() throws {
    let distributions: [Distribution] = [
        .constant(-3), .uniform(min: -1, max: 1), .uniform(min: 2, max: 2),
        .exponential(mean: 0), .normal(mean: 0, sd: 0), .lognormal(mu: -2, sigma: 0.5),
        .triangular(min: 0, mode: 0, max: 1), .pert(min: 0, mode: 1, max: 1),
        .empirical(samples: [3]), .choice(weights: [0, 1]),
    ]
    for distribution in distributions {
        #expect(try distribution.validated() == distribution)
    }
}

@Test func badParametersAreRefusedWithTheProblemNamed() {
    let cases: [(Distribution, DistributionError)] = [
        (
            .exponential(mean: -1),
            .negative(distribution: "exponential", parameter: "mean", value: -1)
        ),
        (.normal(mean: -5, sd: 1), .negative(distribution: "normal", parameter: "mean", value: -5)),
        (.normal(mean: 5, sd: -1), .negative(distribution: "normal", parameter: "sd", value: -1)),
        (
            .lognormal(mu: 0, sigma: -1),
            .negative(distribution: "lognormal", parameter: "sigma", value: -1)
        ),
        (.uniform(min: 5, max: 2), .minAboveMax(distribution: "uniform", min: 5, max: 2)),
        (
            .triangular(min: 3, mode: 1, max: 2),
            .minAboveMax(distribution: "triangular", min: 3, max: 2)
        ),
        (
            .triangular(min: 0, mode: 3, max: 2),
            .modeOutsideRange(distribution: "triangular", mode: 3, min: 0, max: 2)
        ),
        (
            .pert(min: 0, mode: -1, max: 2),
            .modeOutsideRange(distribution: "pert", mode: -1, min: 0, max: 2)
        ),
        (.empirical(samples: []), .noSamples),
        (.choice(weights: []), .noWeights),
        (.choice(weights: [1, -0.5]), .negativeWeight(index: 1, weight: -0.5)),
        (.choice(weights: [0, 0]), .weightsSumToZero),
        (
            .constant(.infinity),
            .notFinite(distribution: "constant", parameter: "value", value: .infinity)
        ),
    ]
    for (distribution, error) in cases {
        #expect(throws: error, "\(distribution)") { try distribution.validated() }
    }
}

@Test func notANumberIsRefusedEverywhere() {
    let distributions: [Distribution] = [
        .constant(.nan), .uniform(min: .nan, max: 1), .exponential(mean: .nan),
        .normal(mean: 1, sd: .nan), .lognormal(mu: .nan, sigma: 1),
        .triangular(min: 0, mode: .nan, max: 1), .pert(min: 0, mode: 1, max: .nan),
        .empirical(samples: [1, .nan]), .choice(weights: [1, .nan]),
    ]
    for distribution in distributions {
        #expect(throws: DistributionError.self, "\(distribution)") { try distribution.validated() }
    }
}

@Test func lognormalConstructorsRefuseImpossibleShapes() {
    #expect(throws: DistributionError.p90NotAboveMedian(median: 20, p90: 20)) {
        try Distribution.lognormal(median: 20, p90: 20)
    }
    #expect(throws: DistributionError.p90NotAboveMedian(median: 20, p90: 10)) {
        try Distribution.lognormal(median: 20, p90: 10)
    }
    #expect(
        throws: DistributionError.notPositive(
            distribution: "lognormal", parameter: "median", value: 0)
    ) {
        try Distribution.lognormal(median: 0, p90: 10)
    }
    #expect(
        throws: DistributionError.notPositive(
            distribution: "lognormal", parameter: "mean", value: -1)
    ) {
        try Distribution.lognormal(mean: -1, sd: 1)
    }
    #expect(
        throws: DistributionError.negative(distribution: "lognormal", parameter: "sd", value: -2)
    ) {
        try Distribution.lognormal(mean: 10, sd: -2)
    }
}

@Test func errorMessagesSayWhatIsWrong() {
    #expect(
        DistributionError.minAboveMax(distribution: "uniform", min: 5, max: 2).description
            == "uniform: min (5.0) is greater than max (2.0)")
    #expect(
        DistributionError.p90NotAboveMedian(median: 20, p90: 10).description
            == "lognormal: p90 (10.0) must be greater than the median (20.0)")
    #expect(
        DistributionError.negative(distribution: "exponential", parameter: "mean", value: -1)
            .description == "exponential: mean must not be negative, got -1.0")
    #expect(
        DistributionError.negativeWeight(index: 1, weight: -0.5).description
            == "choice: weight 2 is negative (-0.5)")
    #expect(
        DistributionError.weightsSumToZero.description
            == "choice: weights add up to 0; at least one must be positive")
}
