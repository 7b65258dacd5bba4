import Histogram

/// What a load test measured: how the instances ended, how long they took, how the
/// teams coped, and how fast the scheduler ran.
public struct LoadTestResult: Sendable {
    /// The scenario's name.
    public var scenario: String
    /// The workflow's name.
    public var workflow: String
    /// The seed the run used.
    public var seed: UInt64
    /// Instances started.
    public var instances: Int
    /// Instances that ended.
    public var finished: Int
    /// Instances by status, in `InstanceStatus` order; unfinished ones count as `running`.
    public var statuses: [(status: InstanceStatus, count: Int)]
    /// Completion times of the finished instances, in microseconds.
    public var completion: Histogram<UInt64>
    /// Exact mean completion time of the finished instances, in seconds.
    public var meanCompletionSeconds: Double
    /// The workflow's timeout, if it has one.
    public var timeout: Microseconds?
    /// Finished instances that took longer than the timeout or timed out.
    public var overTimeout: Int
    /// Per team, in team order.
    public var teams: [TeamLoad]
    /// Tasks whose agent reported (work, approvals, escalations).
    public var tasksExecuted: Int
    /// Simulated time from the start to the last event.
    public var simulatedTime: Microseconds
    /// Events the scheduler handled.
    public var events: Int
    /// Wall-clock seconds the run took.
    public var wallSeconds: Double
    /// The process's peak resident memory in bytes, where the platform says.
    public var peakMemoryBytes: Int?
    /// The process's resident memory when the run stopped, with the world still alive.
    public var residentBytesAtEnd: Int?

    /// Events handled per wall-clock second.
    public var eventsPerSecond: Double { wallSeconds > 0 ? Double(events) / wallSeconds : 0 }
    /// Tasks executed per wall-clock second.
    public var tasksPerSecond: Double { wallSeconds > 0 ? Double(tasksExecuted) / wallSeconds : 0 }
    /// Share of finished instances over the workflow's timeout (0 without a timeout).
    public var shareOverTimeout: Double {
        finished > 0 ? Double(overTimeout) / Double(finished) : 0
    }

    /// The completion time at `percentile` (0...100), in seconds.
    public func completionSeconds(atPercentile percentile: Double) -> Double {
        finished > 0 ? Durations.seconds(Microseconds(completion.valueAtPercentile(percentile))) : 0
    }

    /// The team with the highest utilization.
    public var bottleneck: TeamLoad? { teams.max { $0.utilization < $1.utilization } }

    init(
        scenario: Scenario, seed: UInt64, simulation: Simulation, tally: OutcomeTally,
        wallSeconds: Double
    ) {
        self.scenario = scenario.name
        workflow = scenario.workflow.name
        self.seed = seed
        instances = simulation.instancesStarted
        finished = tally.finished
        var counts = tally.statusCounts
        if instances > finished {
            counts[OutcomeTally.statuses.firstIndex(of: .running)!] += instances - finished
        }
        statuses = zip(OutcomeTally.statuses, counts).filter { $0.1 > 0 }.map { ($0, $1) }
        completion = tally.completion
        meanCompletionSeconds = tally.finished > 0 ? tally.totalSeconds / Double(tally.finished) : 0
        timeout = scenario.workflow.timeout
        overTimeout = tally.overTimeout
        simulatedTime = simulation.clock.now - scenario.start
        teams = TeamLoad.loads(simulation, span: simulatedTime)
        tasksExecuted = simulation.tasksExecuted
        events = simulation.eventsProcessed
        self.wallSeconds = wallSeconds
        peakMemoryBytes = PeakMemory.residentBytes()
        residentBytesAtEnd = PeakMemory.currentResidentBytes()
    }
}

/// One team under load.
public struct TeamLoad: Sendable, Hashable {
    /// The team's name.
    public var team: String
    /// Its number of agents.
    public var agents: Int
    /// Share of agent-time spent busy over the run.
    public var utilization: Double
    /// Tasks its agents took.
    public var tasksTaken: Int
    /// Mean offer-to-take wait, in seconds.
    public var meanWaitSeconds: Double
    /// 99th percentile of the offer-to-take wait, in seconds.
    public var p99WaitSeconds: Double
    /// The most tasks waiting in its queue at once.
    public var longestQueue: Int

    static func loads(_ simulation: Simulation, span: Microseconds) -> [TeamLoad] {
        let p99Waits = simulation.teams.map { $0.wait(atPercentile: 99) }
        return zip(simulation.teamStatistics, p99Waits).map { statistics, p99Wait in
            let capacity = Double(statistics.agents) * Double(span)
            let taken = statistics.tasksTaken
            return TeamLoad(
                team: statistics.team, agents: statistics.agents,
                utilization: capacity > 0 ? Double(statistics.busyTime) / capacity : 0,
                tasksTaken: taken,
                meanWaitSeconds: taken > 0
                    ? Durations.seconds(statistics.totalWait) / Double(taken) : 0,
                p99WaitSeconds: taken > 0
                    ? Durations.seconds(Microseconds(p99Wait ?? 0)) : 0,
                longestQueue: statistics.longestQueue)
        }
    }
}
