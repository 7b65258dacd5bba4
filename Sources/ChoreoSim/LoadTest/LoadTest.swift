import Dispatch
import Histogram

/// A load test: many instances of a scenario's workflow arriving over time in one
/// simulated world, sharing its teams, with only aggregated figures kept per instance.
///
/// ```swift
/// var options = LoadTestOptions()
/// options.instances = 100_000
/// options.every = .exponential(mean: 600)
/// let result = try LoadTest.run(scenario, options: options)
/// print(result.completion.valueAtPercentile(99))
/// ```
public enum LoadTest {
    /// The most instances one load test starts.
    public static let maximumInstances = 100_000_000

    /// Runs the load test; `progress` is called with instances finished and started, every
    /// few thousand instances, on the calling thread.
    ///
    /// With a `recorder`, every command and change of the run is also told to that store
    /// (a batched `SQLiteStore` writes the run into a database); flush it afterwards.
    public static func run(
        _ scenario: Scenario, options: LoadTestOptions = LoadTestOptions(),
        recorder: (any Store)? = nil,
        progress: ((_ finished: Int, _ total: Int) -> Void)? = nil
    ) throws(SimulationError) -> LoadTestResult {
        let arrivals = Arrivals(
            count: options.instances ?? scenario.arrivals.count,
            every: options.every ?? scenario.arrivals.every)
        precondition(
            arrivals.count >= 1 && arrivals.count <= maximumInstances,
            "a load test starts 1...\(maximumInstances) instances")
        var simulationOptions = SimulationOptions()
        simulationOptions.keepsInstances = false
        simulationOptions.recordsOutcomes = false
        simulationOptions.recordsTimings = false
        simulationOptions.recordsNotifications = false
        simulationOptions.recordsWaitHistograms = true
        simulationOptions.arrivals = arrivals
        // Each instance of the seed workflow takes about 40 events; leave room for more.
        simulationOptions.maxEvents = 1_000_000 + 1_000 * arrivals.count
        let simulation = Simulation(
            scenario: scenario, seed: options.seed, options: simulationOptions)
        simulation.store.recorder = recorder
        var tally = OutcomeTally(timeout: scenario.workflow.timeout)
        simulation.onFinish = { outcome in
            tally.add(outcome)
            if let progress, tally.finished % 4_096 == 0 {
                progress(tally.finished, arrivals.count)
            }
        }
        let begin = DispatchTime.now().uptimeNanoseconds
        try simulation.run(until: options.until.map { scenario.start + $0 })
        let wall = Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9
        progress?(tally.finished, arrivals.count)
        return LoadTestResult(
            scenario: scenario, seed: simulation.seed, simulation: simulation, tally: tally,
            wallSeconds: wall)
    }

    /// An empty histogram of durations in microseconds, from 1 ms up, 3 significant digits.
    public static func durationHistogram() -> Histogram<UInt64> {
        var histogram = Histogram<UInt64>(
            lowestDiscernibleValue: 1_000, highestTrackableValue: UInt64(Durations.day),
            numberOfSignificantValueDigits: .three)
        histogram.autoResize = true
        return histogram
    }
}

/// What a load test changes in the scenario.
public struct LoadTestOptions: Sendable {
    /// Instances to start (default: the scenario's `arrivals.count`).
    public var instances: Int?
    /// Time between arrivals in seconds (default: the scenario's `arrivals.every`).
    public var every: Distribution?
    /// Stop this long after the start, with what is in flight left running.
    public var until: Microseconds?
    /// The seed (default: the scenario's).
    public var seed: UInt64?

    /// Options that change nothing.
    public init(
        instances: Int? = nil, every: Distribution? = nil, until: Microseconds? = nil,
        seed: UInt64? = nil
    ) {
        self.instances = instances
        self.every = every
        self.until = until
        self.seed = seed
    }
}

/// Finished instances folded into counts and a histogram, as they finish.
struct OutcomeTally {
    let timeout: Microseconds?
    var finished = 0
    /// Per status, in `InstanceStatus.allCases` order, the instances that ended in it: a
    /// table keyed by status hashed it at every finish.
    var statusCounts = [Int](repeating: 0, count: OutcomeTally.statuses.count)
    var completion = LoadTest.durationHistogram()
    var totalSeconds = 0.0
    var overTimeout = 0

    /// Every status, in order.
    static let statuses = InstanceStatus.allCases

    init(timeout: Microseconds?) {
        self.timeout = timeout
    }

    mutating func add(_ outcome: InstanceOutcome) {
        finished += 1
        statusCounts[OutcomeTally.statuses.firstIndex(of: outcome.status)!] += 1
        let duration = max(0, outcome.duration)
        _ = completion.record(UInt64(duration))
        totalSeconds += Durations.seconds(duration)
        if let timeout, outcome.status == .timedOut || duration > timeout { overTimeout += 1 }
    }
}
