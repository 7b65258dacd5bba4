import ChoreoEngine
import ChoreoServer
import Testing

private func events(_ mcp: MCPHarness, _ instance: String) async throws -> [String] {
    let history = try await mcp.success("get_history", ["instance_id": .string(instance)])
    guard case .list(let events) = history["events"] else { return [] }
    return events.compactMap { $0["event"].stringValue }
}

@Test func anUnansweredApprovalRejectsTheWorkflowAfterADay() async throws {
    let mcp = try await MCPHarness.seed()
    let instance = try await playAssessment(mcp)
    mcp.clock.advance(by: 24 * hour - minute)
    var status = try await mcp.success("get_workflow_status", ["instance_id": .string(instance)])
    #expect(status["status"] == "running")
    mcp.clock.advance(by: minute)
    status = try await mcp.success("get_workflow_status", ["instance_id": .string(instance)])
    #expect(status["status"] == "rejected")
    #expect(try await events(mcp, instance).contains("approval_timed_out"))
    #expect(try await mcp.success("get_team_tasks", ["team": "executive-team"])["tasks"] == [])
}

@Test func aTaskPastItsTimeoutIsRetriedThenEscalated() async throws {
    let mcp = try await MCPHarness.seed()
    let instance = try await mcp.startSeed()
    mcp.clock.advance(by: 2 * hour)
    let retry = try await mcp.openTask("engineering-team")
    #expect(retry["id"] == "task-2")
    #expect(retry["attempt"] == 2)
    mcp.clock.advance(by: 2 * hour)
    #expect(try await mcp.success("get_team_tasks", ["team": "engineering-team"])["tasks"] == [])
    let escalation = try await mcp.openTask("operations-team")
    #expect(escalation["kind"] == "escalation")
    #expect(escalation["step_id"] == "initial_assessment")
    let decided = try await mcp.success(
        "decide", ["task_id": escalation["id"], "team": "operations-team", "decision": "abort"])
    #expect(decided["instance_status"] == "failed")
    #expect(try await events(mcp, instance).filter { $0 == "step_failed" }.count == 2)
}

@Test func theWorkflowTimeoutEndsTheInstanceAndWithdrawsItsTasks() async throws {
    let mcp = try await MCPHarness.seed()
    let instance = try await playAssessment(mcp)
    let approval = try await mcp.openTask("executive-team")
    try await mcp.success(
        "decide",
        ["task_id": approval["id"], "team": "executive-team", "role": "cfo", "decision": "approve"])
    // Past the workflow's 72h, with every test task claimed but never done.
    for team in ["engineering-team", "marketing-team", "sales-team"] {
        let task = try await mcp.openTask(team)
        try await mcp.success("claim_task", ["task_id": task["id"], "team": .string(team)])
    }
    mcp.clock.advance(by: 72 * hour)
    let status = try await mcp.success("get_workflow_status", ["instance_id": .string(instance)])
    #expect(status["status"] == "timed_out")
    for team in ["engineering-team", "marketing-team", "sales-team"] {
        #expect(try await mcp.success("get_team_tasks", ["team": .string(team)])["tasks"] == [])
    }
}

@Test func overdueTimersFireAtOnceWhenTheEngineOpensAgain() async throws {
    let path = temporaryDatabase()
    let clock = TestClock()
    do {
        let live = try seedEngine(path: path, clock: clock)
        _ = try await live.start(workflow: "ai-model-update", inputs: seedInputs)
        #expect(await live.nextDueTime() == seedStart + 2 * hour)
    }
    // Down for three hours: the assessment's 2h timeout came due meanwhile.
    clock.advance(by: 3 * hour)
    let reopened = try seedEngine(path: path, clock: clock)
    let caughtUp = await reopened.catchUp()
    #expect(caughtUp.timersFired == 1)
    let tasks = await reopened.tasks(team: "engineering-team")
    #expect(tasks.map(\.attempt) == [2])
    #expect(await reopened.nextDueTime() == seedStart + 5 * hour)
}

@Test func theTimerServiceFiresDueTimersWithoutACommand() async throws {
    let path = temporaryDatabase()
    let clock = TestClock()
    let live = try seedEngine(path: path, clock: clock)
    _ = try await live.start(workflow: "ai-model-update", inputs: seedInputs)
    let service = Task {
        await TimerService(engine: live, pollInterval: .milliseconds(5)).run()
    }
    defer { service.cancel() }
    clock.advance(by: 2 * hour)
    // The retry's timeout is next once the first one has fired.
    #expect(try await waitForNextDueTime(of: live, toBe: seedStart + 4 * hour))
}
