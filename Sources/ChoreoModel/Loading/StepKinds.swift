import Yams

/// The leaf kinds and the condition: tasks with their outputs, approvals with their
/// approvers, conditions with their branches.
extension LoadSession {
    func buildTask(_ reader: MappingReader, index: Int) -> Step.Kind? {
        let label = label(index, "task")
        let team = reader.required("team", in: label).flatMap { name($0, for: "team") }
        let action = reader.required("action", in: label).flatMap { name($0, for: "action") }
        var inputs = Template.constant(.object([:]))
        if let node = reader.value("inputs"), !node.isNull {
            if case .mapping = node {
                inputs = template(node)
            } else {
                error(
                    "'inputs' expects a mapping of names to values, found \(node.kindDescription)",
                    at: node)
            }
        }
        let outputs = reader.value("outputs").map(outputAliases) ?? []
        let timeout = reader.duration("timeout")
        guard let team, let action else { return nil }
        return .task(
            TaskStep(team: team, action: action, inputs: inputs, outputs: outputs, timeout: timeout)
        )
    }

    /// A task's `outputs:`: a mapping `field: alias` (an empty alias means the field's own
    /// name), or a list of field names.
    func outputAliases(_ node: Node) -> [OutputAlias] {
        var outputs: [OutputAlias] = []
        var seen: [String: SourceLocation] = [:]
        func add(field: String, alias: String, at node: Node) {
            for name in Set([field, alias]).sorted() {
                if let first = seen[name] {
                    error(
                        "output name '\(name)' is declared twice in this step (first at \(first))",
                        at: node)
                }
                seen[name] = seen[name] ?? location(of: node)
            }
            outputs.append(OutputAlias(field: field, alias: alias, location: location(of: node)))
        }
        switch node {
        case .mapping:
            guard let reader = MappingReader(node, what: "'outputs'", session: self) else {
                return []
            }
            for entry in reader.entries {
                if entry.value.isNull {
                    add(field: entry.key, alias: entry.key, at: entry.keyNode)
                } else if let alias = name(entry.value, for: entry.key) {
                    add(field: entry.key, alias: alias, at: entry.keyNode)
                }
            }
        case .sequence(let sequence):
            for item in sequence {
                guard let field = name(item, for: "outputs") else { continue }
                add(field: field, alias: field, at: item)
            }
        default:
            if !node.isNull {
                error(
                    "'outputs' expects a mapping 'field: alias' or a list of names, "
                        + "found \(node.kindDescription)",
                    at: node)
            }
        }
        return outputs
    }

    func buildCondition(_ reader: MappingReader, index: Int) -> Step.Kind? {
        let condition = reader.required("condition", in: label(index, "condition"))
            .flatMap(conditionTemplate)
        let ifTrue = branch(reader.value("if_true"), key: "if_true", parent: index)
        let ifFalse = branch(reader.value("if_false"), key: "if_false", parent: index)
        return condition.map {
            .condition(ConditionStep(condition: $0, ifTrue: ifTrue, ifFalse: ifFalse))
        }
    }

    /// A condition: one expression. Blank text around it (a block scalar's final line
    /// break) is dropped; other text would make a string, which is always true.
    private func conditionTemplate(_ node: Node) -> Template? {
        guard case .scalar = node else {
            error(
                "'condition' expects an expression such as '${inputs.ready}', "
                    + "found \(node.kindDescription)",
                at: node)
            return nil
        }
        let errorsBefore = diagnostics.items.count
        let parsed = template(node)
        // A malformed expression is reported already; what is left of it proves nothing.
        guard diagnostics.items.count == errorsBefore else { return nil }
        switch parsed {
        case .constant(let value):
            warning(
                "the condition holds no '${…}', so it is always \(value.isTruthy)",
                at: location(of: node))
            return parsed
        case .interpolation(let parts):
            let expressions = parts.compactMap { part -> Expression? in
                if case .expression(let expression) = part { return expression }
                return nil
            }
            let textIsBlank = parts.allSatisfy { part in
                if case .text(let text) = part { return text.allSatisfy(\.isWhitespace) }
                return true
            }
            if expressions.count == 1, textIsBlank { return .expression(expressions[0]) }
            error(
                "the condition mixes text with '${…}', which makes a string that is always true; "
                    + "write the whole condition inside one '${…}'", at: node)
            return nil
        default:
            return parsed
        }
    }

    func buildApproval(_ reader: MappingReader, index: Int) -> Step.Kind? {
        let label = label(index, "approval")
        let approversNode = reader.required("approvers", in: label)
        var approvers: [Approver]?
        if let approversNode, let items = list(approversNode, for: "approvers") {
            approvers = items.compactMap(approver)
            if items.isEmpty { error("an approval needs at least one approver", at: approversNode) }
        }
        var message: Template?
        if let node = reader.value("message") {
            if case .scalar = node {
                message = template(node)
            } else {
                error("'message' expects text, found \(node.kindDescription)", at: node)
            }
        }
        let timeout = reader.duration("timeout")
        let onTimeout = reader.choice("on_timeout", of: OnTimeout.self)
        if let node = reader.value("on_timeout"), !reader.has("timeout") {
            warning("'on_timeout' has no effect without a 'timeout'", at: location(of: node))
        }
        var quorum = 1
        if let node = reader.value("quorum"), let value = integer(node, for: "quorum") {
            let count = approvers?.count ?? Int.max
            if value < 1 || value > count {
                error(
                    "'quorum' must be between 1 and the number of approvers (\(count)), "
                        + "found \(value)",
                    at: node)
            }
            quorum = value
        }
        guard let approvers, !approvers.isEmpty else { return nil }
        return .approval(
            ApprovalStep(
                approvers: approvers, message: message, timeout: timeout,
                onTimeout: onTimeout ?? .reject, quorum: quorum))
    }

    /// `{team, role}` or a bare team name.
    private func approver(_ node: Node) -> Approver? {
        if case .scalar = node { return name(node, for: "approvers").map { Approver(team: $0) } }
        guard let reader = MappingReader(node, what: "an approver", session: self) else {
            return nil
        }
        reader.checkKeys(["team", "role"])
        let team = reader.required("team").flatMap { name($0, for: "team") }
        let role = reader.value("role").flatMap { name($0, for: "role") }
        return team.map { Approver(team: $0, role: role) }
    }
}
