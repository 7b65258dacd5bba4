/// What one Monte Carlo replication leaves behind: per instance, its end, and per step,
/// whether it ran, how long it took and whether it was critical.
public struct Replication: Sendable {
    public var number: Int
    public var instances: [InstanceResult]
    /// Per team (in `teamNames` order of the estimate): busy agent-time and waits.
    public var teams: [TeamStatistics]
    /// The run's span: from the first start to the last event.
    public var span: Microseconds
    /// Set when the run went out of bounds.
    public var error: String?
}

/// How one instance of a replication ended.
public struct InstanceResult: Sendable {
    public var status: InstanceStatus
    public var duration: Microseconds
    /// Per step index: its duration, or -1 when it did not run.
    public var stepDurations: [Microseconds]
    /// Per step index: whether it was on the critical path.
    public var critical: [Bool]
}

/// A team's share of a run.
public struct TeamStatistics: Sendable, Hashable {
    public var team: String
    public var agents: Int
    /// Agent-time spent busy.
    public var busyTime: Microseconds
    public var tasksTaken: Int
    /// Offer-to-take waits, summed.
    public var totalWait: Microseconds
    public var longestQueue: Int
}

extension Simulation {
    /// Statistics of every team the run used, in team order.
    public var teamStatistics: [TeamStatistics] {
        teams.map { team in
            var busy = team.busyTime
            for agent in 0..<team.agents where team.isBusy(agent) {
                busy += clock.now - team.busySince[agent]
            }
            return TeamStatistics(
                team: team.name, agents: team.agents, busyTime: busy, tasksTaken: team.tasksTaken,
                totalWait: team.totalWait, longestQueue: team.longestQueue)
        }
    }

    /// Runs replication `number` of the blueprint's scenario and keeps what an estimate needs.
    public static func replicate(_ blueprint: SimulationBlueprint, seed: UInt64, number: Int)
        -> Replication
    {
        let scenario = blueprint.scenario
        var options = SimulationOptions()
        options.recordsTimings = false
        let simulation = Simulation(
            blueprint: blueprint, seed: seed, replication: UInt64(number), options: options)
        var failure: String?
        do {
            try simulation.run()
        } catch {
            failure = error.message
        }
        let stepCount = scenario.workflow.steps.count
        let instances = simulation.store.allInstances.filter { $0.endedAt != nil }.map { instance in
            var critical = [Bool](repeating: false, count: stepCount)
            for step in CriticalPath.steps(of: instance) { critical[step] = true }
            let nodes = instance.nodes
            let durations = (0..<stepCount).map { index -> Microseconds in
                let started = nodes[index].startedAt
                let ended = nodes[index].endedAt
                guard started >= 0, ended >= 0, nodes[index].status != .skipped else {
                    return -1
                }
                return ended - started
            }
            return InstanceResult(
                status: instance.status, duration: instance.endedAt! - instance.startedAt,
                stepDurations: durations, critical: critical)
        }
        return Replication(
            number: number, instances: instances, teams: simulation.teamStatistics,
            span: simulation.clock.now - scenario.start, error: failure)
    }
}
