/// A parametric `Distribution` as a plain value: a kind and up to three parameters, with
/// nothing to count references on.
///
/// The run loop draws a claim delay and a duration for every task. Drawn from the step's
/// `Distribution` (an enum whose empirical and choice cases hold arrays), each draw retained
/// the plan holding it and copied the enum in and out; a sampler is read where it is. It
/// draws exactly what its distribution draws: each case calls the same function as
/// `Distribution.sample(using:)`.
struct Sampler: Sendable, Hashable {
    enum Kind: UInt8, Sendable {
        case constant, uniform, exponential, normal, lognormal, triangular, pert
    }

    let kind: Kind
    let first: Double
    let second: Double
    let third: Double

    /// The sampler of `distribution`, or nil for one that draws from a list (empirical,
    /// choice), which a plain value cannot hold.
    init?(_ distribution: Distribution) {
        switch distribution {
        case .constant(let value): (kind, first, second, third) = (.constant, value, 0, 0)
        case .uniform(let min, let max): (kind, first, second, third) = (.uniform, min, max, 0)
        case .exponential(let mean): (kind, first, second, third) = (.exponential, mean, 0, 0)
        case .normal(let mean, let sd): (kind, first, second, third) = (.normal, mean, sd, 0)
        case .lognormal(let mu, let sigma):
            (kind, first, second, third) = (.lognormal, mu, sigma, 0)
        case .triangular(let min, let mode, let max):
            (kind, first, second, third) = (.triangular, min, mode, max)
        case .pert(let min, let mode, let max):
            (kind, first, second, third) = (.pert, min, mode, max)
        case .empirical, .choice:
            return nil
        }
    }

    /// Draws one value, as the distribution it was made from would.
    func sample(using generator: inout Xoshiro256StarStar) -> Double {
        switch kind {
        case .constant:
            return first
        case .uniform:
            return Distribution.sampleUniform(min: first, max: second, using: &generator)
        case .exponential:
            return Distribution.sampleExponential(mean: first, using: &generator)
        case .normal:
            return Distribution.sampleTruncatedNormal(mean: first, sd: second, using: &generator)
        case .lognormal:
            return Distribution.sampleLognormal(mu: first, sigma: second, using: &generator)
        case .triangular:
            return Distribution.sampleTriangular(
                min: first, mode: second, max: third, using: &generator)
        case .pert:
            return Distribution.samplePert(min: first, mode: second, max: third, using: &generator)
        }
    }
}
