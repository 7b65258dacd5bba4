/// How much longer an instance will take, seen from a moment of its life: its state is
/// handed to `runs` fresh simulations of a scenario, each with its own random streams
/// (run `r` uses replication `r` of the seed), and each is carried to the end
/// (conditional Monte Carlo). Work in progress draws the rest of its duration given the
/// time already spent on it.
///
/// The one way Choreo estimates remaining time: a dashboard of a live instance (its state
/// read from any `Store`) and one of a simulated run stopped at a moment both use it.
///
/// ```swift
/// let handover = store.handover(ofInstance: id)!
/// let remaining = try RemainingTime.estimate(
///     handover, scenario: scenario, now: clock.now, runs: 500, seed: 42)
/// ```
public struct RemainingTime: Sendable {
    /// The most continuations one estimate runs.
    public static let maximumRuns = 1_000_000

    public var runs: Int
    public var seed: UInt64
    /// The moment the continuations start from.
    public var now: Microseconds
    /// Seconds from `now` to the instance's end, one per continuation that ended, in run
    /// order.
    public var samples: [Double]
    /// How the instance ended in each continuation that ended, in run order.
    public var statuses: [InstanceStatus]
    /// Why the continuations that did not end went out of bounds, in run order.
    public var failures: [String]
    /// Per step under way at `now` (offered or claimed), by id: seconds from `now` to its
    /// end, one per continuation in which it ended, in run order.
    public var stepSamples: [String: [Double]]

    /// Continues `handover`'s instance from `now` in `runs` simulations of `scenario`.
    ///
    /// The scenario's times (its start, fault windows) are taken from the instance's
    /// start. Refused when the instance has ended, runs another workflow, or `now` is
    /// before its last event.
    public static func estimate(
        _ handover: InstanceHandover, scenario: Scenario, now: Microseconds, runs: Int,
        seed: UInt64
    ) throws(SimulationError) -> RemainingTime {
        precondition(runs >= 1 && runs <= maximumRuns, "runs must be 1...\(maximumRuns)")
        let snapshot = handover.snapshot
        guard !snapshot.status.isFinal else {
            throw SimulationError(
                "instance \(snapshot.id) has already ended (\(snapshot.status.rawValue))")
        }
        var rebased = scenario
        rebased.start = snapshot.startedAt
        let blueprint = SimulationBlueprint(rebased)
        var options = SimulationOptions()
        options.recordsTimings = false
        options.recordsNotifications = false
        options.recordsOutcomes = false
        let underWay = snapshot.nodes.indices.filter { index in
            index < blueprint.program.stepCount
                && (snapshot.nodes[index].status == .offered
                    || snapshot.nodes[index].status == .claimed)
        }
        var result = RemainingTime(
            runs: runs, seed: seed, now: now, samples: [], statuses: [], failures: [],
            stepSamples: [:])
        for run in 0..<runs {
            let simulation = Simulation(
                blueprint: blueprint, seed: seed, replication: UInt64(run), options: options)
            let instance = try simulation.adopt(handover, at: now)
            do {
                try simulation.run()
            } catch {
                result.failures.append(error.message)
                continue
            }
            for index in underWay where instance.nodes[index].endedAt >= now {
                let step = scenario.workflow.steps[index].id
                result.stepSamples[step, default: []].append(
                    Durations.seconds(instance.nodes[index].endedAt - now))
            }
            guard let ended = instance.endedAt else { continue }
            result.samples.append(Durations.seconds(ended - now))
            result.statuses.append(instance.status)
        }
        return result
    }
}
