import ChoreoEngine
import ChoreoServer
import Testing

@Test func aFailedTaskGoesToTheWorkflowsErrorHandlers() async throws {
    let mcp = try await MCPHarness.seed()
    let instance = try await mcp.startSeed()
    let task = try await mcp.openTask("engineering-team")
    let unclaimed = try await mcp.call(
        "fail_task",
        ["task_id": task["id"], "error_type": "critical_error", "message": "model unavailable"])
    #expect(unclaimed.isError)
    #expect(unclaimed.code == "not_claimed")
    try await mcp.success("claim_task", ["task_id": task["id"], "team": "engineering-team"])
    let failed = try await mcp.success(
        "fail_task",
        ["task_id": task["id"], "error_type": "critical_error", "message": "model unavailable"])
    #expect(failed["status"] == "failed")
    // critical_error notifies operations and executives, then fails the workflow.
    #expect(failed["instance_status"] == "failed")
    let history = try await mcp.success("get_history", ["instance_id": .string(instance)])
    guard case .list(let events) = history["events"] else {
        Issue.record("no events: \(history)")
        return
    }
    let notification = try #require(events.first { $0["event"] == "notification_sent" })
    #expect(notification["recipients"] == ["operations-team", "executive-team"])
    #expect(notification["message"].stringValue?.contains("model unavailable") == true)
    let status = try await mcp.success("get_workflow_status", ["instance_id": .string(instance)])
    #expect(status["error"]["error_type"] == "critical_error")
}
