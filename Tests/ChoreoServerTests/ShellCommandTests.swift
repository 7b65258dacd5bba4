import ChoreoEngine
import ChoreoServer
import Foundation
import Testing

/// `choreo` with `arguments` and `--db path`; must exit 0; returns standard output.
@discardableResult
private func choreo(_ arguments: [String], db: String) throws -> String {
    let result = try runChoreo(arguments + ["--db", db])
    #expect(
        result.status == 0,
        "choreo \(arguments.joined(separator: " ")): \(result.status) \(result.standardError)")
    return result.standardOutput
}

/// The open tasks of `team` as `choreo tasks --json` prints them.
private func tasks(_ team: String, db: String) throws -> [Value] {
    let output = try choreo(["tasks", team, "--json"], db: db)
    guard case .list(let tasks) = Value(json: output)?["tasks"] else {
        Issue.record("not a task list: \(output)")
        return []
    }
    return tasks
}

/// Claims and completes the first open task of `team` from the shell.
private func work(_ team: String, output: String, db: String, outcome: String? = nil) throws {
    let task = try #require(try tasks(team, db: db).first?["id"].stringValue)
    let claimed = try choreo(["claim", task, "--team", team, "--agent", "\(team)-1"], db: db)
    #expect(claimed.hasPrefix("\(task) claimed by \(team)-1 until "))
    try choreo(
        ["complete", task, "--output", output] + (outcome.map { ["--outcome", $0] } ?? []),
        db: db)
}

@Test(.enabled(if: choreoIsBuilt), .timeLimit(.minutes(2)))
func shellCommandsPlayTheSeedWalkthroughToCompletion() async throws {
    let db = temporaryDatabase()
    let id = try choreo(
        [
            "start", "ai-model-update", "--workflows", repositoryRoot + "/Scenarios/workflows",
            "--inputs", seedInputs.json, "--input", "model_info.urgency=high",
        ], db: db
    ).trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(id.hasPrefix("wf-") && id.hasSuffix("-ai-model-update-001"))
    let listing = try choreo(["tasks", "engineering-team"], db: db)
    #expect(listing.contains("task-1  task  \(id)  initial_assessment  assess_model_compatibility"))
    try work(
        "engineering-team", output: #"{"compatibility_report": "ok", "cost_delta": 650}"#, db: db)

    let approval = try #require(try tasks("executive-team", db: db).first)
    #expect(approval["kind"] == "approval")
    let approvalID = try #require(approval["id"].stringValue)
    let refused = try runChoreo(
        ["decide", approvalID, "--team", "qa-team", "--decision", "approve", "--db", db])
    #expect(refused.status == 1)
    #expect(refused.standardError.contains("must be decided by executive-team (role cfo)"))
    #expect(refused.standardError.contains("[not_approver]"))
    let decided = try choreo(
        [
            "decide", approvalID, "--team", "executive-team", "--role", "cfo", "--decision",
            "approve",
            "--comment", "within budget",
        ], db: db)
    #expect(decided == "\(approvalID) completed; \(id) running\n")

    try work("engineering-team", output: #"{"result": "PASS"}"#, db: db)
    try work("marketing-team", output: #"{"result": "PASS"}"#, db: db)
    try work("sales-team", output: #"{"result": "PARTIAL"}"#, db: db, outcome: "partial")
    try work("qa-team", output: #"{"recommendation": "proceed", "risks": []}"#, db: db)
    try work("devops-automation-team", output: #"{"plan": "revert"}"#, db: db)
    for team in [
        "engineering-team", "qa-team", "operations-team", "sales-team", "support-team",
        "marketing-team", "operations-team", "analytics-team",
    ] {
        try work(team, output: #"{"report": "done", "updated": true}"#, db: db)
    }
    let live = try LiveEngine(database: db)
    let status = try await live.status(instance: id)
    #expect(status["status"] == "completed")
    #expect(status["steps"] != .null)
    let history = try await live.history(instance: id)
    guard case .list(let events) = history["events"] else {
        Issue.record("no events")
        return
    }
    let started = events.first { $0["event"] == "workflow_started" }
    #expect(started != nil)
    let report = events.last { $0["event"] == "step_completed" && $0["step"] == "final_report" }
    #expect(report?["outputs"]["report"] == "done")
}

@Test(.enabled(if: choreoIsBuilt), .timeLimit(.minutes(2)))
func shellCommandsRefuseBadInputWithAClearErrorAndNoCrash() throws {
    let db = temporaryDatabase()
    let workflows = repositoryRoot + "/Scenarios/workflows"
    let wrongType = try runChoreo(
        [
            "start", "ai-model-update", "--workflows", workflows, "--db", db,
            "--inputs", seedInputs.json, "--input", "model_info.provider=42",
        ])
    #expect(wrongType.status == 1)
    #expect(wrongType.standardError.contains("'model_info.provider' must be string, found integer"))
    let badJSON = try runChoreo(
        ["start", "ai-model-update", "--workflows", workflows, "--db", db, "--inputs", "{oops"])
    #expect(badJSON.status == 2)
    #expect(badJSON.standardError.contains("--inputs is not valid JSON"))
    let badOutput = try runChoreo(["complete", "task-1", "--output", "[1, 2]", "--db", db])
    #expect(badOutput.status == 2)
    #expect(badOutput.standardError.contains("--output must be a JSON object"))
    let unknownTask = try runChoreo(["claim", "task-7", "--team", "qa-team", "--db", db])
    #expect(unknownTask.status == 1)
    #expect(unknownTask.standardError.contains("no task task-7 [unknown_task]"))
    let badLease = try runChoreo(["tasks", "qa-team", "--db", db, "--lease", "soon"])
    #expect(badLease.status == 2)
    #expect(badLease.standardError.contains("--lease needs a duration"))

    let directory = try temporaryDirectory()
    try "name: broken\nsteps:\n  - id: a\n    team: [x\n".write(
        toFile: directory + "/broken.yaml", atomically: true, encoding: .utf8)
    let broken = try runChoreo(["start", "broken", "--workflows", directory, "--db", db])
    #expect(broken.status == 2)
    #expect(broken.standardError.contains(directory + "/broken.yaml:"))
    #expect(broken.standardError.contains(": error: "))
    let served = try runChoreo(["serve", "--workflows", directory, "--db", db])
    #expect(served.status == 2)

    let notADatabase = directory + "/notes.db"
    try "just some notes".write(toFile: notADatabase, atomically: true, encoding: .utf8)
    let wrongFile = try runChoreo(["tasks", "qa-team", "--db", notADatabase])
    #expect(wrongFile.status == 1)
    #expect(wrongFile.standardError.contains("is not a Choreo database"))
}
