#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Inter-arrival distributions written on the command line, in seconds.
///
/// A bare duration is constant (`10m`); otherwise `NAME:PARAMETERS` with durations:
/// `constant:10m`, `exponential:10m` (the mean), `uniform:5m,15m`,
/// `triangular:5m,10m,20m` (min, mode, max), `lognormal:10m,30m` (median, p90),
/// `normal:10m,2m` (mean, sd).
public enum ArrivalSpec {
    /// The distribution `text` describes, or `nil` with no way to read it.
    public static func parse(_ text: String) -> Distribution? {
        guard let colon = text.firstIndex(of: ":") else {
            return seconds(text).map(Distribution.constant)
        }
        let name = text[..<colon].lowercased()
        let parts = text[text.index(after: colon)...].split(separator: ",").map(String.init)
        let values = parts.compactMap(seconds)
        guard values.count == parts.count else { return nil }
        let distribution: Distribution?
        switch (name, values.count) {
        case ("constant", 1): distribution = .constant(values[0])
        case ("exponential", 1): distribution = .exponential(mean: values[0])
        case ("uniform", 2): distribution = .uniform(min: values[0], max: values[1])
        case ("triangular", 3):
            distribution = .triangular(min: values[0], mode: values[1], max: values[2])
        case ("lognormal", 2): distribution = try? .lognormal(median: values[0], p90: values[1])
        case ("normal", 2): distribution = .normal(mean: values[0], sd: values[1])
        default: distribution = nil
        }
        guard let distribution, (try? distribution.validated()) != nil else { return nil }
        return distribution
    }

    private static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingWhitespace
        if let number = Double(trimmed), number >= 0 { return number }
        return Durations.parse(trimmed).map(Durations.seconds)
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

extension Distribution {
    /// The same shape stretched by `factor` (> 0): every draw multiplied by `factor`.
    public func scaled(by factor: Double) -> Distribution {
        precondition(factor > 0 && factor.isFinite, "a scale factor must be positive")
        switch self {
        case .constant(let value): return .constant(value * factor)
        case .uniform(let min, let max): return .uniform(min: min * factor, max: max * factor)
        case .exponential(let mean): return .exponential(mean: mean * factor)
        case .normal(let mean, let sd): return .normal(mean: mean * factor, sd: sd * factor)
        case .lognormal(let mu, let sigma): return .lognormal(mu: mu + log(factor), sigma: sigma)
        case .triangular(let min, let mode, let max):
            return .triangular(min: min * factor, mode: mode * factor, max: max * factor)
        case .pert(let min, let mode, let max):
            return .pert(min: min * factor, mode: mode * factor, max: max * factor)
        case .empirical(let samples): return .empirical(samples: samples.map { $0 * factor })
        case .choice: return self
        }
    }
}
