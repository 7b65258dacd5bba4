/// An agent busy with one task (its report is kept beside it, in `WorkSlots`).
struct Work {
    var task: Int
    var team: Int
    var agent: Int
    var offered: Microseconds
    var taken: Microseconds
    var claimed: Microseconds = -1

    /// What the agent will do when its time is up.
    enum Report {
        case complete(Value, Outcome)
        case fail(errorType: String, message: String)
        /// A decision, in the role the approver decides in (read from the task when claimed).
        case decide(Decision, role: String?)
        /// The agent vanished: its claim is released when the lease ends.
        case vanish
    }
}

/// Simulated teams at work: taking tasks off the queue, claiming, reporting.
extension Simulation {
    /// Lets free agents of `team` take queued tasks, if the team is available now.
    func dispatch(_ team: SimulatedTeam) {
        guard team.freeAgents > 0, team.queued > 0 else { return }
        let now = clock.now
        let available = team.availability.nextAvailable(from: now)
        if available > now {
            if !team.wakePending {
                team.wakePending = true
                schedule(.wake(team: team.index), at: available)
            }
            return
        }
        while team.freeAgents > 0, let (number, since) = team.dequeue() {
            let offered = since >= 0 ? since : now
            // Read where it is: a copy of the task retains its every field.
            guard
                let task = store.readTask(
                    number, { (status: $0.status, kind: $0.kind, step: $0.step) }),
                task.status.isOpen
            else { continue }
            if team.silent && task.kind != .task { continue }
            let agent = team.takeAgent(at: now)
            team.recordWait(now - offered)
            let slot = team.firstSlot + agent
            work.start(
                Work(task: number, team: team.index, agent: agent, offered: offered, taken: now),
                in: slot, generation: nextGeneration())
            if task.status == .claimed, let claimed = store.task(number) {
                resume(slot, claimed, team: team)  // Adopted work in progress: claimed already.
                continue
            }
            let delay = claimDelay(for: task.kind, step: task.step, team: team)
            schedule(
                .claim(slot: slot, generation: generation),
                at: team.availability.finish(from: now, work: delay))
        }
    }

    private func claimDelay(for kind: TaskKind, step: Int, team: SimulatedTeam) -> Microseconds {
        guard kind == .task else { return 0 }
        let draws = stepDraws[step]
        let seconds: Double
        if let sampler = draws.claimDelay {
            seconds =
                draws.claimDelayFromStep
                ? sampler.sample(using: &stepStreams[step])
                : sampler.sample(using: &team.claimStream)
        } else if draws.claimDelayFromStep {
            seconds = plans[step].claimDelay.sample(using: &stepStreams[step])
        } else {
            // Drawn from a copy of the team's stream: drawing from the team's own, the
            // plan was retained and its distribution copied, as if the draw could change them.
            var stream = team.claimStream
            seconds = plans[step].claimDelay.sample(using: &stream)
            team.claimStream = stream
        }
        return Simulation.microseconds(seconds: seconds)
    }

    /// The next generation of work: never 0, which marks a free slot.
    private func nextGeneration() -> UInt32 {
        generation = generation == .max ? 1 : generation + 1
        return generation
    }

    /// The claim delay of the work in `slot` passed: claim, then decide what to report and
    /// when.
    func claim(_ slot: Int, generation: UInt32) {
        // A withdrawn task has no work left (processEffects took it), so the task is open.
        guard work.generation(of: slot) == generation else { return }
        borrowingTeam(work[slot].team) { claim(slot, generation: generation, team: $0) }
    }

    private func claim(_ slot: Int, generation: UInt32, team: SimulatedTeam) {
        let (number, agent) = (work[slot].task, work[slot].agent)
        let task: TaskSummary
        do {
            task = try engine.claimTask(number, team: team.name, agent: team.agentNames[agent])
        } catch {
            _ = work.take(slot)  // Refused: the work and its report go.
            team.releaseAgent(agent, at: clock.now)
            return
        }
        let report: Work.Report
        let busy: Microseconds
        if task.kind == .task {
            (report, busy) = plannedWork(for: task, team: team)
        } else if let decided = store.task(number) {
            (report, busy) = plannedDecision(for: decided, team: team)
        } else {
            preconditionFailure("claimed task \(TeamTask.id(number)) is not in the store")
        }
        work[slot].claimed = clock.now
        work.setReport(report, in: slot)
        schedule(
            .finish(slot: slot, generation: generation),
            at: team.availability.finish(from: clock.now, work: busy))
    }

    /// The time of the agent in `slot` is up: report to the engine and free the agent.
    func finish(_ slot: Int, generation: UInt32) {
        guard work.generation(of: slot) == generation else { return }
        borrowingTeam(work[slot].team) { finish(slot, team: $0) }
    }

    private func finish(_ slot: Int, team: SimulatedTeam) {
        // The report moves out of its slot rather than being copied.
        let (current, report) = work.take(slot)
        let number = current.task
        if options.recordsTimings { record(current, completed: true) }
        team.releaseAgent(current.agent, at: clock.now)
        tasksExecuted += 1
        do {
            switch consume report {
            case .complete(let output, let outcome):
                try engine.complete(task: number, output: output, outcome: outcome)
            case .fail(let errorType, let message):
                try engine.fail(task: number, errorType: errorType, message: message)
            case .decide(let decision, let role):
                try engine.decide(task: number, team: team.name, role: role, decision: decision)
            case .vanish:
                try engine.release(task: number)
            }
        } catch {
            preconditionFailure(
                "the engine refused a simulated report on \(TeamTask.id(number)): \(error)")
        }
        dispatch(team)
    }

    /// Keeps who-did-what for timelines.
    func record(_ finished: Work, completed: Bool) {
        guard options.recordsTimings, let task = engine.task(finished.task) else { return }
        timings.append(
            TaskTiming(
                task: finished.task, instance: task.instance, step: task.step, kind: task.kind,
                team: teams[finished.team].name, agent: finished.agent, offered: finished.offered,
                taken: finished.taken, claimed: finished.claimed, ended: clock.now,
                reported: completed))
    }
}
