import ChoreoEngine
import ChoreoServer
import Testing

/// Plays the seed walkthrough through the MCP tools, up to the approval.
func playAssessment(_ mcp: MCPHarness) async throws -> String {
    let instance = try await mcp.startSeed()
    mcp.clock.advance(by: 15 * minute)
    try await mcp.work(
        "engineering-team", after: 30 * minute,
        output: ["compatibility_report": "Compatible with minor config changes", "cost_delta": 650])
    return instance
}

/// Plays the rest of the walkthrough after the approval: tests (sales partial), analysis,
/// rollout, report.
func playAfterApproval(_ mcp: MCPHarness) async throws {
    try await mcp.work(
        "engineering-team", step: "test_engineering", after: 30 * minute,
        output: ["result": "PASS", "performance": "+15%"])
    try await mcp.work(
        "sales-team", after: 5 * minute, output: ["result": "PARTIAL", "failed_scenarios": 2],
        outcome: "partial")
    try await mcp.work(
        "marketing-team", after: 5 * minute, output: ["result": "PASS", "quality": 9.2])
    try await mcp.work(
        "qa-team", after: 15 * minute,
        output: [
            "recommendation": "proceed", "risks": ["Sales team needs retraining on 2 scenarios"],
        ])
    try await mcp.work("devops-automation-team", after: 5 * minute, output: ["plan": "revert"])
    try await mcp.work("engineering-team", output: ["updated": true])
    try await mcp.work("qa-team", output: ["updated": true])
    try await mcp.work("operations-team", after: 2 * hour, output: ["errors": 0])
    for team in ["sales-team", "support-team", "marketing-team"] {
        try await mcp.work(team, output: ["updated": true])
    }
    try await mcp.work("operations-team", after: 4 * hour, output: ["metrics": "normal"])
    try await mcp.work(
        "analytics-team", after: 14 * minute, output: ["report": "Deployed gpt-4-turbo"])
}

@Test func seedWorkflowRunsToCompletionThroughTheMCPTools() async throws {
    let mcp = try await MCPHarness.seed()
    let tools = try await mcp.client.listTools().tools.map(\.name)
    #expect(
        tools == [
            "list_workflows", "start_workflow", "get_team_tasks", "claim_task", "complete_task",
            "fail_task", "decide", "get_workflow_status", "get_history",
        ])
    let workflows = try await mcp.success("list_workflows")["workflows"]
    guard case .list(let listed) = workflows, let seed = listed.first else {
        Issue.record("no workflows listed: \(workflows)")
        return
    }
    #expect(listed.count == 1)
    #expect(seed["name"] == "ai-model-update")
    #expect(
        seed["inputs"]
            == [
                [
                    "name": "model_info", "type": "object", "required": true,
                    "schema": [
                        "provider": "string", "model": "string", "reason": "string",
                        "urgency": "string",
                    ],
                ]
            ])
    #expect(seed["timeout"] == .number(Durations.seconds(72 * hour)))

    let instance = try await playAssessment(mcp)
    #expect(instance == "wf-2025-01-22-ai-model-update-001")
    var status = try await mcp.success("get_workflow_status", ["instance_id": .string(instance)])
    #expect(status["status"] == "running")
    #expect(status["current_step"] == "cost_approval")

    let approval = try await mcp.openTask("executive-team")
    #expect(approval["kind"] == "approval")
    #expect(approval["role"] == "cfo")
    #expect(approval["input_data"]["message"].stringValue?.contains("$650.") == true)
    #expect(
        approval["deadline"]
            == .string(CivilTime(timestamp: seedStart + 24 * hour + 45 * minute).isoText))
    mcp.clock.advance(by: 45 * minute)
    let decided = try await mcp.success(
        "decide",
        [
            "task_id": approval["id"], "team": "executive-team", "role": "cfo",
            "decision": "approve", "comment": "within budget",
        ])
    #expect(decided["status"] == "completed")
    #expect(decided["instance_status"] == "running")

    try await playAfterApproval(mcp)
    status = try await mcp.success("get_workflow_status", ["instance_id": .string(instance)])
    #expect(status["status"] == "completed")
    #expect(status["current_step"] == .null)
    #expect(status["outputs"]["deployment_report"] == "Deployed gpt-4-turbo")
    #expect(status["outputs"]["rollback_plan"] == "revert")
    guard case .list(let steps) = status["steps"] else {
        Issue.record("no steps in \(status)")
        return
    }
    let statuses = Dictionary(
        uniqueKeysWithValues: steps.map { ($0["id"].stringValue ?? "", $0["status"]) })
    #expect(statuses["test_sales"] == "partial")
    #expect(statuses["cost_approval"] == "completed")
    #expect(statuses["document_rejection"] == "skipped")
    #expect(statuses.values.allSatisfy { $0 != "waiting" && $0 != "offered" })
    let dashboard = try #require(status["dashboard"].stringValue)
    #expect(dashboard.contains("Status: COMPLETED"))
    #expect(dashboard.contains("Instance: \(instance)"))

    let history = try await mcp.success("get_history", ["instance_id": .string(instance)])
    guard case .list(let events) = history["events"] else {
        Issue.record("no events in \(history)")
        return
    }
    #expect(events.first?["event"] == "workflow_started")
    #expect(events.last?["event"] == "workflow_finished")
    #expect(events.contains { $0["event"] == "approval_decided" && $0["role"] == "cfo" })
    #expect(events.filter { $0["event"] == "step_completed" }.count == 14)
}

@Test func dashboardSaysNoScenarioWasGivenWhileRunning() async throws {
    let mcp = try await MCPHarness.seed()
    let instance = try await playAssessment(mcp)
    let status = try await mcp.success("get_workflow_status", ["instance_id": .string(instance)])
    let dashboard = try #require(status["dashboard"].stringValue)
    #expect(dashboard.contains("Est. Completion: unknown: no scenario given"))
    #expect(dashboard.contains("Status: RUNNING"))
}

/// The seed's `get_team_tasks` returns each task's instance as `workflow_instance`; an agent
/// written against the seed reads it by that name.
@Test func teamTasksCarryTheInstanceUnderTheSeedsNameToo() async throws {
    let mcp = try await MCPHarness.seed()
    let instance = try await mcp.startSeed()
    let task = try await mcp.openTask("engineering-team")
    #expect(task["workflow_instance"] == .string(instance))
    #expect(task["instance_id"] == .string(instance))
    #expect(task["action"] == "assess_model_compatibility")
}
