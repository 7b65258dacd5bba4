import ChoreoModel
import Yams

/// The `dist:` names a scenario may write.
enum DistributionKind: String, CaseIterable {
    case constant, uniform, exponential, normal, lognormal, triangular, pert, empirical, choice
}

/// What a distribution's numbers measure: seconds (a bare number, or a duration string such
/// as `20m`), or plain numbers (an output value such as a cost).
enum DistributionUnit {
    case seconds
    case number
}

/// Distributions: a bare number or duration (a constant), or `{dist: …, parameters}`,
/// checked by the kernel's `validated()` and reported at the mapping.
extension LoadSession {
    /// A distribution of seconds, for `key`.
    func durationDistribution(_ node: Node, for key: String) -> Distribution? {
        switch node {
        case .mapping:
            guard let reader = MappingReader(node, what: "a distribution", session: self)
            else { return nil }
            if !reader.has("dist"), let input = reader.value("input") {
                error(
                    "'\(key)' cannot be read from a step input here: "
                        + "'{input: …}' is for an action's or a step's 'duration'", at: input)
                return nil
            }
            return distribution(reader, unit: .seconds)
        case .scalar:
            return parameter(node, for: key, unit: .seconds).map(Distribution.constant)
        default:
            error(
                "'\(key)' expects seconds, a duration such as '20m' or a distribution "
                    + "({dist: …}), found \(node.kindDescription)", at: node)
            return nil
        }
    }

    /// How long work takes: a distribution of seconds or `{input: name}` (the duration in
    /// the step's resolved input `name`, as the seed's monitors have `duration: 2h`).
    func durationSpec(_ node: Node, for key: String) -> DurationSpec? {
        if case .mapping = node,
            let reader = MappingReader(node, what: "a duration", session: self),
            let input = reader.value("input")
        {
            reader.checkKeys(["input"])
            return name(input, for: "input").map(DurationSpec.input)
        }
        return durationDistribution(node, for: key).map(DurationSpec.distribution)
    }

    /// The distribution `{dist: …}` in `reader`, validated, or `nil` with every problem
    /// reported. `choice` is refused here: it draws output values (see `outputSpec`).
    func distribution(_ reader: MappingReader, unit: DistributionUnit) -> Distribution? {
        var reader = reader
        guard let kindNode = reader.value("dist") else {
            error(
                "a distribution needs 'dist': "
                    + Suggestions.list(DistributionKind.allCases.map(\.rawValue)),
                at: reader.location)
            return nil
        }
        guard let kind = choice(kindNode, for: "dist", of: DistributionKind.self) else {
            return nil
        }
        // Messages name the kind: "unknown key 'sd' in 'dist: pert'", "'dist: normal' needs 'sd'".
        reader.what = "'dist: \(kind.rawValue)'"
        let made: Distribution?
        do {
            made = try distribution(kind, reader, unit: unit, kindNode: kindNode)?.validated()
        } catch {
            self.error(error.description, at: reader.location)
            return nil
        }
        return made
    }

    private func distribution(
        _ kind: DistributionKind, _ reader: MappingReader, unit: DistributionUnit,
        kindNode: Node
    ) throws(DistributionError) -> Distribution? {
        switch kind {
        case .constant:
            return parameters(reader, ["value"], unit).map { .constant($0[0]) }
        case .uniform:
            return parameters(reader, ["min", "max"], unit).map { .uniform(min: $0[0], max: $0[1]) }
        case .exponential:
            return parameters(reader, ["mean"], unit).map { .exponential(mean: $0[0]) }
        case .normal:
            return parameters(reader, ["mean", "sd"], unit).map { .normal(mean: $0[0], sd: $0[1]) }
        case .lognormal:
            return try lognormal(reader, unit)
        case .triangular:
            return parameters(reader, ["min", "mode", "max"], unit).map {
                .triangular(min: $0[0], mode: $0[1], max: $0[2])
            }
        case .pert:
            return parameters(reader, ["min", "mode", "max"], unit).map {
                .pert(min: $0[0], mode: $0[1], max: $0[2])
            }
        case .empirical:
            return empirical(reader, unit)
        case .choice:
            reader.checkKeys(["dist", "values", "weights"])
            error(
                "'choice' picks one of several output values; a duration uses 'empirical' "
                    + "(samples: [...]) instead", at: kindNode)
            return nil
        }
    }

    /// `{dist: lognormal}` with `mean` and `sd`, or with `median` and `p90`.
    private func lognormal(_ reader: MappingReader, _ unit: DistributionUnit)
        throws(DistributionError) -> Distribution?
    {
        reader.checkKeys(["dist", "mean", "sd", "median", "p90"])
        let byMoments = reader.has("mean") || reader.has("sd")
        let byQuantiles = reader.has("median") || reader.has("p90")
        if byMoments && byQuantiles {
            error(
                "'dist: lognormal' takes 'mean' and 'sd', or 'median' and 'p90', not both",
                at: reader.location)
            return nil
        }
        guard byMoments || byQuantiles else {
            error(
                "'dist: lognormal' needs 'mean' and 'sd', or 'median' and 'p90'",
                at: reader.location)
            return nil
        }
        if byMoments {
            guard let values = parameters(reader, ["mean", "sd"], unit, checkKeys: false) else {
                return nil
            }
            return try Distribution.lognormal(mean: values[0], sd: values[1])
        }
        guard let values = parameters(reader, ["median", "p90"], unit, checkKeys: false) else {
            return nil
        }
        return try Distribution.lognormal(median: values[0], p90: values[1])
    }

    /// `{dist: empirical, samples: [...]}`.
    private func empirical(_ reader: MappingReader, _ unit: DistributionUnit) -> Distribution? {
        reader.checkKeys(["dist", "samples"])
        guard let node = reader.required("samples"),
            let items = list(node, for: "samples")
        else { return nil }
        let samples = items.map { parameter($0, for: "samples", unit: unit) }
        guard samples.allSatisfy({ $0 != nil }) else { return nil }
        return .empirical(samples: samples.compactMap { $0 })
    }

    /// The values of `names`, each required, with unknown keys reported; `nil` if any
    /// could not be read (each problem reported).
    private func parameters(
        _ reader: MappingReader, _ names: [String], _ unit: DistributionUnit,
        checkKeys: Bool = true
    ) -> [Double]? {
        if checkKeys { reader.checkKeys(["dist"] + names) }
        var values: [Double] = []
        for name in names {
            guard let node = reader.required(name),
                let value = parameter(node, for: name, unit: unit)
            else { continue }
            values.append(value)
        }
        return values.count == names.count ? values : nil
    }

    /// One parameter: in seconds, a number (at least 0) or a duration string; otherwise a
    /// number.
    func parameter(_ node: Node, for key: String, unit: DistributionUnit) -> Double? {
        let kind = node.kindDescription
        switch unit {
        case .number:
            return number(node, for: key)
        case .seconds where kind == "a number":
            guard let seconds = number(node, for: key) else { return nil }
            guard seconds >= 0 else {
                error("'\(key)' must not be negative, found \(node.scalarText)", at: node)
                return nil
            }
            return seconds
        case .seconds where kind == "a string":
            return durationSeconds(node, for: key)
        case .seconds:
            error(
                "'\(key)' expects seconds or a duration such as '20m', found \(kind)", at: node)
            return nil
        }
    }

    /// A duration string (`0s` allowed) as seconds.
    private func durationSeconds(_ node: Node, for key: String) -> Double? {
        let text = String(node.scalarText.drop { $0 == " " })
        if text.hasPrefix("-") {
            error("'\(key)' must not be negative ('\(text)')", at: node)
            return nil
        }
        guard let duration = Durations.parse(text) else {
            error(
                "'\(key)': '\(text)' is not a duration; write seconds (e.g. 90) or e.g. "
                    + "'90s', '15m', '2h', '1d' or '1h30m'", at: node)
            return nil
        }
        return Durations.seconds(duration)
    }
}
