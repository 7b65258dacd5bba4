#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The continuous draws that `Distribution` builds on: standard normal, gamma and beta.
///
/// Each uses a method with a fixed recipe (Box–Muller, Marsaglia–Tsang) and takes every
/// random number from `self`, so a seeded generator gives the same values on the same
/// platform.
extension RandomNumberGenerator {
    /// A standard normal draw by the Box–Muller transform, from two uniform draws.
    ///
    /// Only the cosine half of the pair is used: keeping the sine half would need state
    /// outside the generator, and a value type has nowhere to keep it.
    @inlinable
    public mutating func nextStandardNormal() -> Double {
        let radius = (-2 * log(nextOpenUnit())).squareRoot()
        return radius * cos(2 * Double.pi * nextUnit())
    }

    /// A gamma draw with the given shape and scale 1, by Marsaglia and Tsang's method
    /// (ACM TOMS 26(3), 2000), which accepts more than 95% of its candidates.
    ///
    /// A shape below 1 is drawn as `gamma(shape + 1) * u^(1 / shape)`. The candidate loop is
    /// bounded: after 1,000 rejections in a row (a chance far below 2⁻¹⁰⁰⁰) the value is
    /// the distribution's center `shape - 1/3`.
    public mutating func nextGamma(shape: Double) -> Double {
        precondition(shape > 0 && shape.isFinite, "gamma shape must be positive, got \(shape)")
        if shape < 1 {
            return nextGamma(shape: shape + 1) * pow(nextOpenUnit(), 1 / shape)
        }
        let center = shape - 1.0 / 3.0
        let spread = 1 / (9 * center).squareRoot()
        for _ in 0..<1_000 {
            let normal = nextStandardNormal()
            let root = 1 + spread * normal
            guard root > 0 else { continue }
            let cube = root * root * root
            let uniform = nextOpenUnit()
            let square = normal * normal
            if uniform < 1 - 0.0331 * square * square {
                return center * cube
            }
            if log(uniform) < 0.5 * square + center * (1 - cube + log(cube)) {
                return center * cube
            }
        }
        return center
    }

    /// A beta draw on [0, 1] with the given shapes, as `X / (X + Y)` for
    /// `X ~ Gamma(alpha)` and `Y ~ Gamma(beta)`.
    public mutating func nextBeta(alpha: Double, beta: Double) -> Double {
        let first = nextGamma(shape: alpha)
        let second = nextGamma(shape: beta)
        let total = first + second
        // Both draws are 0 only through underflow with tiny shapes; split evenly then.
        guard total > 0 else { return 0.5 }
        return first / total
    }
}
