/// Carrying on an instance that began elsewhere (a live engine's database, or another
/// run stopped at a moment): its state is adopted into this run's store and the simulated
/// teams take up its open tasks, instead of the scenario's arrivals starting new ones.
extension Simulation {
    /// How many times work in progress redraws its duration looking for one longer than
    /// the time already spent on it.
    static let maximumRedraws = 1_000

    /// Adopts `handover`'s instance at time `now`, before the run starts: pending tasks
    /// wait in their team's queue in offer order, behind claimed ones, which are work in
    /// progress; timers are re-armed at their times (overdue ones fire at `now`); pending
    /// approvals and escalations go to the deciding team's decision model. The scenario's
    /// arrivals start nothing. The scenario's times (fault windows, the horizon) count from
    /// its `start`: give it the instance's start, as `RemainingTime` does.
    ///
    /// Refused when the instance runs another workflow than the scenario's (or another
    /// shape of it), or when `now` is before the instance's last event or the scenario's
    /// start.
    @discardableResult
    public func adopt(_ handover: InstanceHandover, at now: Microseconds) throws(SimulationError)
        -> InstanceState
    {
        precondition(!arrivalsScheduled && eventsProcessed == 0, "adopt before the run starts")
        let snapshot = handover.snapshot
        let workflow = scenario.workflow.name
        guard snapshot.workflow == workflow else {
            throw SimulationError(
                "\(scenario.file) simulates workflow '\(workflow)', but instance \(snapshot.id) "
                    + "runs '\(snapshot.workflow)'")
        }
        guard now >= handover.lastEventTime, now >= clock.now else {
            let earliest = max(handover.lastEventTime, clock.now)
            throw SimulationError(
                "cannot carry instance \(snapshot.id) on from "
                    + "\(CivilTime(timestamp: now).isoText): its state is as of "
                    + "\(CivilTime(timestamp: earliest).isoText)")
        }
        let instance: InstanceState
        do {
            instance = try store.adopt(handover, program: engine.program(named: workflow)!)
        } catch {
            throw SimulationError("\(scenario.file): \(error.message)")
        }
        arrivalsScheduled = true
        clock.advance(to: now)
        guard instance.status == .running else { return instance }
        startTimes[instance.serial] = instance.startedAt
        for timer in handover.timers {
            schedule(.timer(id: timer.id), at: max(timer.at, now))
        }
        let inProgress = handover.openTasks.filter { $0.status == .claimed }
        for task in inProgress + handover.openTasks.filter({ $0.status == .pending }) {
            teams[teamIndex(task.team)].enqueue(
                task.number, since: task.status == .pending ? task.offeredAt : -1)
        }
        for team in teams { dispatch(team) }
        return instance
    }

    /// An agent takes up adopted work in progress: it reports once the rest of the work
    /// (or of the decision) is done.
    func resume(_ slot: Int, _ task: TeamTask, team: SimulatedTeam) {
        let now = clock.now
        let claimed = task.claimedAt ?? now
        let summary = TaskSummary(task)
        var (report, busy) =
            task.kind == .task
            ? plannedWork(for: summary, team: team) : plannedDecision(for: task, team: team)
        if case .vanish = report {
            // A lost agent's lease runs from now: nothing of it has passed.
        } else {
            let spent = team.availability.availableTime(from: claimed, to: now)
            busy = remainingTime(after: spent, firstDraw: busy) {
                task.kind == .task
                    ? workTime(plan(for: summary), task: summary, team: team)
                    : decisionDelay(for: task, team: team)
            }
        }
        work[slot].claimed = claimed
        work.setReport(report, in: slot)
        schedule(
            .finish(slot: slot, generation: work.generation(of: slot)),
            at: team.availability.finish(from: now, work: busy))
    }

    /// The rest of work of which `spent` is done: a duration drawn given that it is at
    /// least `spent` (by redrawing), less `spent`. Work that outlasted nearly every draw
    /// the scenario allows is no longer explained by it, and is taken to need a whole
    /// fresh duration.
    private func remainingTime(
        after spent: Microseconds, firstDraw: Microseconds, redraw: () -> Microseconds
    ) -> Microseconds {
        var draw = firstDraw
        var redraws = 0
        while draw < spent && redraws < Simulation.maximumRedraws {
            draw = redraw()
            redraws += 1
        }
        return draw >= spent ? draw - spent : firstDraw
    }
}
