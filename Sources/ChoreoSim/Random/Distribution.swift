#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A probability distribution of a real number: a duration, a delay or an output value.
///
/// Values are in whatever unit the caller uses (seconds, microseconds, dollars); the
/// distribution does not know. Every draw comes from the generator passed to
/// `sample(using:)`, so a seeded generator reproduces the same values on the same platform.
/// Build distributions from input through `validated()` (or the throwing `lognormal`
/// constructors); `sample(using:)` assumes valid parameters.
///
/// ```swift
/// let duration = try Distribution.lognormal(median: 20, p90: 60).validated()
/// var generator = RandomStreams.stream(seed: 42, replication: 0, name: "duration")
/// let minutes = duration.sample(using: &generator)
/// ```
public enum Distribution: Sendable, Hashable {
    /// Always `value`.
    case constant(Double)

    /// Uniform on [`min`, `max`).
    case uniform(min: Double, max: Double)

    /// Exponential with the given mean (not rate); `mean` is at least 0.
    case exponential(mean: Double)

    /// Normal with mean `mean` (at least 0) and standard deviation `sd`, truncated at 0.
    ///
    /// A negative draw is discarded and drawn again, so the values follow the normal
    /// distribution conditioned on being at least 0 (`mean` is that distribution's mean).
    /// The redraws are bounded: after 64 negative draws in a row the value is clamped to
    /// 0, which with `mean` at least 0 happens with probability below 2⁻⁶⁴.
    case normal(mean: Double, sd: Double)

    /// Lognormal: `exp(mu + sigma * Z)` for a standard normal `Z`; `exp(mu)` is the median.
    case lognormal(mu: Double, sigma: Double)

    /// Triangular on [`min`, `max`] with its peak at `mode`.
    case triangular(min: Double, mode: Double, max: Double)

    /// Beta-PERT on [`min`, `max`] with most likely value `mode` and λ = 4:
    /// `min + (max - min) * Beta(α, β)`, α = 1 + 4(mode - min)/(max - min),
    /// β = 1 + 4(max - mode)/(max - min); its mean is (min + 4·mode + max) / 6.
    case pert(min: Double, mode: Double, max: Double)

    /// One of `samples`, each equally likely (repeat a value to weight it).
    case empirical(samples: [Double])

    /// An index into `weights`, drawn with probability proportional to its weight and
    /// returned as a `Double`; the caller maps it to its own list of values.
    case choice(weights: [Double])

    /// The z-score of the 90th percentile of the standard normal distribution.
    public static let z90 = 1.2815515655446004

    /// The lognormal distribution with the given mean and standard deviation.
    ///
    /// `sigma² = ln(1 + sd² / mean²)` and `mu = ln(mean) - sigma² / 2`.
    /// Throws if `mean` is not positive or `sd` is negative.
    public static func lognormal(mean: Double, sd: Double) throws(DistributionError)
        -> Distribution
    {
        try DistributionError.requirePositive(mean, "mean", in: "lognormal")
        try DistributionError.requireNotNegative(sd, "sd", in: "lognormal")
        let variance = log1p((sd / mean) * (sd / mean))
        return .lognormal(mu: log(mean) - variance / 2, sigma: variance.squareRoot())
    }

    /// The lognormal distribution with the given median and 90th percentile.
    ///
    /// `mu = ln(median)` and `sigma = ln(p90 / median) / z90`, so that
    /// `p90 = median * exp(z90 * sigma)`. Throws unless `0 < median < p90`.
    public static func lognormal(median: Double, p90: Double) throws(DistributionError)
        -> Distribution
    {
        try DistributionError.requirePositive(median, "median", in: "lognormal")
        try DistributionError.requireFinite(p90, "p90", in: "lognormal")
        guard p90 > median else { throw .p90NotAboveMedian(median: median, p90: p90) }
        return .lognormal(mu: log(median), sigma: log(p90 / median) / z90)
    }

    /// Draws one value, taking every random number from `generator`.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        switch self {
        case .constant(let value):
            return value
        case .uniform(let min, let max):
            return Self.sampleUniform(min: min, max: max, using: &generator)
        case .exponential(let mean):
            return Self.sampleExponential(mean: mean, using: &generator)
        case .normal(let mean, let sd):
            return Self.sampleTruncatedNormal(mean: mean, sd: sd, using: &generator)
        case .lognormal(let mu, let sigma):
            return Self.sampleLognormal(mu: mu, sigma: sigma, using: &generator)
        case .triangular(let min, let mode, let max):
            return Self.sampleTriangular(min: min, mode: mode, max: max, using: &generator)
        case .pert(let min, let mode, let max):
            return Self.samplePert(min: min, mode: mode, max: max, using: &generator)
        case .empirical(let samples):
            precondition(!samples.isEmpty, "empirical distribution has no samples")
            return samples[generator.nextIndex(below: samples.count)]
        case .choice(let weights):
            return Double(Self.sampleChoice(weights: weights, using: &generator))
        }
    }

    /// How many negative normal draws in a row are discarded before clamping to 0.
    static let maximumNormalRedraws = 64

    // One function per parametric case, shared with `Sampler`, so that both draw the same
    // numbers by the same arithmetic.

    @inline(__always)
    static func sampleUniform<G: RandomNumberGenerator>(
        min: Double, max: Double, using generator: inout G
    ) -> Double {
        min + (max - min) * generator.nextUnit()
    }

    @inline(__always)
    static func sampleExponential<G: RandomNumberGenerator>(
        mean: Double, using generator: inout G
    ) -> Double {
        mean * -log1p(-generator.nextUnit())
    }

    @inline(__always)
    static func sampleLognormal<G: RandomNumberGenerator>(
        mu: Double, sigma: Double, using generator: inout G
    ) -> Double {
        exp(mu + sigma * generator.nextStandardNormal())
    }

    static func samplePert<G: RandomNumberGenerator>(
        min: Double, mode: Double, max: Double, using generator: inout G
    ) -> Double {
        guard max > min else { return min }
        let alpha = 1 + 4 * (mode - min) / (max - min)
        let beta = 1 + 4 * (max - mode) / (max - min)
        return min + (max - min) * generator.nextBeta(alpha: alpha, beta: beta)
    }

    static func sampleTruncatedNormal<G: RandomNumberGenerator>(
        mean: Double, sd: Double, using generator: inout G
    ) -> Double {
        guard sd > 0 else { return Swift.max(mean, 0) }
        for _ in 0..<maximumNormalRedraws {
            let value = mean + sd * generator.nextStandardNormal()
            if value >= 0 { return value }
        }
        return 0
    }

    static func sampleTriangular<G: RandomNumberGenerator>(
        min: Double, mode: Double, max: Double, using generator: inout G
    ) -> Double {
        guard max > min else { return min }
        let unit = generator.nextUnit()
        let width = max - min
        let split = (mode - min) / width
        if unit < split {
            return min + (unit * width * (mode - min)).squareRoot()
        }
        return max - ((1 - unit) * width * (max - mode)).squareRoot()
    }

    private static func sampleChoice<G: RandomNumberGenerator>(
        weights: [Double], using generator: inout G
    ) -> Int {
        precondition(!weights.isEmpty, "choice distribution has no weights")
        let total = weights.reduce(0, +)
        let target = generator.nextUnit() * total
        var cumulative = 0.0
        var lastPositive = 0
        for (index, weight) in weights.enumerated() where weight > 0 {
            cumulative += weight
            if target < cumulative { return index }
            lastPositive = index
        }
        // Rounding can leave `target` a hair above the running sum: take the last index
        // that could be drawn at all, never one whose weight is 0.
        return lastPositive
    }
}
