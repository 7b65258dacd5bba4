import ChoreoModel
import Yams

/// What a team's work returns and how it fails: `outputs:` and `fail:`.
extension LoadSession {
    /// `outputs:`, field by field in source order.
    func outputFields(_ node: Node) -> [OutputField] {
        guard let reader = MappingReader(node, what: "'outputs'", session: self) else { return [] }
        return reader.entries.compactMap { entry in
            outputSpec(entry.value).map { OutputField(name: entry.key, spec: $0) }
        }
    }

    /// One output field: a mapping with `dist` draws a number (or, with `dist: choice`,
    /// one of `values`); anything else is a constant, YAML as written.
    func outputSpec(_ node: Node) -> OutputSpec? {
        guard case .mapping = node,
            var reader = MappingReader(node, what: "a distribution", session: self),
            let kindNode = reader.value("dist")
        else { return .constant(value(node)) }
        reader.what = "'dist: \(kindNode.scalarText)'"
        switch kindNode.scalarText {
        case DistributionKind.choice.rawValue:
            return outputChoice(reader)
        case DistributionKind.constant.rawValue:
            reader.checkKeys(["dist", "value"])
            return reader.required("value")
                .map { .constant(value($0)) }
        default:
            return distribution(reader, unit: .number).map(OutputSpec.distribution)
        }
    }

    /// `{dist: choice, values: [...], weights: [...]}`; equal weights when none are given.
    private func outputChoice(_ reader: MappingReader) -> OutputSpec? {
        reader.checkKeys(["dist", "values", "weights"])
        guard let valuesNode = reader.required("values"),
            let items = list(valuesNode, for: "values")
        else { return nil }
        guard !items.isEmpty else {
            error("'values' needs at least one value to choose from", at: valuesNode)
            return nil
        }
        let values = items.map { value($0) }
        var weights = [Double](repeating: 1, count: values.count)
        if let weightsNode = reader.value("weights") {
            guard let weightItems = list(weightsNode, for: "weights") else { return nil }
            let read = weightItems.map { number($0, for: "weights") }
            guard read.allSatisfy({ $0 != nil }) else { return nil }
            guard read.count == values.count else {
                error(
                    "'weights' has \(read.count) number\(read.count == 1 ? "" : "s") but "
                        + "'values' has \(values.count)",
                    at: weightsNode)
                return nil
            }
            weights = read.compactMap { $0 }
            do {
                _ = try Distribution.choice(weights: weights).validated()
            } catch {
                self.error(error.description, at: weightsNode)
                return nil
            }
        }
        return .choice(values: values, weights: weights)
    }

    /// `fail: { probability, error_type, message }`: `probability` defaults to 1 (a scripted
    /// failure); `error_type` is required.
    func failure(_ node: Node) -> FailureSpec? {
        guard let reader = MappingReader(node, what: "'fail'", session: self) else { return nil }
        reader.checkKeys(["probability", "error_type", "message"])
        var probability: Double? = 1
        if let node = reader.value("probability") {
            probability = self.probability(node, for: "probability")
        }
        let errorType = reader.required("error_type", in: "'fail'")
            .flatMap { name($0, for: "error_type") }
        var message: String?
        var messageIsValid = true
        if let node = reader.value("message") {
            message = string(node, for: "message")
            messageIsValid = message != nil
        }
        guard let errorType, let probability, messageIsValid else { return nil }
        return FailureSpec(probability: probability, errorType: errorType, message: message)
    }
}
