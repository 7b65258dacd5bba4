/// Timers: the engine asks for them through effects and the driver fires them back.
extension Engine {
    /// Asks for a timer at `at`; returns its id.
    @discardableResult
    func setTimer(_ instance: InstanceState, at: Microseconds, purpose: TimerRecord.Purpose) -> Int
    {
        let id = store.counters.nextTimer()
        store.insert(TimerRecord(id: id, instance: instance.serial, at: at, purpose: purpose))
        instance.timers.append(id, reservingAtFirst: 4)
        effects.append(.timerSet(timer: id, at: at))
        return id
    }

    /// Drops timer `id` of `instance`.
    func cancelTimer(_ instance: InstanceState, _ id: Int) {
        store.removeTimer(id)
        if let position = instance.timers.firstIndex(of: id) {
            instance.timers.remove(at: position)
        }
        effects.append(.timerCancelled(timer: id))
    }

    /// Drops the timeout or backoff timer of step `node`, if it has one.
    func cancelStepTimer(_ instance: InstanceState, _ node: Int) {
        let id = instance.nodes[node].timer
        guard id != 0 else { return }
        instance.nodes[node].timer = 0
        cancelTimer(instance, id)
    }

    /// Timer `id` is due. A timer that was cancelled, or whose instance ended, does nothing.
    public func timerFired(_ id: Int) {
        command { () -> Void in
            guard let timer = store.timer(id) else { return }
            store.removeTimer(id)
            guard let instance = store.instance(serial: timer.instance) else { return }
            if let position = instance.timers.firstIndex(of: id) {
                instance.timers.remove(at: position)
            }
            guard instance.status == .running else { return }
            switch timer.purpose {
            case .workflowTimeout:
                instance.failure = StepError(
                    errorType: "workflow_timeout",
                    message: "the workflow did not end within its timeout")
                finishWorkflow(instance, .timedOut)
            case .stepTimeout(let node, let task):
                instance.nodes[node].timer = 0
                stepTimedOut(instance, node, task: task)
            case .retry(let node):
                instance.nodes[node].timer = 0
                reoffer(instance, node)
            }
            store.instanceChanged(instance)
        }
    }

    /// A task's or approval's timeout passed.
    private func stepTimedOut(_ instance: InstanceState, _ node: Int, task: Int) {
        let step = instance.program.definition.steps[node]
        switch step.kind {
        case .task(let definition):
            guard instance.nodes[node].task == task, var open = store.task(task),
                open.status.isOpen
            else { return }
            closeTask(instance, &open, .cancelled)
            record(instance, .taskWithdrawn(step: node, task: task, team: open.team))
            effects.append(.taskWithdrawn(task: task, team: open.team))
            let limit = Durations.format(definition.timeout ?? 0)
            let error = StepError(
                errorType: EngineErrorType.teamTimeout,
                message: "\(open.team) did not complete '\(step.id)' within \(limit)")
            record(
                instance,
                .stepFailed(
                    step: node, errorType: error.errorType, message: error.message,
                    attempt: Int(instance.nodes[node].attempts)))
            handleStepError(instance, node, error)
        case .approval(let approval):
            guard instance.nodes[node].status == .offered || instance.nodes[node].status == .claimed
            else { return }
            withdrawTasks(instance, ofStep: node)
            record(instance, .approvalTimedOut(step: node, onTimeout: approval.onTimeout))
            let limit = Durations.format(approval.timeout ?? 0)
            switch approval.onTimeout {
            case .approve:
                instance.nodes[node].outputs = ["decision": "approve", "timed_out": true]
                finishNode(instance, node, .completed)
            case .reject:
                let error = StepError(
                    errorType: EngineErrorType.approvalRejected,
                    message: "no decision on '\(step.id)' within \(limit) (on_timeout: reject)")
                instance.nodes[node].outputs = ["decision": "reject", "timed_out": true]
                handleStepError(instance, node, error, finalStatus: .timedOut)
            case .fail:
                let error = StepError(
                    errorType: EngineErrorType.approvalTimeout,
                    message: "no decision on '\(step.id)' within \(limit)")
                handleStepError(instance, node, error, finalStatus: .timedOut)
            }
        default:
            preconditionFailure("step \(step.id) cannot time out")
        }
    }

    /// Offers step `node` again (a retry).
    func reoffer(_ instance: InstanceState, _ node: Int) {
        if instance.program.kinds[node] == .approval {
            offerApproval(instance, node)
        } else {
            offerTask(instance, node)
        }
    }
}
