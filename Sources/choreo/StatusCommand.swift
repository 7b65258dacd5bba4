import ArgumentParser
import ChoreoReports
import ChoreoStore
import Foundation

/// `choreo status INSTANCE --db FILE`: the seed's monitoring view of one instance, with its
/// completion estimated by simulating the rest from its current state.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show an instance's dashboard and estimate when it will end.",
        discussion: """
            Reads the instance from a Choreo database (a live engine's, or one written by \
            simulate --db). With --scenario, the rest of a running instance is simulated \
            --runs times from its current state (claimed work continues, pending tasks wait \
            in their team's queue, timers stay set), and Est. Completion gives the median \
            and p90; the same seed gives the same estimate. Without a scenario there is no \
            estimate. The view is at the current time unless --at says otherwise.
            """
    )

    @Argument(help: "The instance id (wf-…).")
    var instance: String

    @Option(help: "The Choreo SQLite database.")
    var db: String

    @Option(help: "A scenario of the instance's workflow, to simulate the rest with.")
    var scenario: String?

    @Option(help: "Simulated continuations for the estimate.")
    var runs: Int = 500

    @Option(help: "The seed (default: the scenario's).")
    var seed: UInt64?

    @Option(
        help: ArgumentHelp(
            "The moment to show, ISO 8601 (default: now); not before the instance's last event.",
            valueName: "time"))
    var at: String?

    @Flag(help: "Print the status as JSON.")
    var json = false

    func validate() throws {
        guard runs >= 1, runs <= RemainingTime.maximumRuns else {
            throw ValidationError("--runs must be between 1 and \(RemainingTime.maximumRuns)")
        }
        if let at, CivilTime.parse(at) == nil {
            throw ValidationError("--at needs a time such as 2025-01-22T12:00:00Z, not '\(at)'")
        }
    }

    func run() throws {
        let loaded = try scenario.map(ScenarioCommands.load)
        let now = at.flatMap(CivilTime.parse) ?? Microseconds(Date().timeIntervalSince1970 * 1e6)
        do {
            let store = try SQLiteStore(path: db, creating: false)
            let report = try StatusReport.make(
                instanceID: instance, in: store, knownIDs: { store.instanceIDs },
                scenario: loaded, runs: runs, seed: seed, now: now)
            print(json ? report.value.prettyJSON : report.text, terminator: json ? "\n" : "")
        } catch let error as SQLiteStoreError {
            StandardError.print("error: \(error)")
            throw ExitCode(1)
        } catch let error as StatusError {
            StandardError.print("error: \(error)")
            throw ExitCode(1)
        }
    }
}
