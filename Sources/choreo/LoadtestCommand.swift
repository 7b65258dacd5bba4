import ArgumentParser
import ChoreoReports
import ChoreoStore
import Foundation

/// `choreo loadtest SCENARIO`: many instances in one simulated world sharing the teams.
struct LoadtestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loadtest",
        abstract: "Run many instances at once against the scenario's teams.",
        discussion: """
            All instances share one simulated world: the teams' agents and queues. A \
            finished instance leaves only its figures (status, completion time). \
            --every takes a duration (constant: 10m) or NAME:PARAMETERS with durations: \
            exponential:10m (mean), uniform:5m,15m, triangular:5m,10m,20m (min, mode, max), \
            lognormal:10m,30m (median, p90), normal:10m,2m (mean, sd). \
            --find-capacity searches the arrival rate (stretching --every or the scenario's \
            arrivals) at which the p99 completion time crosses the workflow timeout or --sla. \
            --db FILE also writes the run (instances, tasks, history) into a new or empty \
            Choreo SQLite database as it goes, in batches of \(LoadtestCommand.batch) commands.
            """
    )

    @Argument(help: "The scenario file.")
    var scenario: String

    @Option(help: "Instances to start (default: the scenario's arrivals count).")
    var instances: Int?

    @Option(help: "Time between arrivals: a duration or a distribution such as exponential:10m.")
    var every: String?

    @Option(
        help:
            "Stop after this much simulated time (e.g. 30d); unfinished instances count as running."
    )
    var until: String?

    @Option(help: "The seed (default: the scenario's).")
    var seed: UInt64?

    @Flag(help: "Search the arrival rate at which p99 completion crosses the timeout or --sla.")
    var findCapacity = false

    @Option(help: "The p99 completion target for --find-capacity (default: the workflow timeout).")
    var sla: String?

    @Option(help: "Load tests a capacity search runs at most.")
    var probes: Int = 16

    @Flag(help: "Print the result as JSON.")
    var json = false

    @Option(help: "Also write the run into this SQLite database (new or empty).")
    var db: String?

    /// Commands per transaction when writing the run into `--db`.
    static let batch = 50_000

    func validate() throws {
        if let instances, instances < 1 || instances > LoadTest.maximumInstances {
            throw ValidationError("--instances must be between 1 and \(LoadTest.maximumInstances)")
        }
        if let every, ArrivalSpec.parse(every) == nil {
            throw ValidationError("--every: cannot read '\(every)' (try 10m or exponential:10m)")
        }
        if let until, Durations.parse(until) == nil {
            throw ValidationError("--until: cannot read '\(until)' as a duration (try 30d)")
        }
        if let sla, Durations.parse(sla) == nil {
            throw ValidationError("--sla: cannot read '\(sla)' as a duration (try 48h)")
        }
        if db != nil && findCapacity {
            throw ValidationError("--db records one load test; it does not go with --find-capacity")
        }
        guard probes >= 2, probes <= CapacitySearch.maximumProbes else {
            throw ValidationError("--probes must be between 2 and \(CapacitySearch.maximumProbes)")
        }
    }

    func run() throws {
        let loaded = try ScenarioCommands.load(scenario)
        let options = LoadTestOptions(
            instances: instances, every: every.flatMap(ArrivalSpec.parse),
            until: until.flatMap(Durations.parse), seed: seed)
        do {
            if findCapacity {
                try searchCapacity(loaded, options: options)
            } else {
                try loadTest(loaded, options: options)
            }
        } catch let error as SimulationError {
            StandardError.print("error: \(error.message)")
            throw ExitCode(1)
        }
    }

    private func loadTest(_ loaded: Scenario, options: LoadTestOptions) throws {
        let total = options.instances ?? loaded.arrivals.count
        let bar = ProgressBar(total: total, unit: "instances")
        let recorder = try db.map(openDatabase)
        let result = try LoadTest.run(loaded, options: options, recorder: recorder) { done, _ in
            bar?.update(done)
        }
        recorder?.flush()
        bar?.finish()
        let report = LoadTestReport(result)
        print(json ? report.value.prettyJSON : report.text, terminator: json ? "\n" : "")
    }

    /// The new or empty database at `path`, batched: the load test is its only writer.
    private func openDatabase(_ path: String) throws -> SQLiteStore {
        do {
            let store = try SQLiteStore(path: path, mode: .batched(commands: LoadtestCommand.batch))
            try store.requireEmpty()
            return store
        } catch {
            StandardError.print("error: \(error)")
            throw ExitCode(1)
        }
    }

    private func searchCapacity(_ loaded: Scenario, options: LoadTestOptions) throws {
        let terminal = isatty(2) == 1
        let result = try CapacitySearch.run(
            loaded, options: options, sla: sla.flatMap(Durations.parse), probes: probes
        ) { probe in
            guard terminal else { return }
            StandardError.write(
                "every \(EstimateReport.span(probe.meanInterarrivalSeconds)): p99 "
                    + "\(EstimateReport.span(probe.p99Seconds)) "
                    + (probe.meetsTarget ? "meets\n" : "misses\n"))
        }
        let report = CapacityReport(result)
        print(json ? report.value.prettyJSON : report.text, terminator: json ? "\n" : "")
    }
}
