import ArgumentParser
import ChoreoReports

/// `choreo rehearse SCENARIO...`: run each scenario and check its `expect:`.
struct RehearseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rehearse",
        abstract: "Run scenarios and check their expectations.",
        discussion: """
            Prints, per scenario and expectation, ✓ or ✗ with what happened. A miss prints \
            the command that replays the run, the path the error took through the handlers \
            and the timeline around the failure. --runs N runs seeds S, S+1, … S+N-1 (S from \
            --seed, else the scenario's) and prints the share of runs in which each \
            expectation held. Exit status: 0 when every expectation held in every run, 1 \
            when one did not, 2 when a scenario does not load.
            """
    )

    @Argument(help: "The scenario files.")
    var scenarios: [String]

    @Option(help: "Runs per scenario, with consecutive seeds.")
    var runs: Int = 1

    @Option(help: "The (first) seed (default: each scenario's).")
    var seed: UInt64?

    func validate() throws {
        guard (1...Rehearsal.maximumRuns).contains(runs) else {
            StandardError.print("error: --runs must be between 1 and \(Rehearsal.maximumRuns)")
            throw ExitCode(2)
        }
    }

    func run() throws {
        // Load every file first: a bad one stops the command before anything runs.
        var loaded: [Scenario] = []
        var failedToLoad = false
        for path in scenarios {
            do {
                loaded.append(try ScenarioCommands.load(path))
            } catch {
                failedToLoad = true
            }
        }
        if failedToLoad { throw ExitCode(2) }
        var allHeld = true
        for (index, scenario) in loaded.enumerated() {
            if index > 0 { print("") }
            if runs == 1 {
                let result = Rehearsal.check(scenario, seed: seed)
                print(RehearsalReport.render(result), terminator: "")
                allHeld = allHeld && result.held
            } else {
                let summary = Rehearsal.run(scenario, seed: seed, runs: runs)
                print(RehearsalReport.render(summary), terminator: "")
                allHeld = allHeld && summary.held
            }
        }
        if !allHeld { throw ExitCode(1) }
    }
}
