/// The team API: claim, release, complete, fail, decide. Each refusal is an
/// `EngineError` and changes nothing.
extension Engine {
    /// `agent` of `team` takes task `number`; nobody else can now. Returns the task as
    /// claimed, so that a driver need not look it up again.
    @discardableResult
    public func claim(task number: Int, team: String, agent: String) throws(EngineError)
        -> TeamTask
    {
        try claimTask(number, team: team, agent: agent)
        guard let task = store.task(number) else {
            preconditionFailure("claimed task \(TeamTask.id(number)) is not in the store")
        }
        return task
    }

    /// `claim(task:team:agent:)`, returning the claimed task's summary: for a driver that
    /// needs no more of it (the simulator), the task is never copied.
    @discardableResult
    public func claimTask(_ number: Int, team: String, agent: String) throws(EngineError)
        -> TaskSummary
    {
        try command { () throws(EngineError) -> TaskSummary in
            guard
                let (task, instance) = store.claimPendingTask(
                    number, team: team, agent: agent, at: now)
            else {
                // Refused: the whole task, to say why.
                let (refused, _) = try openTask(number)
                guard refused.team == team else {
                    throw EngineError(
                        .wrongTeam,
                        "\(refused.id) is offered to \(refused.team), not to \(team)")
                }
                guard refused.status == .pending else {
                    throw EngineError(
                        .alreadyClaimed,
                        "\(refused.id) is already claimed by \(refused.claimedBy ?? "?")")
                }
                preconditionFailure("the store refused to claim \(refused.id), which is open")
            }
            if task.kind != .escalation {
                instance.nodes[task.step].status = .claimed
                instance.nodes[task.step].claimedAt = now
            }
            record(instance, .taskClaimed(step: task.step, task: number, team: team, agent: agent))
            store.instanceChanged(instance)
            return task
        }
    }

    /// Gives a claimed task back to its team's queue (the agent cannot do it).
    public func release(task number: Int) throws(EngineError) {
        try release(task: number, claimedAt: nil)
    }

    /// Gives the claim made at `claimedAt` back to the team's queue; refused when the task
    /// was claimed again since (a claim read outside this command, as an expired lease is,
    /// that another process released and another agent took meanwhile).
    public func release(task number: Int, claimedAt: Microseconds?) throws(EngineError) {
        try command { () throws(EngineError) in
            var (task, instance) = try openTask(number)
            guard task.status == .claimed, claimedAt == nil || task.claimedAt == claimedAt else {
                throw EngineError(.notClaimed, "\(task.id) is not claimed (by that claim)")
            }
            task.status = .pending
            task.claimedBy = nil
            task.claimedAt = nil
            store.update(task)
            if task.kind != .escalation {
                instance.nodes[task.step].status = .offered
                instance.nodes[task.step].claimedAt = -1
            }
            record(instance, .taskReleased(step: task.step, task: number, team: task.team))
            effects.append(.taskOffered(task: number, team: task.team))
            store.instanceChanged(instance)
        }
    }

    /// The claimed task is done; `output` (an object) holds the fields the agent returns.
    ///
    /// Refused when the output lacks a declared field under both of its names.
    ///
    /// The output is taken, not borrowed: the history keeps it, and a driver hands over one
    /// it no longer needs (the simulator's report) without a copy and a release.
    public func complete(task number: Int, output: consuming Value, outcome: Outcome = .success)
        throws(EngineError)
    {
        try complete(task: number, output: consume output, outcome: outcome, agent: nil)
    }

    /// The claimed task is done, as `agent` says; refused, besides, when `agent` is given
    /// and the task is claimed by another (its own claim ran out and another agent took it).
    public func complete(
        task number: Int, output: consuming Value, outcome: Outcome, agent: String?
    ) throws(EngineError) {
        try command(handing: output) { (output: consuming Value) throws(EngineError) in
            let (node, instance) = try claimedWork(number, before: "completed", by: agent)
            let outputs = try declaredOutputs(output, of: instance, step: node, task: number)
            closeTask(instance, number, .completed, output: output)
            instance.nodes[node].complete(outputs: outputs, outcome: outcome)
            record(instance, .stepCompleted(step: node, outputs: consume output, outcome: outcome))
            finishNode(instance, node, outcome == .partial ? .partial : .completed)
            store.instanceChanged(instance)
        }
    }

    /// The claimed task failed with `errorType`; the workflow's handlers take it from here.
    public func fail(task number: Int, errorType: String, message: String) throws(EngineError) {
        try fail(task: number, errorType: errorType, message: message, agent: nil)
    }

    /// The claimed task failed, as `agent` says; refused when `agent` is given and the task
    /// is claimed by another.
    public func fail(task number: Int, errorType: String, message: String, agent: String?)
        throws(EngineError)
    {
        try command { () throws(EngineError) in
            let (node, instance) = try claimedWork(number, before: "failed", by: agent)
            closeTask(
                instance, number, .failed,
                output: ["error_type": .string(errorType), "message": .string(message)])
            instance.nodes[node].task = 0
            record(
                instance,
                .stepFailed(
                    step: node, errorType: errorType, message: message,
                    attempt: Int(instance.nodes[node].attempts)))
            cancelStepTimer(instance, node)
            handleStepError(instance, node, StepError(errorType: errorType, message: message))
            store.instanceChanged(instance)
        }
    }

    /// The step of claimed work task `number`, with its running instance: what completing
    /// or failing it takes. With `agent`, the task must be claimed by that agent: a late
    /// agent whose lease ran out, after another agent claimed the task, does not close the
    /// other's work.
    ///
    /// Without `agent` the task is not copied, only its step and instance read; a refusal
    /// reads it whole to say why.
    private func claimedWork(_ number: Int, before verb: String, by agent: String?)
        throws(EngineError) -> (step: Int, instance: InstanceState)
    {
        if agent == nil, let work = store.claimedWork(ofTask: number),
            let instance = store.instance(serial: work.instance), instance.status == .running
        {
            return (work.step, instance)
        }
        let (task, instance) = try openTask(number)
        guard task.kind == .task else {
            throw EngineError(.wrongKind, "\(task.id) is \(task.kind.article): decide it instead")
        }
        guard task.status == .claimed else {
            throw EngineError(.notClaimed, "\(task.id) must be claimed before it is \(verb)")
        }
        if let agent, task.claimedBy != agent {
            throw EngineError(
                .notClaimed,
                "\(task.id) is claimed by \(task.claimedBy ?? "?"), not by \(agent) (a claim "
                    + "not closed within its lease goes back to the team's queue)")
        }
        return (task.step, instance)
    }

    /// The pending or claimed task, with its running instance; refused otherwise.
    private func openTask(_ number: Int) throws(EngineError) -> (TeamTask, InstanceState) {
        guard let task = store.task(number) else {
            throw EngineError(.unknownTask, "no task \(TeamTask.id(number))")
        }
        guard task.status.isOpen else {
            throw EngineError(.taskClosed, "\(task.id) is already \(task.status.rawValue)")
        }
        guard let instance = store.instance(serial: task.instance), instance.status == .running
        else {
            throw EngineError(.instanceFinished, "the instance of \(task.id) has ended")
        }
        return (task, instance)
    }

    /// The step's outputs from `output`: as the last completion of the same step built
    /// them when it returned an identical output (agents that return a fixed report, and every
    /// simulated one that does), else built (or, without aliases, checked) anew. With
    /// aliases, an output with the last one's fields in the same order (a simulated report
    /// with drawn values) gets them from the last outputs built, its values put in place.
    private func declaredOutputs(
        _ output: Value, of instance: InstanceState, step: Int, task number: Int
    ) throws(EngineError) -> Value {
        guard let node = instance.program.taskNodes[step] else {
            return try Engine.declaredOutputs(output, of: instance, step: step, task: number)
        }
        if node.aliasesOutputs, case .object(let fields) = output {
            return try aliasedOutputs.outputs(for: node, from: fields) { () throws(EngineError) in
                try Engine.declaredOutputs(output, of: instance, step: step, task: number)
            }
        }
        // Without aliases the outputs are the output once checked: a copy of the output
        // last checked (a simulated agent's constant report) passes without look-ups.
        if let outputs = outputsDeclared.value(
            for: node, from: output, sameStorage: !node.aliasesOutputs)
        {
            return outputs
        }
        let outputs = try Engine.declaredOutputs(output, of: instance, step: step, task: number)
        outputsDeclared.keep(outputs, for: node, from: output)
        return outputs
    }

    /// The outputs of step `step` from what task `number` returned: the fields returned,
    /// and each declared pair under both names.
    static func declaredOutputs(
        _ output: Value, of instance: InstanceState, step: Int, task number: Int
    ) throws(EngineError) -> Value {
        var fields: [String: Value]
        switch output {
        case .object(let members): fields = members
        case .null: fields = [:]
        default:
            throw EngineError(
                .missingOutput,
                "the output of \(TeamTask.id(number)) must be an object, found \(output.typeName)")
        }
        guard let node = instance.program.taskNodes[step] else { return output }
        let declared = node.step.outputs
        // Room for every alias at once: growing the table one alias at a time rehashes it.
        if node.aliasesOutputs {
            var widened = [String: Value](minimumCapacity: fields.count + declared.count)
            for (key, value) in fields { widened[key] = value }
            fields = widened
        }
        var missing: [String] = []
        for pair in declared {
            if pair.field == pair.alias {
                // One name: present or missing, one look-up.
                if fields.index(forKey: pair.field) == nil { missing.append("'\(pair.field)'") }
            } else if let value = fields[pair.field] {
                fields.insertIfAbsent(value, forKey: pair.alias)
            } else if let value = fields[pair.alias] {
                fields[pair.field] = value
            } else {
                missing.append("'\(pair.field)' (or '\(pair.alias)')")
            }
        }
        guard missing.isEmpty else {
            throw EngineError(
                .missingOutput,
                "the output of \(TeamTask.id(number)) lacks \(missing.joined(separator: ", ")), "
                    + "declared by step '\(instance.program.name(of: step))'")
        }
        return .object(fields)
    }
}

extension Dictionary {
    /// Puts `value` under `key` unless the key has a value already, with one look-up
    /// (a read, then an insertion, hashes the key twice): a mutation through the
    /// `default:` subscript inserts the default when the key is missing.
    mutating func insertIfAbsent(_ value: Value, forKey key: Key) {
        Self.touch(&self[key, default: value])
    }

    private static func touch(_ value: inout Value) {}
}

extension TaskKind {
    /// `a task`, `an approval`, `an escalation`.
    var article: String { self == .task ? "a task" : "an \(rawValue)" }
}
