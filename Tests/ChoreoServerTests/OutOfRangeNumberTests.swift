import ChoreoEngine
import ChoreoServer
import Foundation
import Testing

/// A number beyond what a Double holds (`1e999` in an agent's output, `.inf` in a workflow)
/// used to stop the process when the store wrote the instance: it is stored as `null`.
@Test(.enabled(if: choreoIsBuilt), .timeLimit(.minutes(2)))
func anOutputNumberOutOfRangeIsStoredAsNullWithoutACrash() throws {
    let db = temporaryDatabase()
    let started = try runChoreo(
        [
            "start", "ai-model-update", "--workflows", repositoryRoot + "/Scenarios/workflows",
            "--inputs", seedInputs.json, "--db", db,
        ])
    #expect(started.status == 0, "\(started.standardError)")
    let claimed = try runChoreo(["claim", "task-1", "--team", "engineering-team", "--db", db])
    #expect(claimed.status == 0, "\(claimed.standardError)")
    let completed = try runChoreo(
        [
            "complete", "task-1", "--db", db, "--output",
            #"{"compatibility_report": "ok", "cost_delta": 1e999}"#,
        ])
    #expect(completed.status == 0, "\(completed.standardError)")
    #expect(completed.standardOutput.hasPrefix("task-1 completed; "))
    let tasks = try runChoreo(["tasks", "qa-team", "--db", db])
    #expect(tasks.status == 0, "\(tasks.standardError)")
}

@Test func aWorkflowInfinityReadsAsNullThroughMCPAndAfterReopening() async throws {
    let directory = try temporaryDirectory()
    let file = directory + "/inf.yaml"
    try "name: inf\nsteps:\n  - id: a\n    team: t\n    action: do\n    inputs: { y: .inf }\n"
        .write(toFile: file, atomically: true, encoding: .utf8)
    let loading = WorkflowDirectory.load(path: file)
    try #require(loading.diagnostics.isEmpty, "\(loading.diagnostics)")
    let path = temporaryDatabase()
    let clock = TestClock()
    let live = try LiveEngine(database: path, workflows: loading.workflows, clock: clock)
    let mcp = try await MCPHarness.serving(live, clock: clock)
    let started = try await mcp.success("start_workflow", ["workflow_name": "inf"])
    let status = try await mcp.success(
        "get_workflow_status", ["instance_id": started["instance_id"]])
    guard case .list(let steps) = status["steps"] else {
        Issue.record("no steps: \(status)")
        return
    }
    #expect(steps.first?["inputs"] == ["y": .null])
    let reopened = try LiveEngine(database: path, clock: clock)
    #expect(await reopened.tasks(team: "t").map(\.inputs) == [["y": .null]])
}
