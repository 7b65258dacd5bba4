/// Decisions: approvals (approve / reject) and escalations (retry / skip / abort).
extension Engine {
    /// `team` (acting as `role`) decides task `number`, which may be pending or claimed.
    ///
    /// Refused for a team or role the task does not name, or a decision that does not
    /// answer the task's kind.
    public func decide(
        task number: Int, team: String, role: String? = nil, decision: Decision,
        comment: String? = nil
    ) throws(EngineError) {
        try command { () throws(EngineError) in
            guard let found = store.task(number) else {
                throw EngineError(.unknownTask, "no task \(TeamTask.id(number))")
            }
            guard found.kind != .task else {
                throw EngineError(.wrongKind, "\(found.id) is a task: complete or fail it instead")
            }
            guard decision.answers(found.kind) else {
                let allowed = Decision.allCases.filter { $0.answers(found.kind) }
                    .map(\.rawValue).joined(separator: ", ")
                throw EngineError(
                    .invalidDecision,
                    "'\(decision.rawValue)' does not answer \(found.kind.article) (use \(allowed))")
            }
            guard found.status.isOpen else {
                throw EngineError(.taskClosed, "\(found.id) is already \(found.status.rawValue)")
            }
            guard found.team == team, found.role == nil || found.role == role else {
                let who = found.role.map { "\(found.team) (role \($0))" } ?? found.team
                throw EngineError(
                    .notApprover,
                    "\(found.id) must be decided by \(who), not by \(team)"
                        + (role.map { " (role \($0))" } ?? ""))
            }
            guard let instance = store.instance(serial: found.instance), instance.status == .running
            else {
                throw EngineError(.instanceFinished, "the instance of \(found.id) has ended")
            }
            var task = found
            if let comment {
                task.output = ["decision": .string(decision.rawValue), "comment": .string(comment)]
            } else {
                task.output = decision.output
            }
            closeTask(instance, &task, .completed)
            if task.kind == .approval {
                approvalDecided(instance, task, role: role, decision: decision)
            } else {
                escalationDecided(instance, task, decision: decision)
            }
            store.instanceChanged(instance)
        }
    }

    private func approvalDecided(
        _ instance: InstanceState, _ task: TeamTask, role: String?, decision: Decision
    ) {
        let node = task.step
        guard case .approval(let approval) = instance.program.definition.steps[node].kind else {
            preconditionFailure("task \(task.id) is not for an approval")
        }
        record(
            instance,
            .approvalDecided(
                step: node, team: task.team, role: role ?? task.role, decision: decision))
        instance.nodes[node].pending -= 1
        if decision == .approve {
            instance.nodes[node].cursor += 1
            guard Int(instance.nodes[node].cursor) >= approval.quorum else {
                if instance.nodes[node].pending == 0 {
                    rejectApproval(instance, node, "quorum not reached")
                }
                return
            }
            withdrawTasks(instance, ofStep: node)
            instance.nodes[node].outputs = task.approvedOutputs
            finishNode(instance, node, .completed)
        } else {
            withdrawTasks(instance, ofStep: node)
            rejectApproval(instance, node, "rejected by \(task.team)")
        }
    }

    private func rejectApproval(_ instance: InstanceState, _ node: Int, _ reason: String) {
        instance.nodes[node].outputs = ["decision": "reject"]
        let error = StepError(
            errorType: EngineErrorType.approvalRejected,
            message: "'\(instance.program.name(of: node))' \(reason)")
        handleStepError(instance, node, error)
    }

    private func escalationDecided(_ instance: InstanceState, _ task: TeamTask, decision: Decision)
    {
        let node = task.step
        record(instance, .escalationDecided(step: node, team: task.team, decision: decision))
        let error =
            instance.nodes[node].error
            ?? StepError(errorType: "failed", message: "escalated")
        switch decision {
        case .retry:
            instance.nodes[node].escalated = true
            instance.nodes[node].error = nil
            reoffer(instance, node)
        case .skip:
            finishNode(instance, node, .skipped)
        default:
            instance.nodes[node].error = error
            instance.nodes[node].status = Engine.status(for: error)
            instance.nodes[node].endedAt = now
            instance.failure = StepError(
                errorType: EngineErrorType.aborted,
                message: "\(task.team) aborted after \(error.errorType): \(error.message)")
            finishWorkflow(instance, .failed)
        }
    }
}
