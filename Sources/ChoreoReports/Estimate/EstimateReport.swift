/// What `choreo estimate` reports: completion-time distribution, final statuses, the
/// chance of meeting the workflow's timeout, each step's criticality and each team's load.
public struct EstimateReport: Sendable {
    public var scenario: String
    public var workflow: String
    public var runs: Int
    public var seed: UInt64
    /// Completion times of every finished instance, in seconds.
    public var completion: SampleSummary
    /// Final statuses with their counts, by status name.
    public var statuses: [(status: String, count: Int)]
    public var timeout: Microseconds?
    /// Share of instances that ended within the timeout (and not `timed_out`).
    public var probabilityMet: Double?
    public var steps: [StepEstimate]
    public var teams: [TeamEstimate]
    /// Replications that went out of bounds, with the first message.
    public var failedRuns: Int
    public var firstFailure: String?
    /// The instance whose completion time is the median (the lower one for an even count),
    /// which the HTML report simulates again to draw; `nil` when no instance finished.
    public var medianRun: RunReference?

    /// Summarises `replications` of `scenario` (in replication order).
    public init(scenario: Scenario, seed: UInt64, replications: [Replication]) {
        self.scenario = scenario.name
        workflow = scenario.workflow.name
        runs = replications.count
        self.seed = seed
        let instances = replications.flatMap(\.instances)
        let totals = instances.map { Durations.seconds($0.duration) }
        completion = SampleSummary(totals)
        medianRun = RunReference.median(of: replications, summary: completion)
        var counts: [String: Int] = [:]
        for instance in instances { counts[instance.status.rawValue, default: 0] += 1 }
        statuses = counts.keys.sorted().map { ($0, counts[$0]!) }
        timeout = scenario.workflow.timeout
        if let timeout, !instances.isEmpty {
            let met = instances.filter { $0.status != .timedOut && $0.duration <= timeout }.count
            probabilityMet = Double(met) / Double(instances.count)
        }
        steps = scenario.workflow.steps.map { step in
            StepEstimate(step: step, instances: instances, totals: totals)
        }
        teams = TeamEstimate.estimates(replications)
        let failures = replications.compactMap(\.error)
        failedRuns = failures.count
        firstFailure = failures.first
    }
}

/// One step across all runs.
public struct StepEstimate: Sendable, Hashable {
    public var id: String
    public var kind: String
    /// Instances in which the step ran.
    public var ran: Int
    /// Mean duration (seconds) over the instances in which it ran.
    public var mean: Double
    /// Share of instances in which it was on the critical path.
    public var criticality: Double
    /// Correlation of its duration with the completion time, where it ran.
    public var correlation: Double

    init(step: Step, instances: [InstanceResult], totals: [Double]) {
        id = step.id
        kind = step.kindName
        var durations: [Double] = []
        var pairedTotals: [Double] = []
        var critical = 0
        for (instance, total) in zip(instances, totals) {
            if instance.critical[step.index] { critical += 1 }
            let duration = instance.stepDurations[step.index]
            guard duration >= 0 else { continue }
            durations.append(Durations.seconds(duration))
            pairedTotals.append(total)
        }
        ran = durations.count
        mean = durations.isEmpty ? 0 : durations.reduce(0, +) / Double(durations.count)
        criticality = instances.isEmpty ? 0 : Double(critical) / Double(instances.count)
        self.correlation = ChoreoReports.correlation(durations, pairedTotals)
    }
}

/// One team across all runs.
public struct TeamEstimate: Sendable, Hashable {
    public var team: String
    public var agents: Int
    /// Busy agent-time over available agent-time of the runs' spans.
    public var utilization: Double
    /// Mean wait (seconds) from offer until an agent took a task.
    public var meanWait: Double
    public var longestQueue: Int

    static func estimates(_ replications: [Replication]) -> [TeamEstimate] {
        var order: [String] = []
        var sums:
            [String: (
                agents: Int, busy: Double, capacity: Double, wait: Double, tasks: Int, queue: Int
            )] = [:]
        for replication in replications {
            for team in replication.teams {
                if sums[team.team] == nil {
                    order.append(team.team)
                    sums[team.team] = (team.agents, 0, 0, 0, 0, 0)
                }
                var sum = sums[team.team]!
                sum.busy += Durations.seconds(team.busyTime)
                sum.capacity += Durations.seconds(replication.span) * Double(team.agents)
                sum.wait += Durations.seconds(team.totalWait)
                sum.tasks += team.tasksTaken
                sum.queue = max(sum.queue, team.longestQueue)
                sums[team.team] = sum
            }
        }
        return order.map { name in
            let sum = sums[name]!
            return TeamEstimate(
                team: name, agents: sum.agents,
                utilization: sum.capacity > 0 ? sum.busy / sum.capacity : 0,
                meanWait: sum.tasks > 0 ? sum.wait / Double(sum.tasks) : 0, longestQueue: sum.queue)
        }
    }
}
