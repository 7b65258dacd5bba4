import ChoreoEngine
import Foundation
import Testing

/// `--db ""` (or `:memory:`) used to start an instance in a temporary SQLite database
/// that vanished at exit, printing its id and exiting 0: work lost without a word.
@Test(.enabled(if: choreoIsBuilt), .timeLimit(.minutes(2)), arguments: ["", ":memory:"])
func aDatabaseThatWouldVanishIsRefused(db: String) throws {
    let started = try runChoreo(
        [
            "start", "ai-model-update", "--workflows", repositoryRoot + "/Scenarios/workflows",
            "--inputs", seedInputs.json, "--db", db,
        ])
    #expect(started.status == 2)
    #expect(started.standardOutput.isEmpty)
    #expect(started.standardError.contains("--db needs a database file"))
    let served = try runChoreo(["serve", "--workflows", seedWorkflowPath, "--db", db])
    #expect(served.status == 2)
    #expect(served.standardError.contains("--db needs a database file"))
}

/// The README promises exit 2 for bad flags; the argument parser's own errors exited 64.
@Test(.enabled(if: choreoIsBuilt), .timeLimit(.minutes(2)))
func badFlagsExitTwoWithTheirUsage() throws {
    let db = temporaryDatabase()
    let missingTeam = try runChoreo(["claim", "task-1", "--db", db])
    #expect(missingTeam.status == 2)
    #expect(missingTeam.standardError.contains("--team"))
    let badOutcome = try runChoreo(
        ["complete", "task-1", "--output", "{}", "--outcome", "maybe", "--db", db])
    #expect(badOutcome.status == 2)
    #expect(badOutcome.standardError.contains("'maybe' is invalid for '--outcome"))
    let badRuns = try runChoreo(["status", "wf-x", "--db", db, "--runs", "0"])
    #expect(badRuns.status == 2)
    let help = try runChoreo(["claim", "--help"])
    #expect(help.status == 0)
    #expect(help.standardOutput.contains("USAGE: choreo claim"))
}
