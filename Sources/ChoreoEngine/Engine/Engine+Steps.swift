/// The step machine: starting nodes, and what happens when one ends.
extension Engine {
    /// Starts node `node` of `instance`.
    func startNode(_ instance: InstanceState, _ node: Int) {
        let program = instance.program
        if instance.nodes[node].startedAt < 0 { instance.nodes[node].startedAt = now }
        switch program.kinds[node] {
        case .task:
            offerTask(instance, node)
        case .approval:
            offerApproval(instance, node)
        case .condition:
            evaluateCondition(instance, node)
        case .parallel:
            startParallel(instance, node)
        case .sequence, .root, .compensation:
            instance.nodes[node].status = .running
            instance.nodes[node].cursor = 0
            if program.kinds[node] == .sequence { record(instance, .containerStarted(step: node)) }
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
        guard case .condition(let condition) = instance.program.definition.steps[node].kind else {
            preconditionFailure("node \(node) is not a condition")
        }
        let result: Bool
        var explanation: ConditionExplanation?
        if case .expression(let expression) = condition.condition {
            let evaluated = expression.evaluateExplained(in: instance)
            result = evaluated.value.isTruthy
            explanation = evaluated.explanation
        } else {
            result = condition.condition.resolve(in: instance).isTruthy
        }
        instance.nodes[node].branch = result ? 1 : 0
        instance.nodes[node].status = .running
        instance.nodes[node].cursor = 0
        record(instance, .conditionEvaluated(step: node, result: result, explanation: explanation))
        for skipped in result ? condition.ifFalse : condition.ifTrue {
            skipSubtree(instance, skipped)
        }
        runSequence(instance, node)
    }

    private func startParallel(_ instance: InstanceState, _ node: Int) {
        let children = instance.program.children[node]
        instance.nodes[node].status = .running
        instance.nodes[node].pending = Int32(children.count)
        instance.nodes[node].succeeded = 0
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
        instance.nodes[node].status = status
        instance.nodes[node].endedAt = now
        cancelStepTimer(instance, node)
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
        instance.nodes[parent].pending -= 1
        if status.letsWorkflowContinue {
            instance.nodes[parent].succeeded += 1
        } else if instance.nodes[parent].error == nil {
            instance.nodes[parent].error = instance.nodes[child].error
        }
        guard case .parallel(let parallel) = instance.program.definition.steps[parent].kind else {
            preconditionFailure("node \(parent) is not a parallel step")
        }
        if !status.letsWorkflowContinue && parallel.continueOn == .allSuccess {
            for sibling in parallel.steps { cancelSubtree(instance, sibling) }
            finishNode(instance, parent, .failed)
            return
        }
        guard instance.nodes[parent].pending == 0 else { return }
        let succeeded = Int(instance.nodes[parent].succeeded)
        let failed = parallel.steps.count - succeeded
        let outcome: StepStatus
        switch parallel.continueOn {
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
