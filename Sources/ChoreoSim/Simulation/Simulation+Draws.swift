/// Drawing what simulated work does: how long, whether it fails, what it returns, how a
/// decision goes. Each draw comes from the stream of the team or step that decides it.
extension Simulation {
    /// What the agent reports for task work, and how much available time it takes.
    func plannedWork(for task: TaskSummary, team: SimulatedTeam) -> (Work.Report, Microseconds) {
        let step = task.step
        let draws = stepDraws[step]
        guard draws.isPlain, let duration = draws.duration else {
            return plannedWork(plan(for: task), task: task, team: team)
        }
        // The draws of the plan's way, in its order: the duration, then the outputs.
        let seconds =
            draws.durationFromStep
            ? duration.sample(using: &stepStreams[step])
            : duration.sample(using: &team.durationStream)
        let busy = Microseconds(
            Double(Simulation.microseconds(seconds: seconds)) * slowdown(of: team))
        let output =
            draws.drawsOutputs
            ? drawnReport(plans[step], step: step, team: team) : outputTemplates[step]
        return (.complete(.object(output), draws.outcome), busy)
    }

    /// Work drawn through the plan: agents lost, failures, durations read from inputs.
    private func plannedWork(_ plan: WorkPlan, task: TaskSummary, team: SimulatedTeam)
        -> (Work.Report, Microseconds)
    {
        let step = task.step
        for index in plan.faults {
            guard case .agentLost(_, let probability, let lease) = scenario.faults[index] else {
                continue
            }
            if faultStreams[index].nextUnit() < probability { return (.vanish, lease) }
        }
        let busy = workTime(plan, task: task, team: team)
        if let failure = failure(plan, task: task, team: team) {
            let message =
                failure.message
                ?? "\(failure.errorType) in simulated \(store.task(task.number)?.action ?? "work")"
            return (.fail(errorType: failure.errorType, message: message), busy)
        }
        return (.complete(.object(drawnReport(plan, step: step, team: team)), plan.outcome), busy)
    }

    /// The plan's output object with its fields drawn, in `drawnOutputs` order (constant
    /// fields take no draw, so every stream keeps its order). The draws go in by
    /// `mapValues` over the template: the same table layout, no key hashed. Without a
    /// drawn field, the template itself.
    private func drawnReport(_ plan: WorkPlan, step: Int, team: SimulatedTeam)
        -> [String: Value]
    {
        let fields = plan.drawnOutputs
        guard !fields.isEmpty else { return plan.outputTemplate }
        return withUnsafeTemporaryAllocation(of: Value.self, capacity: fields.count) { draws in
            for (index, field) in fields.enumerated() {
                let value =
                    plan.outputsFromStep
                    ? draw(field.spec, using: &stepStreams[step])
                    : draw(field.spec, using: &team.outputStream)
                (draws.baseAddress! + index).initialize(to: value)
            }
            defer { draws.deinitialize() }
            var position = 0
            return plan.outputTemplate.mapValues { constant in
                defer { position += 1 }
                let source = plan.outputSources[position]
                return source < 0 ? constant : draws[source]
            }
        }
    }

    /// The step's plan for the task's attempt: the step's, with the attempt's override.
    func plan(for task: TaskSummary) -> WorkPlan {
        let overridden = attemptPlans[task.step]
        if overridden.isEmpty { return plans[task.step] }
        return overridden[task.attempt] ?? plans[task.step]
    }

    /// A draw of how much available time the task's work takes, slow-team faults included.
    func workTime(_ plan: WorkPlan, task: TaskSummary, team: SimulatedTeam) -> Microseconds {
        let busy = duration(plan.duration, fromStep: plan.durationFromStep, task: task, team: team)
        return Microseconds(Double(busy) * slowdown(of: team))
    }

    private func duration(
        _ spec: DurationSpec, fromStep: Bool, task: TaskSummary, team: SimulatedTeam
    ) -> Microseconds {
        switch spec {
        case .distribution(let distribution):
            let seconds =
                fromStep
                ? distribution.sample(using: &stepStreams[task.step])
                : distribution.sample(using: &team.durationStream)
            return Simulation.microseconds(seconds: seconds)
        case .input(let name):
            // The inputs only when a duration is read from them, read where the task is.
            switch store.inputs(ofTask: task.number)?[name] {
            case .string(let text):
                if text != lastInputDurations[task.step].text {
                    lastInputDurations[task.step] = (text, Durations.parse(text))
                }
                return lastInputDurations[task.step].duration ?? 0
            case .number(let seconds): return Simulation.microseconds(seconds: seconds)
            default: return 0
            }
        }
    }

    private func failure(_ plan: WorkPlan, task: TaskSummary, team: SimulatedTeam) -> FailureSpec? {
        for failure in plan.failures {
            let draw =
                plan.failureFromStep
                ? stepStreams[task.step].nextUnit() : team.failureStream.nextUnit()
            if draw < failure.probability { return failure }
        }
        for index in plan.faults {
            guard case .failure(_, let failure) = scenario.faults[index] else { continue }
            if faultStreams[index].nextUnit() < failure.probability { return failure }
        }
        return nil
    }

    /// The work-time multiplier of slow-team faults in force now.
    private func slowdown(of team: SimulatedTeam) -> Double {
        var factor = 1.0
        guard !team.slowdowns.isEmpty else { return factor }
        let offset = clock.now - scenario.start
        for slow in team.slowdowns where offset >= slow.at && offset < slow.at + slow.duration {
            factor *= slow.factor
        }
        return factor
    }

    /// The slow-team faults of team `name`, in the scenario's order (the order the factors
    /// multiply in).
    static func slowdowns(of name: String, in scenario: Scenario) -> [SimulatedTeam.Slowdown] {
        scenario.faults.compactMap { fault in
            guard case .slow(name, let factor, let at, let duration) = fault else { return nil }
            return SimulatedTeam.Slowdown(factor: factor, at: at, duration: duration)
        }
    }

    /// What a deciding agent decides, and how long it takes.
    func plannedDecision(for task: TeamTask, team: SimulatedTeam) -> (Work.Report, Microseconds) {
        let decisions = team.behavior?.decisions ?? scenario.defaults.decisions
        let delay = decisionDelay(for: task, team: team)
        let plan = plans[task.step]
        // A step's `decision` scripts its approval, or its escalations (per attempt too).
        let scripted = plan.attempts[task.attempt]?.decision ?? plan.decision
        if let scripted, scripted.answers(task.kind) {
            return (.decide(scripted, role: task.role), delay)
        }
        let draw = team.decisionStream.nextUnit()
        if task.kind == .approval {
            let approve = decisions?.approve ?? BuiltInBehavior.approve
            return (.decide(draw < approve ? .approve : .reject, role: task.role), delay)
        }
        let weights = decisions?.escalation ?? BuiltInBehavior.escalation
        let total = weights.retry + weights.skip + weights.abort
        let point = draw * total
        let decision: Decision =
            point < weights.retry ? .retry : point < weights.retry + weights.skip ? .skip : .abort
        return (.decide(decision, role: task.role), delay)
    }

    /// A draw of how long the deciding agent takes over the task.
    func decisionDelay(for task: TeamTask, team: SimulatedTeam) -> Microseconds {
        let plan = plans[task.step]
        if task.kind == .approval, plan.durationFromStep,
            case .distribution(let scripted) = plan.duration
        {
            // A step override's duration is the approver's time to decide.
            return Simulation.microseconds(
                seconds: scripted.sample(using: &stepStreams[task.step]))
        }
        let decisions = team.behavior?.decisions ?? scenario.defaults.decisions
        let distribution = decisions?.delay ?? BuiltInBehavior.decisionDelay
        return Simulation.microseconds(seconds: distribution.sample(using: &team.decisionStream))
    }

    /// A value for an output field.
    func draw(_ spec: OutputSpec, using stream: inout Xoshiro256StarStar) -> Value {
        switch spec {
        case .constant(let value):
            return value
        case .distribution(let distribution):
            return .number(distribution.sample(using: &stream))
        case .choice(let values, let weights):
            let total = weights.reduce(0, +)
            var point = stream.nextUnit() * total
            for (value, weight) in zip(values, weights) {
                if point < weight { return value }
                point -= weight
            }
            return values.last ?? .null
        }
    }
}
