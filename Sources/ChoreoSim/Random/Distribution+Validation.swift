extension Distribution {
    /// Returns this distribution if its parameters are valid, or throws the first problem.
    ///
    /// Every parameter must be finite. Beyond that: `exponential` and `normal` need a mean
    /// of at least 0 and `normal` an `sd` of at least 0; `lognormal` a `sigma` of at least 0;
    /// `uniform` `min <= max`; `triangular` and `pert` `min <= mode <= max`; `empirical` at
    /// least one sample; `choice` at least one weight, none negative, adding up to more
    /// than 0.
    public func validated() throws(DistributionError) -> Distribution {
        switch self {
        case .constant(let value):
            try DistributionError.requireFinite(value, "value", in: "constant")
        case .uniform(let min, let max):
            try Self.validateRange(min: min, max: max, in: "uniform")
        case .exponential(let mean):
            try DistributionError.requireNotNegative(mean, "mean", in: "exponential")
        case .normal(let mean, let sd):
            try DistributionError.requireNotNegative(mean, "mean", in: "normal")
            try DistributionError.requireNotNegative(sd, "sd", in: "normal")
        case .lognormal(let mu, let sigma):
            try DistributionError.requireFinite(mu, "mu", in: "lognormal")
            try DistributionError.requireNotNegative(sigma, "sigma", in: "lognormal")
        case .triangular(let min, let mode, let max):
            try Self.validateRange(min: min, mode: mode, max: max, in: "triangular")
        case .pert(let min, let mode, let max):
            try Self.validateRange(min: min, mode: mode, max: max, in: "pert")
        case .empirical(let samples):
            guard !samples.isEmpty else { throw .noSamples }
            for (index, sample) in samples.enumerated() {
                try DistributionError.requireFinite(sample, "sample \(index + 1)", in: "empirical")
            }
        case .choice(let weights):
            try Self.validateWeights(weights)
        }
        return self
    }

    private static func validateRange(min: Double, max: Double, in distribution: String)
        throws(DistributionError)
    {
        try DistributionError.requireFinite(min, "min", in: distribution)
        try DistributionError.requireFinite(max, "max", in: distribution)
        guard min <= max else { throw .minAboveMax(distribution: distribution, min: min, max: max) }
    }

    private static func validateRange(
        min: Double, mode: Double, max: Double, in distribution: String
    ) throws(DistributionError) {
        try validateRange(min: min, max: max, in: distribution)
        try DistributionError.requireFinite(mode, "mode", in: distribution)
        guard min <= mode, mode <= max else {
            throw .modeOutsideRange(distribution: distribution, mode: mode, min: min, max: max)
        }
    }

    private static func validateWeights(_ weights: [Double]) throws(DistributionError) {
        guard !weights.isEmpty else { throw .noWeights }
        var total = 0.0
        for (index, weight) in weights.enumerated() {
            try DistributionError.requireFinite(weight, "weight \(index + 1)", in: "choice")
            guard weight >= 0 else { throw .negativeWeight(index: index, weight: weight) }
            total += weight
        }
        guard total > 0, total.isFinite else { throw .weightsSumToZero }
    }
}
