import ChoreoEngine
import ChoreoServer
import Testing

/// Everything a client can see of the instance and the teams it touches.
private func observable(_ mcp: MCPHarness, _ instance: String) async throws -> [Value] {
    var seen = [
        try await mcp.success("get_workflow_status", ["instance_id": .string(instance)]),
        try await mcp.success("get_history", ["instance_id": .string(instance)]),
    ]
    for team in ["engineering-team", "executive-team", "sales-team"] {
        seen.append(try await mcp.success("get_team_tasks", ["team": .string(team)]))
    }
    return seen
}

/// Calls `tool`, which must be refused with `code` and leave everything as it was.
private func expectRefusal(
    _ mcp: MCPHarness, _ instance: String, _ tool: String, _ arguments: Value, code: String,
    mentioning words: [String] = []
) async throws {
    let before = try await observable(mcp, instance)
    let answer = try await mcp.call(tool, arguments)
    #expect(answer.isError, "\(tool) \(arguments) was not refused: \(answer.text)")
    #expect(answer.code == code, "\(answer.text)")
    for word in words { #expect(answer.text.contains(word), "\(answer.text) lacks '\(word)'") }
    #expect(try await observable(mcp, instance) == before, "\(tool) changed something")
}

@Test func anotherTeamsTaskCannotBeClaimed() async throws {
    let mcp = try await MCPHarness.seed()
    let instance = try await mcp.startSeed()
    let task = try await mcp.openTask("engineering-team")
    try await expectRefusal(
        mcp, instance, "claim_task", ["task_id": task["id"], "team": "sales-team"],
        code: "wrong_team", mentioning: ["engineering-team", "sales-team"])
}

@Test func aClaimedTaskCannotBeClaimedAgain() async throws {
    let mcp = try await MCPHarness.seed()
    let instance = try await mcp.startSeed()
    let task = try await mcp.openTask("engineering-team")
    try await mcp.success(
        "claim_task", ["task_id": task["id"], "team": "engineering-team", "agent": "eng-1"])
    try await expectRefusal(
        mcp, instance, "claim_task",
        ["task_id": task["id"], "team": "engineering-team", "agent": "eng-2"],
        code: "already_claimed", mentioning: ["eng-1"])
}

@Test func aCompletionWithoutADeclaredOutputIsRefused() async throws {
    let mcp = try await MCPHarness.seed()
    let instance = try await mcp.startSeed()
    let task = try await mcp.openTask("engineering-team")
    try await mcp.success("claim_task", ["task_id": task["id"], "team": "engineering-team"])
    try await expectRefusal(
        mcp, instance, "complete_task",
        ["task_id": task["id"], "output": ["compatibility_report": "fine"]],
        code: "missing_output", mentioning: ["estimated_cost_increase", "cost_delta"])
    try await expectRefusal(
        mcp, instance, "complete_task", ["task_id": task["id"], "output": "done"],
        code: "invalid_arguments", mentioning: ["'output'", "object"])
}

@Test func aStartWithAWrongInputTypeIsRefusedAndStartsNothing() async throws {
    let mcp = try await MCPHarness.seed()
    let wrong: Value = [
        "model_info": ["provider": 42, "model": "x", "reason": "y", "urgency": "z"]
    ]
    let answer = try await mcp.call(
        "start_workflow", ["workflow_name": "ai-model-update", "inputs": wrong])
    #expect(answer.isError)
    #expect(answer.code == "invalid_inputs")
    #expect(answer.text.contains("model_info.provider' must be string, found integer"))
    let missing = try await mcp.call("start_workflow", ["workflow_name": "ai-model-update"])
    #expect(missing.code == "invalid_inputs")
    #expect(missing.text.contains("input 'model_info' is missing"))
    let unknown = try await mcp.call(
        "start_workflow", ["workflow_name": "ai-model-upgrade", "inputs": seedInputs])
    #expect(unknown.code == "unknown_workflow")
    #expect(unknown.text.contains("known: ai-model-update"))
    // Nothing started: the first instance to start still gets number 001.
    #expect(try await mcp.startSeed() == "wf-2025-01-22-ai-model-update-001")
    #expect(try await mcp.openTask("engineering-team")["id"] == "task-1")
}

@Test func aDecisionByANonApproverIsRefused() async throws {
    let mcp = try await MCPHarness.seed()
    let instance = try await playAssessment(mcp)
    let approval = try await mcp.openTask("executive-team")
    try await expectRefusal(
        mcp, instance, "decide",
        ["task_id": approval["id"], "team": "engineering-team", "decision": "approve"],
        code: "not_approver", mentioning: ["executive-team (role cfo)"])
    try await expectRefusal(
        mcp, instance, "decide",
        [
            "task_id": approval["id"], "team": "executive-team", "role": "cto",
            "decision": "approve",
        ],
        code: "not_approver", mentioning: ["role cto"])
    try await expectRefusal(
        mcp, instance, "decide",
        ["task_id": approval["id"], "team": "executive-team", "role": "cfo", "decision": "skip"],
        code: "invalid_decision", mentioning: ["approve, reject"])
}

@Test func badArgumentsAreRefusedWithWhatIsWrong() async throws {
    let mcp = try await MCPHarness.seed()
    let instance = try await playAssessment(mcp)
    let cases: [(String, Value, String)] = [
        ("claim_task", ["team": "engineering-team"], "needs the argument 'task_id'"),
        ("claim_task", ["task_id": 3, "team": "qa-team"], "must be a string, found integer"),
        ("claim_task", ["task_id": "job-3", "team": "qa-team"], "'job-3' is not a task id"),
        ("get_team_tasks", ["team": "qa-team", "limit": 3], "takes no argument 'limit'"),
        (
            "decide", ["task_id": "task-2", "team": "executive-team", "decision": "maybe"],
            "must be one of approve, reject, retry, skip, abort"
        ),
        (
            "complete_task", ["task_id": "task-1", "output": [:], "outcome": "great"],
            "must be one of success, partial"
        ),
        ("fly_away", [:], "no tool 'fly_away'"),
    ]
    for (tool, arguments, words) in cases {
        try await expectRefusal(
            mcp, instance, tool, arguments, code: "invalid_arguments", mentioning: [words])
    }
    try await expectRefusal(
        mcp, instance, "complete_task", ["task_id": "task-99", "output": [:]],
        code: "unknown_task", mentioning: ["task-99"])
    let unknown = try await mcp.call("get_workflow_status", ["instance_id": "wf-nope"])
    #expect(unknown.isError)
    #expect(unknown.code == "unknown_instance")
}
