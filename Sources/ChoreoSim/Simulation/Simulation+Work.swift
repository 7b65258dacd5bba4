/// An agent busy with one task.
struct Work {
    var team: Int
    var agent: Int
    var generation: UInt32
    var offered: Microseconds
    var taken: Microseconds
    var claimed: Microseconds = -1
    /// The role an approver decides in, read from the task when claimed.
    var role: String?
    var report: Report = .vanish

    /// What the agent will do when its time is up.
    enum Report {
        case complete(Value, Outcome)
        case fail(errorType: String, message: String)
        case decide(Decision)
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
                queue.push(at: available, .wake(team: team.index))
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
            generation &+= 1
            work.insert(
                Work(
                    team: team.index, agent: agent, generation: generation, offered: offered,
                    taken: now),
                forKey: number)
            if task.status == .claimed, let claimed = store.task(number) {
                resume(number, claimed, team: team)  // Adopted work in progress: claimed already.
                continue
            }
            let delay = claimDelay(for: task.kind, step: task.step, team: team)
            queue.push(
                at: team.availability.finish(from: now, work: delay),
                .claim(task: number, generation: generation))
        }
    }

    private func claimDelay(for kind: TaskKind, step: Int, team: SimulatedTeam) -> Microseconds {
        guard kind == .task else { return 0 }
        let plan = plans[step]
        let seconds: Double
        if plan.claimDelayFromStep {
            seconds = plan.claimDelay.sample(using: &stepStreams[step])
        } else {
            seconds = plan.claimDelay.sample(using: &team.claimStream)
        }
        return Simulation.microseconds(seconds: seconds)
    }

    /// The claim delay passed: claim, then decide what to report and when.
    func claim(_ number: Int, generation: UInt32) {
        // A withdrawn task has no work left (processEffects removed it), so the task is open.
        // Read where it is: a copy of the work goes through `Optional`'s generic witnesses.
        guard
            let current = work.read(
                number, { (team: $0.team, agent: $0.agent, generation: $0.generation) }),
            current.generation == generation
        else { return }
        let team = teams[current.team]
        let task: TaskSummary
        do {
            task = try engine.claimTask(
                number, team: team.name, agent: team.agentNames[current.agent])
        } catch {
            work[number] = nil
            team.releaseAgent(current.agent, at: clock.now)
            return
        }
        let report: Work.Report
        let busy: Microseconds
        var role: String?
        if task.kind == .task {
            (report, busy) = plannedWork(for: task, team: team)
        } else if let decided = store.task(number) {
            (report, busy) = plannedDecision(for: decided, team: team)
            role = decided.role
        } else {
            preconditionFailure("claimed task \(TeamTask.id(number)) is not in the store")
        }
        let now = clock.now
        work.update(number) { work in
            work.claimed = now
            work.role = role
            work.report = report
        }
        queue.push(
            at: team.availability.finish(from: clock.now, work: busy),
            .finish(task: number, generation: generation))
    }

    /// The agent's time is up: report to the engine and free the agent.
    func finish(_ number: Int, generation: UInt32) {
        guard work.read(number, { $0.generation }) == generation,
            let current = work.removeValue(forKey: number)
        else { return }
        let team = teams[current.team]
        record(current, task: number, completed: true)
        team.releaseAgent(current.agent, at: clock.now)
        tasksExecuted += 1
        do {
            switch current.report {
            case .complete(let output, let outcome):
                try engine.complete(task: number, output: output, outcome: outcome)
            case .fail(let errorType, let message):
                try engine.fail(task: number, errorType: errorType, message: message)
            case .decide(let decision):
                try engine.decide(
                    task: number, team: team.name, role: current.role, decision: decision)
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
    func record(_ finished: Work, task number: Int, completed: Bool) {
        guard options.recordsTimings, let task = engine.task(number) else { return }
        timings.append(
            TaskTiming(
                task: number, instance: task.instance, step: task.step, kind: task.kind,
                team: teams[finished.team].name, agent: finished.agent, offered: finished.offered,
                taken: finished.taken, claimed: finished.claimed, ended: clock.now,
                reported: completed))
    }
}
