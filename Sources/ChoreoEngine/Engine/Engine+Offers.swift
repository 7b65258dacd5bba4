/// Offering work and decisions to teams, and taking them back.
extension Engine {
    /// Offers the next attempt of task step `node` to its team.
    func offerTask(_ instance: InstanceState, _ node: Int) {
        guard let task = instance.program.taskNodes[node] else {
            preconditionFailure("node \(node) is not a task")
        }
        // The step's fields are read where they are: a copy of the `TaskStep` retained
        // every one of them.
        let inputs: OfferedInputs
        if case .constant(let value) = task.step.inputs {
            inputs = OfferedInputs(value)
        } else if task.defersInputs {
            inputs = OfferedInputs(
                deferring: task.step.inputs, readingSteps: task.readsSteps, history: true,
                in: instance)
        } else if task.inputsFollowWorkflowInputs || task.inputsFollowOutputs {
            inputs = OfferedInputs(memoizedInputs(of: task, in: instance))
        } else {
            inputs = OfferedInputs(task.step.inputs.resolve(in: instance))
        }
        // The number drawn first, so that the node takes it with the offer, in one access.
        let number = store.counters.nextTask()
        instance.nodes[node].offer(inputs, task: number, at: now)
        let timeout = task.step.timeout
        openTask(
            number, instance, node, at: task.site, inputs: consume inputs,
            deadline: timeout.map { now + $0 })
        record(
            instance,
            .taskOffered(
                step: node, task: number, team: task.site.team,
                attempt: Int(instance.nodes[node].attempts)))
        if let timeout {
            instance.nodes[node].timer = setTimer(
                instance, at: now + timeout, purpose: .stepTimeout(step: node, task: number))
        }
    }

    /// The inputs of task node `task`, which follow the workflow inputs (and the outputs of
    /// the steps it reads) alone: the ones last resolved from identical ones, else resolved
    /// and kept for next time. Inlined, as the look-ups it makes are: called, it retained
    /// and released the node and the memo's table.
    @inline(__always)
    private func memoizedInputs(of task: TaskNode, in instance: InstanceState) -> Value {
        if task.inputsFollowWorkflowInputs {
            if let inputs = inputsResolved.value(for: task, from: instance.inputs) {
                return inputs
            }
            let inputs = task.step.inputs.resolve(in: instance)
            inputsResolved.keep(inputs, for: task, from: instance.inputs)
            return inputs
        }
        // What the inputs are a function of: the workflow inputs and the outputs read.
        if let inputs = inputsResolved.value(
            for: task, fromInputs: instance.inputs, outputsOf: task.readsSteps, in: instance)
        {
            return inputs
        }
        let inputs = task.step.inputs.resolve(in: instance)
        inputsResolved.keep(
            inputs, for: task, fromInputs: instance.inputs, outputsOf: task.readsSteps,
            in: instance)
        return inputs
    }

    /// Offers approval step `node` to each of its approvers.
    func offerApproval(_ instance: InstanceState, _ node: Int) {
        guard case .approval(let approval) = instance.program.definition.steps[node].kind else {
            preconditionFailure("node \(node) is not an approval")
        }
        // The message is for people: it is built when read, not at the offer, as a task's
        // inputs that read the history are (`OfferedInputs`). Under load nobody reads it,
        // and interpolating it was most of an approval's cost.
        guard let (template, readsSteps, readsHistory) = instance.program.approvalInputs[node]
        else { preconditionFailure("node \(node) has no approval inputs") }
        let inputs: OfferedInputs
        if case .constant(let value) = template {
            inputs = OfferedInputs(value)
        } else {
            inputs = OfferedInputs(
                deferring: template, readingSteps: readsSteps, history: readsHistory,
                in: instance)
        }
        instance.nodes[node].offer(inputs, at: now)
        instance.nodes[node].cursor = 0
        instance.nodes[node].pending = Int32(approval.approvers.count)
        let deadline = approval.timeout.map { now + $0 }
        record(instance, .approvalWaiting(step: node, approvers: approval.approvers))
        var first = 0
        for site in instance.program.approvalSites[node] {
            let number = store.counters.nextTask()
            openTask(number, instance, node, at: site, inputs: inputs, deadline: deadline)
            if first == 0 { first = number }
        }
        instance.nodes[node].task = first
        if let timeout = approval.timeout {
            instance.nodes[node].timer = setTimer(
                instance, at: now + timeout, purpose: .stepTimeout(step: node, task: 0))
        }
    }

    /// Asks the escalation team to decide about failed step `node`.
    func offerEscalation(_ instance: InstanceState, _ node: Int, _ error: StepError) {
        let site = instance.program.escalationSites[node]
        let inputs: Value = [
            "step": .string(instance.program.name(of: node)),
            "error_type": .string(error.errorType),
            "message": .string(error.message),
            "attempts": .number(Double(instance.nodes[node].attempts)),
        ]
        instance.nodes[node].status = .waiting
        instance.nodes[node].error = error
        let number = store.counters.nextTask()
        openTask(number, instance, node, at: site, inputs: OfferedInputs(inputs), deadline: nil)
        record(
            instance,
            .escalated(step: node, task: number, team: site.team, errorType: error.errorType))
    }

    /// Creates pending task `number` at `site`, puts it on its team's queue and announces it.
    private func openTask(
        _ number: Int, _ instance: InstanceState, _ node: Int, at site: TaskSite,
        inputs: consuming OfferedInputs, deadline: Microseconds?
    ) {
        let offer = TaskOffer(
            instance: instance.serial, instanceID: instance.id, site: site, inputs: consume inputs,
            offeredAt: now, deadline: deadline, attempt: Int(instance.nodes[node].attempts))
        store.insertTask(number, offer: consume offer)
        instance.openTasks.append(number, reservingAtFirst: 4)
        effects.append(.taskOffered(task: number, team: site.team))
    }

    /// Closes an open task with `status`, taking it off its instance's open list.
    func closeTask(_ instance: InstanceState, _ task: inout TeamTask, _ status: TaskStatus) {
        task.status = status
        task.endedAt = now
        store.update(task)
        dropOpenTask(instance, task.number)
    }

    /// Closes open task `number` with `status` and `output` where the store keeps it,
    /// taking it off its instance's open list.
    func closeTask(
        _ instance: InstanceState, _ number: Int, _ status: TaskStatus, output: Value
    ) {
        store.closeTask(number, status, at: now, output: output)
        dropOpenTask(instance, number)
    }

    private func dropOpenTask(_ instance: InstanceState, _ number: Int) {
        // Mostly the task closed is the only one open, or the last offered.
        if instance.openTasks.last == number {
            instance.openTasks.removeLast()
        } else if let position = instance.openTasks.firstIndex(of: number) {
            instance.openTasks.remove(at: position)
        }
    }

    /// Withdraws every open task of step `node` (or of every step, for `node` nil).
    func withdrawTasks(_ instance: InstanceState, ofStep node: Int?) {
        for number in instance.openTasks {
            guard var task = store.task(number), node == nil || task.step == node else { continue }
            closeTask(instance, &task, .cancelled)
            record(instance, .taskWithdrawn(step: task.step, task: number, team: task.team))
            effects.append(.taskWithdrawn(task: number, team: task.team))
        }
    }
}
