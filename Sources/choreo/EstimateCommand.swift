import ArgumentParser
import ChoreoReports
import Dispatch
import Foundation

/// `choreo estimate SCENARIO`: Monte Carlo completion times and what decides them.
struct EstimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Estimate completion times over many simulated runs.",
        discussion: """
            Each run is a fresh engine and world with random streams derived from the seed \
            and the run number; results merge in run order, so the output is the same for \
            any --jobs.
            """
    )

    @Argument(help: "The scenario file.")
    var scenario: String

    @Option(name: .short, help: "Number of runs.")
    var n: Int = 1_000

    @Option(help: "The seed (default: the scenario's).")
    var seed: UInt64?

    @Option(help: "Threads to run on (default: the number of cores).")
    var jobs: Int?

    @Flag(help: "Print the estimate as JSON.")
    var json = false

    @Option(help: "Also write a self-contained HTML report to this file.")
    var html: String?

    func validate() throws {
        guard n >= 1, n <= MonteCarlo.maximumRuns else {
            throw ValidationError("-n must be between 1 and \(MonteCarlo.maximumRuns)")
        }
        if let jobs, jobs < 1 || jobs > 256 {
            throw ValidationError("--jobs must be between 1 and 256")
        }
    }

    func run() throws {
        let loaded = try ScenarioCommands.load(scenario)
        let seed = seed ?? loaded.seed
        let jobs = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let progress = ProgressBar(total: n)
        var update: (@Sendable (Int) -> Void)?
        if let progress { update = { done in progress.update(done) } }
        let replications = MonteCarlo.run(loaded, runs: n, seed: seed, jobs: jobs, progress: update)
        progress?.finish()
        let report = EstimateReport(scenario: loaded, seed: seed, replications: replications)
        if json {
            print(report.value.prettyJSON)
        } else {
            print(report.text, terminator: "")
        }
        if let html {
            try OutputWriter.write(HTMLReport.render(report, scenario: loaded), to: html)
        }
    }
}

/// Runs done, runs per second and time left, on standard error when it is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private let unit: String
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastDraw: UInt64 = 0
    private let lock = NSLock()

    /// A bar, or `nil` when standard error is not a terminal.
    init?(total: Int, unit: String = "runs") {
        guard isatty(2) == 1 else { return nil }
        self.total = total
        self.unit = unit
    }

    func update(_ done: Int) {
        lock.lock()
        defer { lock.unlock() }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastDraw > 100_000_000 || done == total else { return }
        lastDraw = now
        let elapsed = Double(now - start) / 1e9
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let left = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar =
            String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        StandardError.write(
            "\r\(bar) \(done)/\(total) \(unit)  \(Int(rate)) \(unit)/s  \(Int(left.rounded()))s left "
        )
    }

    func finish() {
        StandardError.write("\r" + String(repeating: " ", count: 80) + "\r")
    }
}
