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
    #expect(started.status != 0)
    #expect(started.standardOutput.isEmpty)
    #expect(started.standardError.contains("--db needs a database file"))
    let served = try runChoreo(["serve", "--workflows", seedWorkflowPath, "--db", db])
    #expect(served.status != 0)
    #expect(served.standardError.contains("--db needs a database file"))
}
