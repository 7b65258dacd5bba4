#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension Distribution {
    /// The theoretical mean, for tests and reports.
    ///
    /// For `normal` it is the mean of the distribution truncated at 0,
    /// `mean + sd * φ(a) / (1 - Φ(a))` with `a = -mean / sd`; for `choice` it is the mean
    /// index. Only meaningful for a distribution that passes `validated()`.
    public var mean: Double {
        switch self {
        case .constant(let value):
            return value
        case .uniform(let min, let max):
            return (min + max) / 2
        case .exponential(let mean):
            return mean
        case .normal(let mean, let sd):
            return Self.truncatedNormalMean(mean: mean, sd: sd)
        case .lognormal(let mu, let sigma):
            return exp(mu + sigma * sigma / 2)
        case .triangular(let min, let mode, let max):
            return (min + mode + max) / 3
        case .pert(let min, let mode, let max):
            return (min + 4 * mode + max) / 6
        case .empirical(let samples):
            return samples.reduce(0, +) / Double(samples.count)
        case .choice(let weights):
            let total = weights.reduce(0, +)
            var weighted = 0.0
            for (index, weight) in weights.enumerated() {
                weighted += Double(index) * weight
            }
            return weighted / total
        }
    }

    private static func truncatedNormalMean(mean: Double, sd: Double) -> Double {
        guard sd > 0 else { return Swift.max(mean, 0) }
        let cut = -mean / sd
        let density = exp(-cut * cut / 2) / (2 * Double.pi).squareRoot()
        let kept = erfc(cut / 2.0.squareRoot()) / 2
        return mean + sd * density / kept
    }
}
