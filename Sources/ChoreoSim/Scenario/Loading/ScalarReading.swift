import ChoreoModel
import Yams

/// Values of a scenario that the workflow loader has no accessor for: YAML as `Value`,
/// numbers, probabilities, booleans, offsets from the start, and words from a given list.
extension LoadSession {
    /// Any YAML value as a `Value`: scalars typed as YAML types them (`${…}` is plain text
    /// here), mappings as objects, lists as lists.
    func value(_ node: Node) -> Value {
        switch node {
        case .scalar:
            return constantValue(node)
        case .sequence(let sequence):
            return .list(sequence.map { value($0) })
        case .mapping(let mapping):
            var members: [String: Value] = [:]
            for (keyNode, item) in mapping {
                guard case .scalar(let key) = keyNode else {
                    error("expected a name as key, found \(keyNode.kindDescription)", at: keyNode)
                    continue
                }
                members[key.string] = value(item)
            }
            return .object(members)
        case .alias:
            // Yams substitutes aliases while composing; none reach here.
            return .null
        }
    }

    /// A finite number, written without quotes.
    func number(_ node: Node, for key: String) -> Double? {
        guard node.kindDescription == "a number",
            let number = node.int.map(Double.init) ?? node.float
        else {
            error("'\(key)' expects a number, found \(node.kindDescription)", at: node)
            return nil
        }
        guard number.isFinite else {
            error("'\(key)' must be a finite number", at: node)
            return nil
        }
        return number
    }

    /// A probability: a number from 0 to 1.
    func probability(_ node: Node, for key: String) -> Double? {
        guard let number = number(node, for: key) else { return nil }
        guard (0...1).contains(number) else {
            error("'\(key)' is a probability from 0 to 1, found \(node.scalarText)", at: node)
            return nil
        }
        return number
    }

    /// A number of `key` that is at least 0.
    func weight(_ node: Node, for key: String) -> Double? {
        guard let number = number(node, for: key) else { return nil }
        guard number >= 0 else {
            error("'\(key)' must not be negative, found \(node.scalarText)", at: node)
            return nil
        }
        return number
    }

    /// `true` or `false`.
    func boolean(_ node: Node, for key: String) -> Bool? {
        guard node.kindDescription == "a boolean", let flag = node.bool else {
            error("'\(key)' expects true or false, found \(node.kindDescription)", at: node)
            return nil
        }
        return flag
    }

    /// A whole number in `range`, with the range in the message when it is not.
    func integer(_ node: Node, for key: String, in range: ClosedRange<Int>) -> Int? {
        guard let number = integer(node, for: key) else { return nil }
        guard range.contains(number) else {
            error(
                "'\(key)' must be from \(range.lowerBound) to \(range.upperBound), found \(number)",
                at: node)
            return nil
        }
        return number
    }

    /// A time from the scenario's start: a duration with units, where `0s` is allowed.
    func offset(_ node: Node, for key: String) -> Microseconds? {
        if node.kindDescription == "a string", Durations.parse(node.scalarText) == 0 { return 0 }
        return duration(node, for: key)
    }

    /// One of `allowed`, by its raw value; otherwise an error naming them all, with a
    /// "did you mean" when the word is close to one.
    func word<Word: RawRepresentable>(_ node: Node, for key: String, among allowed: [Word])
        -> Word? where Word.RawValue == String
    {
        guard let text = string(node, for: key) else { return nil }
        if let match = allowed.first(where: { $0.rawValue == text }) { return match }
        let names = allowed.map(\.rawValue)
        error(
            "unknown \(key) '\(text)'\(Suggestions.hint(for: text, among: names)); "
                + "expected \(Suggestions.list(names))",
            at: node)
        return nil
    }
}

extension Node {
    /// The text of a scalar as written (without quotes); empty for anything else.
    var scalarText: String {
        guard case .scalar(let scalar) = self else { return "" }
        return scalar.string
    }
}
