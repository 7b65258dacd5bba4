import ChoreoEngine
import ChoreoServer
import Testing

@Test func aClaimPastItsLeaseGoesBackToItsTeamsQueue() async throws {
    let mcp = try await MCPHarness.seed(lease: 10 * minute)
    let instance = try await mcp.startSeed()
    let task = try await mcp.openTask("engineering-team")
    let claim = try await mcp.success(
        "claim_task", ["task_id": task["id"], "team": "engineering-team", "agent": "eng-1"])
    #expect(
        claim["lease_expires_at"] == .string(CivilTime(timestamp: seedStart + 10 * minute).isoText))
    mcp.clock.advance(by: 10 * minute - Durations.second)
    #expect(try await mcp.openTask("engineering-team")["claimed_by"] == "eng-1")
    mcp.clock.advance(by: Durations.second)
    let released = try await mcp.openTask("engineering-team")
    #expect(released["id"] == task["id"])
    #expect(released["status"] == "pending")
    #expect(released["claimed_by"] == .null)
    let late = try await mcp.call(
        "complete_task",
        ["task_id": task["id"], "output": ["report": "late", "cost_delta": 650]])
    #expect(late.isError)
    #expect(late.code == "not_claimed")
    try await mcp.success(
        "claim_task", ["task_id": task["id"], "team": "engineering-team", "agent": "eng-2"])
    let history = try await mcp.success("get_history", ["instance_id": .string(instance)])
    guard case .list(let events) = history["events"] else {
        Issue.record("no events")
        return
    }
    #expect(
        events.compactMap { $0["event"].stringValue }.filter { $0 == "task_released" }.count == 1)
    #expect(events.last?["agent"] == "eng-2")
}

@Test func theTimerServiceEndsExpiredLeasesWithoutACommand() async throws {
    let clock = TestClock()
    let live = try seedEngine(clock: clock, lease: 5 * minute)
    _ = try await live.start(workflow: "ai-model-update", inputs: seedInputs)
    try await live.claim(task: "task-1", team: "engineering-team", agent: "eng-1")
    #expect(await live.nextDueTime() == seedStart + 5 * minute)
    let service = Task {
        await TimerService(engine: live, pollInterval: .milliseconds(5)).run()
    }
    defer { service.cancel() }
    clock.advance(by: 5 * minute)
    // Released, the task's own 2h timeout is what comes due next.
    #expect(try await waitForNextDueTime(of: live, toBe: seedStart + 2 * hour))
}

/// A late agent whose claim ran out and whose task another agent then claimed used to
/// complete it anyway, closing the other's work; naming itself, it is refused.
@Test func aLateAgentCannotCompleteATaskAnotherAgentClaimedSince() async throws {
    let mcp = try await MCPHarness.seed(lease: 10 * minute)
    _ = try await mcp.startSeed()
    let task = try await mcp.openTask("engineering-team")
    try await mcp.success(
        "claim_task", ["task_id": task["id"], "team": "engineering-team", "agent": "eng-1"])
    mcp.clock.advance(by: 10 * minute)
    try await mcp.success(
        "claim_task", ["task_id": task["id"], "team": "engineering-team", "agent": "eng-2"])
    let output: Value = ["report": "late", "cost_delta": 650]
    let late = try await mcp.call(
        "complete_task", ["task_id": task["id"], "output": output, "agent": "eng-1"])
    #expect(late.isError)
    #expect(late.code == "not_claimed")
    let failed = try await mcp.call(
        "fail_task",
        [
            "task_id": task["id"], "error_type": "test_failure", "message": "late",
            "agent": "eng-1",
        ])
    #expect(failed.code == "not_claimed")
    #expect(try await mcp.openTask("engineering-team")["claimed_by"] == "eng-2")
    let done = try await mcp.success(
        "complete_task", ["task_id": task["id"], "output": output, "agent": "eng-2"])
    #expect(done["status"] == "completed")
}
