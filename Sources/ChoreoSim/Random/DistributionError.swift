/// Why a distribution's parameters were refused, with a message that names the parameter.
public enum DistributionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A parameter is NaN or infinite.
    case notFinite(distribution: String, parameter: String, value: Double)
    /// A parameter that must be at least 0 is negative.
    case negative(distribution: String, parameter: String, value: Double)
    /// A parameter that must be above 0 is not.
    case notPositive(distribution: String, parameter: String, value: Double)
    /// `min` is greater than `max`.
    case minAboveMax(distribution: String, min: Double, max: Double)
    /// `mode` lies outside [`min`, `max`].
    case modeOutsideRange(distribution: String, mode: Double, min: Double, max: Double)
    /// A lognormal's 90th percentile is not above its median.
    case p90NotAboveMedian(median: Double, p90: Double)
    /// An empirical distribution has no samples.
    case noSamples
    /// A choice has no weights.
    case noWeights
    /// A choice weight is negative.
    case negativeWeight(index: Int, weight: Double)
    /// A choice's weights add up to 0.
    case weightsSumToZero

    /// The message shown to people, e.g. `uniform: min (5) is greater than max (2)`.
    public var description: String {
        switch self {
        case .notFinite(let distribution, let parameter, let value):
            return "\(distribution): \(parameter) must be a finite number, got \(value)"
        case .negative(let distribution, let parameter, let value):
            return "\(distribution): \(parameter) must not be negative, got \(value)"
        case .notPositive(let distribution, let parameter, let value):
            return "\(distribution): \(parameter) must be greater than 0, got \(value)"
        case .minAboveMax(let distribution, let min, let max):
            return "\(distribution): min (\(min)) is greater than max (\(max))"
        case .modeOutsideRange(let distribution, let mode, let min, let max):
            return "\(distribution): mode (\(mode)) is outside [min, max] = [\(min), \(max)]"
        case .p90NotAboveMedian(let median, let p90):
            return "lognormal: p90 (\(p90)) must be greater than the median (\(median))"
        case .noSamples:
            return "empirical: samples must not be empty"
        case .noWeights:
            return "choice: weights must not be empty"
        case .negativeWeight(let index, let weight):
            return "choice: weight \(index + 1) is negative (\(weight))"
        case .weightsSumToZero:
            return "choice: weights add up to 0; at least one must be positive"
        }
    }

    static func requireFinite(_ value: Double, _ parameter: String, in distribution: String)
        throws(DistributionError)
    {
        guard value.isFinite else {
            throw .notFinite(distribution: distribution, parameter: parameter, value: value)
        }
    }

    static func requireNotNegative(
        _ value: Double, _ parameter: String, in distribution: String
    ) throws(DistributionError) {
        try requireFinite(value, parameter, in: distribution)
        guard value >= 0 else {
            throw .negative(distribution: distribution, parameter: parameter, value: value)
        }
    }

    static func requirePositive(_ value: Double, _ parameter: String, in distribution: String)
        throws(DistributionError)
    {
        try requireFinite(value, parameter, in: distribution)
        guard value > 0 else {
            throw .notPositive(distribution: distribution, parameter: parameter, value: value)
        }
    }
}
