/// Error handling, in DESIGN.md's order: retry (then escalate) while attempts remain;
/// then an enclosing tolerant parallel absorbs the failure; only an error that escapes
/// every parallel reaches the custom handlers and can end the workflow.
extension Engine {
    /// Step `node` raised `error` (its task failed or timed out, or its approval was
    /// rejected). `finalStatus` is the step's status if no handler takes the error.
    func handleStepError(
        _ instance: InstanceState, _ node: Int, _ error: StepError,
        finalStatus: StepStatus? = nil
    ) {
        let program = instance.program
        // The attempt is over: its timeout must not reach into the next attempt.
        cancelStepTimer(instance, node)
        let attempts = Int(instance.nodes[node].attempts)
        if !instance.nodes[node].escalated, let retry = program.retryPolicy(for: error.errorType),
            attempts < retry.maxAttempts
        {
            let backoff = retry.backoff ?? 0
            record(
                instance,
                .retryScheduled(
                    step: node, attempt: attempts + 1, at: now + backoff, errorType: error.errorType
                ))
            if backoff > 0 {
                instance.nodes[node].status = .waiting
                instance.nodes[node].timer = setTimer(
                    instance, at: now + backoff, purpose: .retry(step: node))
            } else {
                reoffer(instance, node)
            }
            return
        }
        if instance.nodes[node].escalated || program.escalates(error.errorType) {
            offerEscalation(instance, node, error)
            return
        }
        let status = finalStatus ?? Engine.status(for: error)
        failNode(instance, node, error, status)
    }

    /// The status a step ends with when `error` fails it.
    static func status(for error: StepError) -> StepStatus {
        switch error.errorType {
        case EngineErrorType.teamTimeout: return .timedOut
        case EngineErrorType.approvalRejected: return .rejected
        default: return .failed
        }
    }

    /// Ends step `node` with `status` for `error`, after its `notify` handlers fire.
    func failNode(_ instance: InstanceState, _ node: Int, _ error: StepError, _ status: StepStatus)
    {
        var error = error
        if error.step == nil { error.step = node }
        for handler in instance.program.handlers(for: error.errorType) {
            guard case .notify(let recipients) = handler.action else { continue }
            let message =
                "\(error.errorType) in step '\(instance.program.name(of: node))' "
                + "of \(instance.id): \(error.message)"
            record(
                instance,
                .notificationSent(
                    recipients: recipients, errorType: error.errorType, step: node,
                    message: message))
            effects.append(
                .notification(instance: instance.serial, recipients: recipients, message: message))
        }
        instance.nodes[node].error = error
        finishNode(instance, node, status)
    }

    /// An error escaped the workflow body: compensate if a custom handler says so, else end.
    func errorEscaped(_ instance: InstanceState, _ error: StepError?) {
        let error = error ?? StepError(errorType: "failed", message: "a step failed")
        instance.failure = error
        if !instance.compensating,
            let compensation = instance.program.compensationNode(for: error.errorType)
        {
            instance.compensating = true
            record(
                instance,
                .handlerStarted(
                    errorType: error.errorType, action: "custom", failedStep: error.step))
            withdrawTasks(instance, ofStep: nil)
            startNode(instance, compensation)
            return
        }
        let status: InstanceStatus =
            error.errorType == EngineErrorType.approvalRejected ? .rejected : .failed
        finishWorkflow(instance, status)
    }

    /// Ends the instance: open tasks withdrawn, timers dropped, every step given a final
    /// status (its outputs are collected when read: `InstanceState.outputs`).
    func finishWorkflow(_ instance: InstanceState, _ status: InstanceStatus) {
        guard instance.status == .running else { return }
        instance.status = status
        instance.endedAt = now
        withdrawTasks(instance, ofStep: nil)
        for id in instance.timers {
            store.removeTimer(id)
            effects.append(.timerCancelled(timer: id))
        }
        // Its room kept only for the next start (`recycleLists`): an ended instance that the
        // store keeps would hold it for nothing.
        instance.timers.removeAll(keepingCapacity: spareLists.timers.capacity == 0)
        recycleLists(of: instance)
        let program = instance.program
        for node in 0..<program.nodeCount {
            switch instance.nodes[node].status {
            case .waiting where instance.nodes[node].attempts == 0:
                instance.nodes[node].status = .skipped
            case .waiting, .offered, .claimed, .running:
                instance.nodes[node].status = .cancelled
                instance.nodes[node].endedAt = now
                instance.nodes[node].timer = 0
            default:
                break
            }
        }
        record(instance, .workflowFinished(status: status))
        historyLengths.ended(ObjectIdentifier(instance.program), length: instance.history.count)
        effects.append(.instanceFinished(instance: instance.serial, status: status))
        store.instanceChanged(instance)
        store.instanceFinished(instance)
    }

    /// Keeps the open-task and timer lists of `instance`, which has ended, for the next
    /// instance to start when there are none kept yet, leaving it empty ones of no room:
    /// allocating two lists a start and freeing them with the instance cost some 60
    /// instructions a task.
    private func recycleLists(of instance: InstanceState) {
        if instance.openTasks.isEmpty, spareLists.openTasks.capacity == 0 {
            swap(&spareLists.openTasks, &instance.openTasks)
        }
        if instance.timers.isEmpty, spareLists.timers.capacity == 0 {
            swap(&spareLists.timers, &instance.timers)
        }
    }
}
