/// References inside expressions: every `steps.<id>` path is bound to its step's index;
/// a step id or input name the workflow does not define is an error; reads that can only
/// yield `null` (a step that has not run yet, a parallel sibling, the other branch, an
/// output the step does not declare) are warnings.
extension LoadSession {
    func bindReferences(in definition: inout WorkflowDefinition) {
        var ids: [String: Int] = [:]
        for step in steps where ids[step.id] == nil { ids[step.id] = step.index }
        let context = ReferenceContext(
            ids: ids, allIDs: steps.map(\.id), inputNames: definition.inputs.map(\.name),
            inHandler: handlerMembership(body: definition.body))
        for index in steps.indices {
            steps[index].kind = steps[index].kind.mappingTemplates { template in
                template.mappingPaths { path, location in
                    bind(path, at: location, reader: index, context: context)
                }
            }
        }
        definition.steps = steps
        checkWorkflowOutputs(definition)
    }

    struct ReferenceContext {
        var ids: [String: Int]
        var allIDs: [String]
        var inputNames: [String]
        /// Per step: whether it belongs to an error handler's compensation steps.
        var inHandler: [Bool]
    }

    private func handlerMembership(body: [Int]) -> [Bool] {
        var inHandler = [Bool](repeating: true, count: steps.count)
        var pending = body
        while let index = pending.popLast() {
            guard inHandler[index] else { continue }
            inHandler[index] = false
            pending.append(contentsOf: steps[index].children)
        }
        return inHandler
    }

    private func bind(
        _ path: Path, at location: SourceLocation, reader: Int, context: ReferenceContext
    ) -> Path {
        switch path.root {
        case .inputs:
            guard let name = path.members.first, !context.inputNames.contains(name) else {
                return path
            }
            let declared =
                context.inputNames.isEmpty
                ? "the workflow declares no inputs"
                : "the workflow declares "
                    + Suggestions.list(context.inputNames, conjunction: "and")
            let hint = Suggestions.hint(for: name, among: context.inputNames)
            error("unknown input '\(name)' in '\(path.text)'\(hint); \(declared)", at: location)
            return path
        case .step(let id, _, let field):
            guard let target = context.ids[id] else {
                let hint = Suggestions.hint(for: id, among: context.allIDs)
                error("unknown step '\(id)' in '\(path.text)'\(hint)", at: location)
                return path
            }
            if field != .status {
                checkOrder(
                    reader: reader, target: target, path: path, at: location, context: context)
            }
            if field == .outputs { checkOutputName(path, target: target, at: location) }
            return Path(root: .step(id: id, index: target, field: field), members: path.members)
        case .workflow:
            return path
        }
    }

    /// Warns about a read of a step that cannot have finished when the reader starts.
    private func checkOrder(
        reader: Int, target: Int, path: Path, at location: SourceLocation, context: ReferenceContext
    ) {
        // Handlers run after an error, when any earlier step may have run.
        guard !context.inHandler[reader], !context.inHandler[target] else { return }
        let readerID = steps[reader].id
        let targetID = steps[target].id
        if target >= reader {
            warning(
                "'\(path.text)' is read when step '\(readerID)' starts, before step '\(targetID)' "
                    + "has run, so it is null", at: location)
            return
        }
        guard let common = commonAncestor(reader, target), common != target,
            let readerBranch = child(of: common, containing: reader),
            let targetBranch = child(of: common, containing: target)
        else { return }
        switch steps[common].kind {
        case .parallel:
            warning(
                "step '\(targetID)' runs in parallel with step '\(readerID)', so '\(path.text)' "
                    + "may be null when '\(readerID)' starts", at: location)
        case .condition(let condition):
            if condition.ifTrue.contains(readerBranch) != condition.ifTrue.contains(targetBranch) {
                warning(
                    "steps '\(targetID)' and '\(readerID)' are in different branches of "
                        + "'\(steps[common].id)', so '\(path.text)' is always null", at: location)
            }
        default:
            break
        }
    }

    /// Warns about an output name that a task with declared outputs does not declare.
    private func checkOutputName(_ path: Path, target: Int, at location: SourceLocation) {
        guard let name = path.members.first, case .task(let task) = steps[target].kind,
            !task.outputs.isEmpty
        else { return }
        let names = task.outputs.flatMap { [$0.field, $0.alias] }
        guard !names.contains(name) else { return }
        warning(
            "step '\(steps[target].id)' declares no output '\(name)'"
                + Suggestions.hint(for: name, among: names)
                + "; it is null unless the agent returns it",
            at: location)
    }

    /// The nearest step enclosing both (or one of them, if it encloses the other).
    private func commonAncestor(_ first: Int, _ second: Int) -> Int? {
        var ancestors: [Int] = []
        var current: Int? = first
        while let index = current {
            ancestors.append(index)
            current = steps[index].parent
        }
        current = second
        while let index = current {
            if ancestors.contains(index) { return index }
            current = steps[index].parent
        }
        return nil
    }

    /// The direct child of `ancestor` on the way down to `descendant`.
    private func child(of ancestor: Int, containing descendant: Int) -> Int? {
        var current = descendant
        while let parent = steps[current].parent {
            if parent == ancestor { return current }
            current = parent
        }
        return nil
    }

    /// Warns about a workflow output that no step declares as a field or an alias.
    private func checkWorkflowOutputs(_ definition: WorkflowDefinition) {
        var declared = Set<String>()
        for step in steps {
            guard case .task(let task) = step.kind else { continue }
            for output in task.outputs {
                declared.insert(output.field)
                declared.insert(output.alias)
            }
        }
        for (position, name) in definition.outputs.enumerated() where !declared.contains(name) {
            let location =
                workflowOutputLocations.indices.contains(position)
                ? workflowOutputLocations[position] : .start
            warning(
                "no step declares the workflow output '\(name)' among its outputs, so it is null "
                    + "unless an agent returns it", at: location)
        }
    }
}
