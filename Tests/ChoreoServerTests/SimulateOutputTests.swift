import ChoreoEngine
import Foundation
import Testing

/// A one-task workflow and a scenario of `count` arrivals for it, in a new directory;
/// returns the scenario's path.
private func oneTaskScenario(count: Int) throws -> String {
    let directory = try temporaryDirectory()
    try """
    name: one-task
    steps:
      - id: work
        type: task
        team: crew
        action: do
        outputs:
          - note
    """.write(toFile: directory + "/one-task.yaml", atomically: true, encoding: .utf8)
    try """
    scenario: many
    workflow: one-task.yaml
    seed: 3
    start: 2025-01-20T00:00:00Z
    arrivals: { every: { dist: exponential, mean: 1m }, count: \(count) }
    teams:
      crew:
        agents: 4
        duration: { dist: uniform, min: 1m, max: 3m }
        actions:
          do:
            outputs: { note: "say \\"hi\\"\\nthen go" }
    """.write(toFile: directory + "/many.yaml", atomically: true, encoding: .utf8)
    return directory + "/many.yaml"
}

/// `simulate` writes a run of several instances instance by instance: the `--json` text
/// is the `{"instances": [...]}` value as a whole would print, each summary the one its
/// instance's log is headed by, and `--out` holds the same bytes as standard output.
@Test(.enabled(if: choreoIsBuilt), .timeLimit(.minutes(2)))
func simulateWritesEachInstanceAsTheWholeRunWould() throws {
    let scenario = try oneTaskScenario(count: 3)
    let printed = try runChoreo(["simulate", scenario, "--json"])
    #expect(printed.status == 0, "\(printed.standardError)")
    let value = try #require(Value(json: printed.standardOutput))
    #expect(printed.standardOutput == value.prettyJSON + "\n")
    guard case .list(let instances) = value["instances"] else {
        Issue.record("no instance list: \(printed.standardOutput)")
        return
    }
    #expect(instances.count == 3)
    #expect(instances.allSatisfy { $0["status"] == "completed" })
    // A string that needs escapes comes back as it was.
    let notes = instances.map { instance -> Value in
        guard case .list(let steps) = instance["steps"], let step = steps.first else {
            return .null
        }
        return step["outputs"]["note"]
    }
    #expect(notes == Array(repeating: "say \"hi\"\nthen go", count: 3))
    #expect(printed.standardOutput.contains(#""note": "say \"hi\"\nthen go""#))
    let log = try runChoreo(["simulate", scenario])
    let headers = log.standardOutput.split(separator: "\n").filter { $0.hasPrefix("== ") }
    #expect(
        headers.map { String($0.dropFirst(3)) }
            == instances.map { $0["instance"].stringValue ?? "" })

    let file = try temporaryDirectory() + "/run.json"
    let written = try runChoreo(["simulate", scenario, "--json", "--out", file])
    #expect(written.status == 0 && written.standardOutput.isEmpty)
    #expect(try String(contentsOfFile: file, encoding: .utf8) == printed.standardOutput)
    #expect(printed.standardError.isEmpty)
}

/// A run of more instances than `simulate` is meant for says that `loadtest` is the
/// command for it, and still runs.
@Test(.enabled(if: choreoIsBuilt), .timeLimit(.minutes(2)))
func simulateOfAManyInstanceScenarioPointsToLoadtest() throws {
    let scenario = try oneTaskScenario(count: 10_001)
    let file = try temporaryDirectory() + "/run.txt"
    let result = try runChoreo(["simulate", scenario, "--format", "mermaid", "--out", file])
    #expect(result.status == 0)
    #expect(result.standardError.contains("note: 10001 instances"))
    #expect(result.standardError.contains("choreo loadtest"))
    let text = try String(contentsOfFile: file, encoding: .utf8)
    #expect(text.components(separatedBy: "gantt").count - 1 == 10_001)
}
