import ChoreoEngine
import Testing

@Test func costUnderTheThresholdSkipsTheApproval() throws {
    let harness = try Harness.seed()
    let instance = try playAssessment(harness, costDelta: 300)
    #expect(harness.status(instance, "cost_approval") == .skipped)
    #expect(harness.status(instance, "check_cost_increase") == .completed)
    #expect(harness.engine.tasks(team: "executive-team").isEmpty)
    #expect(harness.engine.tasks(team: "sales-team").count == 1)
    let condition = instance.history.first { $0.name == "condition_evaluated" }
    if case .conditionEvaluated(_, let result, let explanation) = condition?.kind {
        #expect(result == false)
        #expect(explanation == "300 > 500")
    } else {
        Issue.record("no condition event")
    }
}

@Test func rejectedApprovalEndsTheWorkflowRejected() throws {
    let harness = try Harness.seed()
    let instance = try playAssessment(harness)
    try harness.decide("executive-team", role: "cfo", .reject)
    #expect(instance.status == .rejected)
    #expect(harness.status(instance, "cost_approval") == .rejected)
    #expect(harness.status(instance, "test_teams") == .skipped)
    #expect(harness.status(instance, "final_report") == .skipped)
    #expect(harness.engine.tasks(team: "sales-team").isEmpty)
}

@Test func approvalTimeoutRejectsAfterTwentyFourHours() throws {
    let harness = try Harness.seed()
    let instance = try playAssessment(harness)
    harness.advance(by: 23 * hour + 59 * minute)
    #expect(instance.status == .running)
    harness.advance(by: 1 * minute)
    #expect(instance.status == .rejected)
    #expect(harness.status(instance, "cost_approval") == .timedOut)
    #expect(harness.engine.tasks(team: "executive-team").isEmpty)
    #expect(instance.history.contains { $0.name == "approval_timed_out" })
}

@Test func abortRecommendationDocumentsTheRejectionAndStillReports() throws {
    let harness = try Harness.seed()
    let instance = try playAssessment(harness)
    try harness.decide("executive-team", role: "cfo", .approve)
    try playTests(harness)
    try playAnalysis(harness, recommendation: "abort")
    let documentation = try harness.work("engineering-team", output: ["document": "why"])
    #expect(documentation.stepID == "document_rejection")
    #expect(documentation.inputs["test_results"]["recommendation"] == "abort")
    try harness.work("analytics-team", output: ["report": "not deployed"])
    #expect(instance.status == .completed)
    #expect(harness.status(instance, "create_rollback_plan") == .skipped)
    #expect(harness.status(instance, "monitor_stage2") == .skipped)
    #expect(instance.outputs["rollback_plan"] == .null)
}

@Test func oneFailedTestInsidePartialSuccessCarriesOn() throws {
    let harness = try Harness.seed()
    let instance = try playAssessment(harness)
    try harness.decide("executive-team", role: "cfo", .approve)
    try harness.work("engineering-team", step: "test_engineering", output: ["result": "PASS"])
    try harness.failTask("sales-team", errorType: "test_failure", message: "2 scenarios failed")
    try harness.work("marketing-team", output: ["result": "PASS"])
    #expect(harness.status(instance, "test_sales") == .failed)
    #expect(harness.status(instance, "test_teams") == .partial)
    #expect(instance.status == .running)
    let analysis = try harness.openTask("qa-team")
    #expect(analysis.inputs["test_results"]["sales"] == .null)
    #expect(analysis.inputs["test_results"]["engineering"]["result"] == "PASS")
    #expect(!instance.history.contains { $0.name == "handler_started" })
}

@Test func allThreeTestsFailingRunsTheRollbackHandler() throws {
    let harness = try Harness.seed()
    let instance = try playAssessment(harness)
    try harness.decide("executive-team", role: "cfo", .approve)
    try harness.failTask("engineering-team", step: "test_engineering", errorType: "test_failure")
    try harness.failTask("sales-team", errorType: "test_failure")
    try harness.failTask("marketing-team", errorType: "test_failure")
    #expect(harness.status(instance, "test_teams") == .failed)
    let rollback = try harness.work("devops-automation-team", output: ["rolled_back": true])
    #expect(rollback.stepID == "emergency_rollback")
    #expect(rollback.inputs["plan"] == .null)
    #expect(instance.status == .rolledBack)
    #expect(harness.status(instance, "analyze_results") == .skipped)
}

@Test func failedStageTwoMonitoringRollsBackWithThePreparedPlan() throws {
    let harness = try Harness.seed()
    let instance = try playAssessment(harness)
    try harness.decide("executive-team", role: "cfo", .approve)
    try playTests(harness)
    try playAnalysis(harness)
    try harness.work("devops-automation-team", output: ["plan": "revert to gpt-4"])
    try harness.work("engineering-team", output: [:])
    try harness.work("qa-team", output: [:])
    try harness.work("operations-team", after: 2 * hour, output: [:])
    for team in ["sales-team", "support-team", "marketing-team"] {
        try harness.work(team, output: [:])
    }
    try harness.failTask(
        "operations-team", after: 3 * hour, errorType: "test_failure",
        message: "error rate 4%")
    #expect(harness.status(instance, "monitor_stage2") == .failed)
    #expect(harness.status(instance, "staged_rollout") == .failed)
    let rollback = try harness.work("devops-automation-team", output: ["rolled_back": true])
    #expect(rollback.stepID == "emergency_rollback")
    #expect(rollback.inputs["plan"] == "revert to gpt-4")
    #expect(instance.status == .rolledBack)
    #expect(harness.status(instance, "emergency_rollback") == .completed)
    #expect(harness.status(instance, "final_report") == .skipped)
    #expect(harness.trail(instance).contains("handler_started monitor_stage2"))
}

/// Lets engineering's assessment time out twice (2h each), which escalates.
func timeOutAssessmentTwice(_ harness: Harness) throws -> InstanceState {
    let instance = try harness.start()
    harness.advance(by: 2 * hour)
    #expect(harness.status(instance, "initial_assessment") == .offered)
    #expect(instance.node("initial_assessment")?.attempts == 2)
    let second = try harness.openTask("engineering-team")
    #expect(second.attempt == 2)
    harness.advance(by: 2 * hour)
    let escalation = try harness.openTask("operations-team")
    #expect(escalation.kind == .escalation)
    #expect(escalation.inputs["error_type"] == "team_timeout")
    #expect(harness.engine.tasks(team: "engineering-team").isEmpty)
    return instance
}

@Test func escalationRetryOffersOneMoreAttempt() throws {
    let harness = try Harness.seed()
    let instance = try timeOutAssessmentTwice(harness)
    try harness.decide("operations-team", .retry)
    let third = try harness.openTask("engineering-team")
    #expect(third.attempt == 3)
    harness.advance(by: 2 * hour)
    // A further failure after an escalated retry goes straight back to the escalation team.
    #expect(try harness.openTask("operations-team").kind == .escalation)
    try harness.decide("operations-team", .retry)
    try harness.work("engineering-team", output: ["compatibility_report": "ok", "cost_delta": 10])
    #expect(harness.status(instance, "initial_assessment") == .completed)
    #expect(instance.status == .running)
}

@Test func escalationSkipLetsTheWorkflowGoOn() throws {
    let harness = try Harness.seed()
    let instance = try timeOutAssessmentTwice(harness)
    try harness.decide("operations-team", .skip)
    #expect(harness.status(instance, "initial_assessment") == .skipped)
    #expect(harness.status(instance, "cost_approval") == .skipped)
    #expect(harness.engine.tasks(team: "sales-team").count == 1)
}

@Test func escalationAbortFailsTheWorkflow() throws {
    let harness = try Harness.seed()
    let instance = try timeOutAssessmentTwice(harness)
    try harness.decide("operations-team", .abort)
    #expect(instance.status == .failed)
    #expect(harness.status(instance, "initial_assessment") == .timedOut)
    #expect(harness.status(instance, "final_report") == .skipped)
}

@Test func criticalErrorNotifiesOperationsAndExecutivesThenFails() throws {
    let harness = try Harness.seed()
    let instance = try harness.start()
    try harness.failTask("engineering-team", errorType: "critical_error", message: "API down")
    #expect(harness.notifications.count == 1)
    #expect(harness.notifications.first?.recipients == ["operations-team", "executive-team"])
    #expect(harness.notifications.first?.message.contains("API down") == true)
    #expect(instance.status == .failed)
    #expect(harness.status(instance, "initial_assessment") == .failed)
}

@Test func workflowTimeoutEndsTimedOutAndWithdrawsOpenTasks() throws {
    let harness = try Harness.seed()
    let instance = try playAssessment(harness)
    try harness.decide("executive-team", role: "cfo", .approve)
    harness.advance(by: 72 * hour)
    #expect(instance.status == .timedOut)
    #expect(harness.status(instance, "test_sales") == .cancelled)
    #expect(harness.status(instance, "analyze_results") == .skipped)
    #expect(harness.engine.tasks(team: "sales-team").isEmpty)
    #expect(harness.withdrawn.count == 3)
}

/// Instance ids number a day's instances with at least three digits, and go on past 999.
@Test func instanceIDsArePaddedToThreeDigitsAndGrowPastThem() throws {
    let harness = try Harness.seed()
    var ids: [String] = []
    for _ in 0..<1_001 { ids.append(try harness.start().id) }
    let prefix = "wf-2025-01-22-ai-model-update-"
    #expect(ids[0] == prefix + "001")
    #expect(ids[41] == prefix + "042")
    #expect(ids[998] == prefix + "999")
    #expect(ids[999] == prefix + "1000")
    #expect(ids[1_000] == prefix + "1001")
    #expect(Set(ids).count == ids.count)
}

/// A day's instance numbers go on where they left off when starts alternate between
/// workflows, and follow a count the store was given from outside (restored or merged).
@Test func dayNumbersFollowAlternatingWorkflowsAndCountsSetFromOutside() throws {
    let harness = try Harness.seed()
    var other = try WorkflowLoader.load(path: seedWorkflowPath)
    other.name = "other-update"
    harness.engine.register(other)
    let seed = "wf-2025-01-22-ai-model-update-"
    let otherPrefix = "wf-2025-01-22-other-update-"
    #expect(try harness.start(workflow: "ai-model-update").id == seed + "001")
    #expect(try harness.start(workflow: "other-update").id == otherPrefix + "001")
    #expect(try harness.start(workflow: "ai-model-update").id == seed + "002")
    #expect(try harness.start(workflow: "ai-model-update").id == seed + "003")
    harness.store.counters.instancesPerDay["2025-01-22-ai-model-update"] = 41
    #expect(try harness.start(workflow: "ai-model-update").id == seed + "042")
    let saved = harness.store.counters
    #expect(try harness.start(workflow: "ai-model-update").id == seed + "043")
    #expect(saved.instancesPerDay["2025-01-22-ai-model-update"] == 42)
    harness.store.counters = saved
    #expect(harness.store.counters == saved)
    #expect(try harness.start(workflow: "ai-model-update").id == seed + "043")
    #expect(try harness.start(workflow: "other-update").id == otherPrefix + "002")
    #expect(
        harness.store.counters.instancesPerDay == [
            "2025-01-22-ai-model-update": 43, "2025-01-22-other-update": 2,
        ])
}
