import Yams

/// Steps from YAML into the flat arena: kinds, ids as written, children in pre-order.
extension LoadSession {
    static let stepKinds = ["task", "condition", "approval", "parallel", "sequence"]
    static let commonStepKeys = ["id", "type", "description"]
    static let stepKeysByKind: [(kind: String, keys: [String])] = [
        ("task", ["team", "action", "inputs", "outputs", "timeout"]),
        ("condition", ["condition", "if_true", "if_false"]),
        ("approval", ["approvers", "message", "timeout", "on_timeout", "quorum"]),
        ("parallel", ["steps", "continue_on"]),
        ("sequence", ["steps"]),
    ]

    /// The steps of a list, as children of `parent` (`nil` at the top of the body or of a
    /// handler, where generated ids start with `prefix`).
    func buildSteps(_ items: [Node], parent: Int?, prefix: String) -> [Int] {
        items.compactMap { buildStep($0, parent: parent, prefix: prefix) }
    }

    /// One step and everything inside it; `nil` if it is not a mapping or the step limit
    /// is reached. A step with errors is still added, so that its id is known and
    /// references to it are not reported as unknown too.
    func buildStep(_ node: Node, parent: Int?, prefix: String) -> Int? {
        guard !stepLimitReached else { return nil }
        guard steps.count < LoadLimits.maximumSteps else {
            stepLimitReached = true
            error(
                "too many steps: a workflow may hold at most \(LoadLimits.maximumSteps), "
                    + "handler steps included", at: node)
            return nil
        }
        guard var reader = MappingReader(node, what: "a step", session: self) else { return nil }
        let index = steps.count
        steps.append(
            Step(
                id: "", index: index, parent: parent, kind: .sequence(SequenceStep(steps: [])),
                location: reader.location))
        stepNotes.append(
            StepNote(writtenID: nil, idLocation: reader.location, topLevelPrefix: prefix))
        readWrittenID(reader, index: index)
        guard let kindName = stepKind(reader) else { return index }
        reader.what = "a \(kindName) step"
        let kind: Step.Kind?
        switch kindName {
        case "task": kind = buildTask(reader, index: index)
        case "condition": kind = buildCondition(reader, index: index)
        case "approval": kind = buildApproval(reader, index: index)
        case "parallel": kind = buildParallel(reader, index: index)
        default: kind = buildSequence(reader, index: index)
        }
        reader.checkKeys(LoadSession.commonStepKeys + LoadSession.keys(of: kindName)) { key in
            guard let owner = LoadSession.stepKeysByKind.first(where: { $0.keys.contains(key) })
            else { return nil }
            return "does not apply to a \(kindName) step (it belongs to \(owner.kind) steps)"
        }
        if let kind { steps[index].kind = kind }
        return index
    }

    static func keys(of kind: String) -> [String] {
        stepKeysByKind.first { $0.kind == kind }?.keys ?? []
    }

    /// How messages name a step: `task step 'initial_assessment'`, or `task step` when it
    /// has no id of its own.
    func label(_ index: Int, _ kind: String) -> String {
        guard let id = stepNotes[index].writtenID else { return "\(kind) step" }
        return "\(kind) step '\(id)'"
    }

    private func readWrittenID(_ reader: MappingReader, index: Int) {
        guard let node = reader.value("id"), let id = name(node, for: "id") else { return }
        let allowed = id.unicodeScalars.allSatisfy {
            Lexer.isIdentifierPart($0) || $0 == "-" || $0 == "."
        }
        if !allowed {
            error("step id '\(id)' may hold only letters, digits, '_', '-' and '.'", at: node)
        }
        steps[index].id = id
        stepNotes[index].writtenID = id
        stepNotes[index].idLocation = location(of: node)
    }

    /// The step's kind: its `type`, or `task` for a step with `team` or `action`.
    private func stepKind(_ reader: MappingReader) -> String? {
        let kinds = LoadSession.stepKinds
        if let node = reader.value("type") {
            guard let text = string(node, for: "type") else { return nil }
            if kinds.contains(text) { return text }
            error(
                "unknown step type '\(text)'\(Suggestions.hint(for: text, among: kinds)); "
                    + "expected \(Suggestions.list(kinds))", at: node)
            return nil
        }
        if reader.has("team") || reader.has("action") { return "task" }
        let hint: String
        if reader.has("condition") || reader.has("if_true") || reader.has("if_false") {
            hint = "; add 'type: condition'"
        } else if reader.has("approvers") {
            hint = "; add 'type: approval'"
        } else if reader.has("steps") {
            hint = "; add 'type: sequence' or 'type: parallel'"
        } else {
            hint = " (\(Suggestions.list(kinds))); a step with 'team' and 'action' is a task"
        }
        error("the step has no 'type'\(hint)", at: reader.location)
        return nil
    }

    private func buildParallel(_ reader: MappingReader, index: Int) -> Step.Kind? {
        let children = childSteps(reader, index: index, kind: "parallel")
        let continueOn = reader.choice("continue_on", of: ContinueOn.self) ?? .allSuccess
        return children.map { .parallel(ParallelStep(steps: $0, continueOn: continueOn)) }
    }

    private func buildSequence(_ reader: MappingReader, index: Int) -> Step.Kind? {
        childSteps(reader, index: index, kind: "sequence").map {
            .sequence(SequenceStep(steps: $0))
        }
    }

    /// The non-empty `steps:` list of a parallel or sequence.
    private func childSteps(_ reader: MappingReader, index: Int, kind: String) -> [Int]? {
        guard let node = reader.required("steps", in: label(index, kind)),
            let items = list(node, for: "steps")
        else { return nil }
        guard !items.isEmpty else {
            error("a \(kind) step needs at least one step in 'steps'", at: node)
            return nil
        }
        return buildSteps(items, parent: index, prefix: "")
    }

    /// An `if_true` / `if_false` branch: a list of steps, or a mapping with `steps:`.
    /// A missing or empty branch is an empty sequence.
    func branch(_ node: Node?, key: String, parent: Int) -> [Int] {
        guard let node, !node.isNull else { return [] }
        switch node {
        case .sequence(let sequence):
            return buildSteps(Array(sequence), parent: parent, prefix: "")
        case .mapping:
            guard let reader = MappingReader(node, what: "'\(key)'", session: self) else {
                return []
            }
            reader.checkKeys(["steps"])
            guard let stepsNode = reader.value("steps") else {
                error("'\(key)' as a mapping needs 'steps:'", at: node)
                return []
            }
            guard let items = list(stepsNode, for: "steps") else { return [] }
            return buildSteps(items, parent: parent, prefix: "")
        default:
            error(
                "'\(key)' expects a list of steps or a mapping with 'steps:', "
                    + "found \(node.kindDescription)",
                at: node)
            return []
        }
    }
}
