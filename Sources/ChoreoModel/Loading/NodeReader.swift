import Yams

/// A YAML mapping being read into a definition: values by key, typed accessors that
/// report a diagnostic at the node at fault and return `nil`, and a check for keys that do
/// not belong.
package struct MappingReader {
    /// One `key: value` pair, in source order.
    package struct Entry {
        /// The key's text.
        package var key: String
        /// The key's node, where diagnostics about the key point.
        package var keyNode: Node
        /// The value's node.
        package var value: Node
    }

    /// The session that diagnostics go to.
    package let session: LoadSession
    /// The mapping node.
    package let node: Node
    /// How messages name the mapping: "a task step", "the workflow", "an input".
    package var what: String
    /// The pairs whose keys are names, in source order.
    package let entries: [Entry]

    /// Reads `node` as a mapping, or reports what was found instead and returns `nil`.
    package init?(_ node: Node, what: String, session: LoadSession) {
        guard case .mapping(let mapping) = node else {
            session.error("expected \(what) (a mapping), found \(node.kindDescription)", at: node)
            return nil
        }
        var entries: [Entry] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                session.error(
                    "expected a name as key, found \(keyNode.kindDescription)", at: keyNode)
                continue
            }
            entries.append(Entry(key: key.string, keyNode: keyNode, value: value))
        }
        self.session = session
        self.node = node
        self.what = what
        self.entries = entries
    }

    /// Where the mapping starts.
    package var location: SourceLocation { session.location(of: node) }

    /// The value of `key`, if present.
    package func value(_ key: String) -> Node? {
        entries.first { $0.key == key }?.value
    }

    /// Whether `key` is present.
    package func has(_ key: String) -> Bool { value(key) != nil }

    /// The value of `key`, or an error at the mapping naming the missing key.
    package func required(_ key: String, in description: String? = nil) -> Node? {
        if let node = value(key) { return node }
        session.error("\(description ?? what) needs '\(key)'", at: location)
        return nil
    }

    /// Reports every key outside `allowed`: with a "did you mean" when one is close, or
    /// with `misplaced[key]` when the key belongs somewhere else.
    package func checkKeys(_ allowed: [String], misplaced: (String) -> String? = { _ in nil }) {
        for entry in entries where !allowed.contains(entry.key) {
            if let reason = misplaced(entry.key) {
                session.error("'\(entry.key)' \(reason)", at: entry.keyNode)
            } else {
                let hint = Suggestions.hint(for: entry.key, among: allowed)
                session.error("unknown key '\(entry.key)' in \(what)\(hint)", at: entry.keyNode)
            }
        }
    }

    // MARK: Typed values by key

    /// The string value of `key`, if present and a string (see `LoadSession.string`).
    package func string(_ key: String) -> String? {
        value(key).flatMap { session.string($0, for: key) }
    }

    /// The whole-number value of `key`, if present and one.
    package func integer(_ key: String) -> Int? {
        value(key).flatMap { session.integer($0, for: key) }
    }

    /// The duration value of `key`, if present and one (see `LoadSession.duration`).
    package func duration(_ key: String) -> Microseconds? {
        value(key).flatMap { session.duration($0, for: key) }
    }

    /// The value of `key` as one of `type`'s cases, if present and one.
    package func choice<Choice: RawRepresentable & CaseIterable>(
        _ key: String, of type: Choice.Type
    ) -> Choice? where Choice.RawValue == String {
        value(key).flatMap { session.choice($0, for: key, of: type) }
    }
}

extension LoadSession {
    /// A name or text. Numbers are read as written (`version: 1`); booleans and null are
    /// refused, because `yes` or an empty value where a name belongs is almost always a slip.
    package func string(_ node: Node, for key: String) -> String? {
        let kind = node.kindDescription
        guard case .scalar(let scalar) = node, kind == "a string" || kind == "a number" else {
            error("'\(key)' expects a string, found \(kind)", at: node)
            return nil
        }
        return scalar.string
    }

    /// A non-empty name: a string that is not blank.
    package func name(_ node: Node, for key: String) -> String? {
        guard let text = string(node, for: key) else { return nil }
        guard !text.trimmingSpaces().isEmpty else {
            error("'\(key)' must not be empty", at: node)
            return nil
        }
        return text
    }

    /// A whole number, written without quotes.
    package func integer(_ node: Node, for key: String) -> Int? {
        guard node.kindDescription == "a number", let value = node.int else {
            error("'\(key)' expects a whole number, found \(node.kindDescription)", at: node)
            return nil
        }
        return value
    }

    /// A duration with units (`90s`, `15m`, `2h`, `1d`, `1h30m`), longer than zero.
    ///
    /// A bare number is refused: `timeout: 2` could mean seconds, minutes or hours.
    package func duration(_ node: Node, for key: String) -> Microseconds? {
        guard case .scalar(let scalar) = node, node.kindDescription != "a list" else {
            error(
                "'\(key)' expects a duration such as '2h', found \(node.kindDescription)", at: node)
            return nil
        }
        let text = String(scalar.string.trimmingSpaces())
        if node.kindDescription == "a number" {
            error(
                "'\(key)': the duration '\(text)' needs a unit: s, m, h or d (e.g. '\(text)m')",
                at: node)
            return nil
        }
        if text.hasPrefix("-") {
            error("'\(key)' must not be negative ('\(text)')", at: node)
            return nil
        }
        guard let duration = Durations.parse(text) else {
            let tooLong = Durations.parse(text.replacingLeadingDigits()) != nil
            let reason =
                tooLong
                ? "is longer than the limit of \(Durations.format(Durations.maximum))"
                : "is not a duration; write e.g. '90s', '15m', '2h', '1d' or '1h30m'"
            error("'\(key)': '\(text)' \(reason)", at: node)
            return nil
        }
        guard duration > 0 else {
            error("'\(key)' must be longer than 0s", at: node)
            return nil
        }
        return duration
    }

    /// One of a fixed set of words, with a "did you mean" and the list of allowed ones.
    package func choice<Choice: RawRepresentable & CaseIterable>(
        _ node: Node, for key: String, of type: Choice.Type
    ) -> Choice? where Choice.RawValue == String {
        guard let text = string(node, for: key) else { return nil }
        if let value = Choice(rawValue: text) { return value }
        let names = Choice.allCases.map(\.rawValue)
        error(
            "unknown \(key) '\(text)'\(Suggestions.hint(for: text, among: names)); "
                + "expected \(Suggestions.list(names))",
            at: node)
        return nil
    }

    /// The items of a list; `null` (an empty value) reads as an empty list.
    package func list(_ node: Node, for key: String) -> [Node]? {
        if node.isNull { return [] }
        guard case .sequence(let sequence) = node else {
            error("'\(key)' expects a list, found \(node.kindDescription)", at: node)
            return nil
        }
        return Array(sequence)
    }
}

extension String {
    /// The text with its leading number replaced by `1`: tells "too long" from "malformed".
    fileprivate func replacingLeadingDigits() -> String {
        let rest = drop { ("0"..."9").contains($0) || $0 == "." }
        return rest.count < count ? "1" + rest : self
    }
}
