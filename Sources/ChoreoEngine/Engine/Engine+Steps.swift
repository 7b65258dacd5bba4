/// The step machine: starting nodes, and what happens when one ends.
extension Engine {
    /// Starts node `node` of `instance`.
    func startNode(_ instance: InstanceState, _ node: Int) {
        let kind = instance.program.kinds[node]
        switch kind {
        case .task:
            instance.nodes[node].markStarted(at: now)
            offerTask(instance, node)
        case .approval:
            instance.nodes[node].markStarted(at: now)
            offerApproval(instance, node)
        case .condition:
            evaluateCondition(instance, node)
        case .parallel:
            startParallel(instance, node)
        case .sequence, .root, .compensation:
            instance.nodes[node].run(at: now)
            if kind == .sequence { record(instance, .containerStarted(step: node)) }
            runSequence(instance, node)
        }
    }

    /// The children a sequence-like node runs: a condition's chosen branch, or its children.
    func sequenceChildren(_ instance: InstanceState, _ node: Int) -> [Int] {
        let program = instance.program
        if program.kinds[node] == .condition, instance.nodes[node].branch == 0 {
            return program.alternatives[node]
        }
        return program.children[node]
    }

    /// Starts the child at the cursor, or ends the node when none is left.
    func runSequence(_ instance: InstanceState, _ node: Int) {
        let children = sequenceChildren(instance, node)
        let position = Int(instance.nodes[node].cursor)
        if position < children.count {
            startNode(instance, children[position])
        } else {
            finishNode(instance, node, .completed)
        }
    }

    private func evaluateCondition(_ instance: InstanceState, _ node: Int) {
        let program = instance.program
        let evaluated: (value: Value, explanation: ConditionExplanation?)
        if let comparison = program.comparisons[node] {
            evaluated = comparison.evaluate(in: instance)
        } else {
            switch program.conditions[node] {
            case .expression(let expression)?:
                evaluated = expression.evaluateExplained(in: instance)
            case let condition?:
                evaluated = (condition.resolve(in: instance), nil)
            case nil:
                preconditionFailure("node \(node) is not a condition")
            }
        }
        let result = evaluated.value.isTruthy
        let explanation = evaluated.explanation
        instance.nodes[node].run(at: now, branch: result ? 1 : 0)
        record(instance, .conditionEvaluated(step: node, result: result, explanation: explanation))
        // The branch not taken: `children` holds `if_true`, `alternatives` `if_false`.
        for skipped in result ? program.alternatives[node] : program.children[node] {
            skipSubtree(instance, skipped)
        }
        runSequence(instance, node)
    }

    private func startParallel(_ instance: InstanceState, _ node: Int) {
        let children = instance.program.children[node]
        instance.nodes[node].runParallel(at: now, children: Int32(children.count))
        record(instance, .containerStarted(step: node))
        if children.isEmpty {
            finishNode(instance, node, .completed)
            return
        }
        for child in children where instance.nodes[node].status == .running {
            startNode(instance, child)
        }
    }

    /// Ends node `node` with `status` and tells its parent (or ends the instance).
    func finishNode(_ instance: InstanceState, _ node: Int, _ status: StepStatus) {
        let program = instance.program
        let timer = instance.nodes[node].finish(status, at: now)
        // What `cancelStepTimer` does, without a second access to the node.
        if timer != 0 { cancelTimer(instance, timer) }
        switch program.kinds[node] {
        case .condition, .parallel, .sequence:
            record(instance, .containerFinished(step: node, status: status))
        case .root:
            if status.letsWorkflowContinue {
                finishWorkflow(instance, .completed)
            } else {
                errorEscaped(instance, instance.nodes[node].error)
            }
            return
        case .compensation:
            finishWorkflow(instance, status.letsWorkflowContinue ? .rolledBack : .failed)
            return
        case .task, .approval:
            break
        }
        let parent = program.parents[node]
        precondition(parent >= 0, "step \(program.name(of: node)) has no parent")
        childFinished(instance, parent, child: node, status)
    }

    /// A child of `parent` ended with `status`.
    private func childFinished(
        _ instance: InstanceState, _ parent: Int, child: Int, _ status: StepStatus
    ) {
        guard instance.status == .running, instance.nodes[parent].status == .running else { return }
        if instance.program.kinds[parent] == .parallel {
            parallelChildFinished(instance, parent, child: child, status)
            return
        }
        if status.letsWorkflowContinue {
            instance.nodes[parent].cursor += 1
            runSequence(instance, parent)
        } else {
            let children = sequenceChildren(instance, parent)
            for later in children.dropFirst(Int(instance.nodes[parent].cursor) + 1) {
                skipSubtree(instance, later)
            }
            instance.nodes[parent].error = instance.nodes[child].error
            finishNode(instance, parent, .failed)
        }
    }

    private func parallelChildFinished(
        _ instance: InstanceState, _ parent: Int, child: Int, _ status: StepStatus
    ) {
        let program = instance.program
        let succeeds = status.letsWorkflowContinue
        let childError = succeeds ? nil : instance.nodes[child].error
        let pending = instance.nodes[parent].childEnded(succeeding: succeeds, error: childError)
        let continueOn = program.continueOn[parent]
        if !succeeds && continueOn == .allSuccess {
            for sibling in program.children[parent] { cancelSubtree(instance, sibling) }
            finishNode(instance, parent, .failed)
            return
        }
        guard pending == 0 else { return }
        let succeeded = Int(instance.nodes[parent].succeeded)
        let failed = program.children[parent].count - succeeded
        let outcome: StepStatus
        switch continueOn {
        case .allSuccess: outcome = .completed
        case .partialSuccess:
            outcome = failed == 0 ? .completed : succeeded > 0 ? .partial : .failed
        case .always: outcome = failed == 0 ? .completed : .partial
        }
        finishNode(instance, parent, outcome)
    }

    /// Marks every not-yet-started node in the subtree `skipped`.
    func skipSubtree(_ instance: InstanceState, _ node: Int) {
        if instance.nodes[node].status == .waiting && instance.nodes[node].attempts == 0 {
            instance.nodes[node].status = .skipped
        }
        for child in instance.program.children[node] { skipSubtree(instance, child) }
        for child in instance.program.alternatives[node] { skipSubtree(instance, child) }
    }

    /// Stops everything under way in the subtree: open tasks withdrawn, timers cancelled,
    /// running nodes `cancelled`, nodes never started `skipped`.
    func cancelSubtree(_ instance: InstanceState, _ node: Int) {
        let status = instance.nodes[node].status
        if status.isFinal { return }
        for child in instance.program.children[node] { cancelSubtree(instance, child) }
        for child in instance.program.alternatives[node] { cancelSubtree(instance, child) }
        if status == .waiting && instance.nodes[node].attempts == 0 {
            instance.nodes[node].status = .skipped
            return
        }
        withdrawTasks(instance, ofStep: node)
        cancelStepTimer(instance, node)
        instance.nodes[node].status = .cancelled
        instance.nodes[node].endedAt = now
    }
}
