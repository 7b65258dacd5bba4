/// One step on a run's critical path, its time split by what it was spent on.
public struct CriticalStep: Sendable, Hashable {
    public var step: Int
    public var id: String
    public var team: String?
    /// From the step's first offer to the offer of its last attempt (retries, backoff,
    /// escalations).
    public var earlierAttempts: Microseconds
    /// Offered until an agent was free to take it, less the team's time off.
    public var agentWait: Microseconds
    /// Taken until claimed.
    public var claimDelay: Microseconds
    /// Claimed until done, in the team's available time.
    public var work: Microseconds
    /// Approvals and escalations: offered until decided.
    public var decisionWait: Microseconds
    /// Time inside the step's span when its team was off its calendar or out.
    public var paused: Microseconds
    public var started: Microseconds
    public var ended: Microseconds

    public var total: Microseconds { ended - started }
}

extension Simulation {
    /// The critical path of `instance` with each step's time split by cause.
    public func criticalSteps(of instance: InstanceState, path: CriticalPath? = nil)
        -> [CriticalStep]
    {
        let path = path ?? CriticalPath(instance)
        return path.steps.map { step in
            let node = instance.nodes[step]
            let definition = instance.program.definition.steps[step]
            let last = timings.last {
                $0.instance == instance.serial && $0.step == step && $0.reported
            }
            var critical = CriticalStep(
                step: step, id: definition.id, team: last?.team ?? definition.team,
                earlierAttempts: max(0, node.offeredAt - node.startedAt), agentWait: 0,
                claimDelay: 0,
                work: 0, decisionWait: 0, paused: 0, started: node.startedAt, ended: node.endedAt)
            guard let last else {
                critical.decisionWait = max(0, node.endedAt - node.offeredAt)
                return critical
            }
            let team = teams[teamIndex(last.team)]
            let availability = team.availability
            critical.paused = availability.unavailableTime(from: last.offered, to: last.ended)
            // Nights and outages before an agent took the task are pauses, not agent waits.
            critical.agentWait = max(
                0,
                last.taken - last.offered
                    - availability.unavailableTime(from: last.offered, to: last.taken))
            if last.kind == .task {
                critical.claimDelay = max(0, last.claimed - last.taken)
                critical.work =
                    max(0, last.ended - last.claimed)
                    - team.availability.unavailableTime(from: last.claimed, to: last.ended)
            } else {
                critical.decisionWait = max(0, last.ended - last.taken)
            }
            return critical
        }
    }
}

extension Availability {
    /// Time in `[start, end)` when the team could not work.
    public func unavailableTime(from start: Microseconds, to end: Microseconds) -> Microseconds {
        guard !isAlways, end > start else { return 0 }
        var unavailable: Microseconds = 0
        var time = start
        for _ in 0..<Availability.maximumWindows {
            let open = min(nextAvailable(from: time), end)
            unavailable += open - time
            guard open < end else { break }
            time = min(windowEnd(at: open), end)
            guard time < end else { break }
        }
        return unavailable
    }
}
