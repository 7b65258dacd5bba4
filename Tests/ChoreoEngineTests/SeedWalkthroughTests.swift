import ChoreoEngine
import Testing

let minute = Durations.minute
let hour = Durations.hour

/// Plays the seed's walkthrough up to the approval (assessment done, condition evaluated).
func playAssessment(_ harness: Harness, costDelta: Double = 650) throws -> InstanceState {
    let instance = try harness.start()
    let task = try harness.openTask("engineering-team")
    harness.advance(by: 15 * minute + 32 * Durations.second)
    try harness.engine.claim(task: task.number, team: "engineering-team", agent: "eng-1")
    harness.drain()
    harness.advance(by: 29 * minute + 40 * Durations.second)
    try harness.engine.complete(
        task: task.number,
        output: [
            "compatibility_report": "Compatible with minor config changes",
            "cost_delta": .number(costDelta),
        ])
    harness.drain()
    return instance
}

/// Plays the three parallel tests: engineering passes, sales partial, marketing passes.
func playTests(_ harness: Harness, salesOutcome: Outcome = .partial) throws {
    let engineering = try harness.openTask("engineering-team", step: "test_engineering")
    let marketing = try harness.openTask("marketing-team", step: "test_marketing")
    let sales = try harness.openTask("sales-team", step: "test_sales")
    for (task, team) in [
        (engineering, "engineering-team"), (marketing, "marketing-team"),
        (sales, "sales-team"),
    ] {
        try harness.engine.claim(task: task.number, team: team, agent: "\(team)-1")
    }
    harness.drain()
    harness.advance(by: 29 * minute + 37 * Durations.second)
    try harness.engine.complete(
        task: engineering.number, output: ["result": "PASS", "performance": "+15%"])
    harness.advance(by: 5 * minute)
    try harness.engine.complete(
        task: sales.number, output: ["result": "PARTIAL", "failed_scenarios": 2],
        outcome: salesOutcome)
    harness.advance(by: 5 * minute)
    try harness.engine.complete(task: marketing.number, output: ["result": "PASS", "quality": 9.2])
    harness.drain()
}

/// Plays analysis with `recommendation`.
func playAnalysis(_ harness: Harness, recommendation: String = "proceed") throws {
    try harness.work(
        "qa-team", after: 15 * minute,
        output: [
            "recommendation": .string(recommendation),
            "risks": ["Sales team needs retraining on 2 scenarios"],
        ])
}

/// Plays the rollout from the rollback plan to the end of the monitoring.
func playRollout(_ harness: Harness) throws {
    try harness.work(
        "devops-automation-team", after: 5 * minute, output: ["plan": "revert to gpt-4"])
    try harness.work("engineering-team", after: 10 * Durations.second, output: ["updated": true])
    try harness.work("qa-team", after: 10 * Durations.second, output: ["updated": true])
    try harness.work("operations-team", after: 2 * hour, output: ["errors": 0])
    for team in ["sales-team", "support-team", "marketing-team"] {
        try harness.work(team, after: 10 * Durations.second, output: ["updated": true])
    }
    try harness.work("operations-team", after: 4 * hour, output: ["metrics": "normal"])
}

@Test func seedWorkflowRunsTheWalkthroughInTheLogsOrder() throws {
    let harness = try Harness.seed()
    let instance = try playAssessment(harness)
    #expect(instance.id == "wf-2025-01-22-ai-model-update-001")
    #expect(harness.status(instance, "cost_approval") == .offered)
    let approval = try harness.openTask("executive-team")
    #expect(approval.kind == .approval)
    #expect(approval.role == "cfo")
    #expect(approval.inputs["message"].stringValue?.contains("monthly costs by $650.") == true)
    #expect(approval.inputs["message"].stringValue?.contains("Current model: gpt-4\n") == true)
    harness.advance(by: 45 * minute + 10 * Durations.second)
    try harness.decide("executive-team", role: "cfo", .approve)
    try playTests(harness)
    try playAnalysis(harness)
    try playRollout(harness)
    let report = try harness.work(
        "analytics-team", after: 14 * minute, output: ["report": "Deployed gpt-4-turbo"])
    #expect(report.inputs["final_status"] == "running")
    #expect(report.inputs["model_info"]["model"] == "gpt-4-turbo")
    #expect(report.inputs["workflow_history"].listCount > 20)

    #expect(instance.status == .completed)
    #expect(harness.finished.map(\.status) == [.completed])
    #expect(instance.outputs["deployment_report"] == "Deployed gpt-4-turbo")
    #expect(instance.outputs["rollback_plan"] == "revert to gpt-4")
    let trail = harness.trail(instance)
    let expected = [
        "workflow_started", "task_offered initial_assessment", "task_claimed initial_assessment",
        "step_completed initial_assessment", "condition_evaluated check_cost_increase",
        "approval_waiting cost_approval", "approval_decided cost_approval",
        "step_finished check_cost_increase", "step_started test_teams",
        "task_offered test_engineering", "task_offered test_marketing", "task_offered test_sales",
        "step_completed test_engineering", "step_completed test_sales",
        "step_completed test_marketing", "step_finished test_teams",
        "task_offered analyze_results", "step_completed analyze_results",
        "condition_evaluated deployment_decision", "task_offered create_rollback_plan",
        "step_completed create_rollback_plan", "step_started staged_rollout",
        "step_started update_dev_teams", "step_completed update_dev_teams.engineering-team",
        "step_completed update_dev_teams.qa-team", "step_finished update_dev_teams",
        "task_offered monitor_stage1", "step_completed monitor_stage1",
        "step_started update_production_teams", "step_finished update_production_teams",
        "task_offered monitor_stage2", "step_completed monitor_stage2",
        "step_finished staged_rollout", "step_finished deployment_decision",
        "task_offered final_report", "step_completed final_report", "workflow_finished",
    ]
    #expect(isSubsequence(expected, of: trail), "\(trail)")
    let condition = instance.history.first { $0.name == "condition_evaluated" }
    #expect(
        condition?.kind
            == .conditionEvaluated(
                step: instance.program.definition.index(ofStep: "check_cost_increase")!,
                result: true,
                explanation: "650 > 500"))
    // The seed's log ends at 18:45:01; the scripted agents above take the same times.
    let ended = try #require(instance.endedAt)
    #expect(abs(ended - (seedStart + 8 * hour + 45 * minute)) < minute)
}

@Test func seedWalkthroughLeavesEveryStepWithAFinalStatus() throws {
    let harness = try Harness.seed()
    _ = try playAssessment(harness)
    try harness.decide("executive-team", role: "cfo", .approve)
    try playTests(harness)
    try playAnalysis(harness)
    try playRollout(harness)
    try harness.work("analytics-team", output: ["report": "done"])
    let instance = try #require(harness.store.allInstances.first)
    var statuses: [String: StepStatus] = [:]
    for step in instance.program.definition.steps {
        statuses[step.id] = instance.nodes[step.index].status
    }
    #expect(statuses.values.allSatisfy { $0.isFinal })
    #expect(statuses["test_sales"] == .partial)
    #expect(statuses["test_teams"] == .completed)
    #expect(statuses["document_rejection"] == .skipped)
    #expect(statuses["emergency_rollback"] == .skipped)
    #expect(statuses["initial_assessment"] == .completed)
}

@Test func stepOutputsCarryEveryFieldAndBothNamesOfEachDeclaredPair() throws {
    let harness = try Harness.seed()
    let instance = try playAssessment(harness)
    let outputs = try #require(instance.node("initial_assessment")?.outputs)
    #expect(outputs["cost_delta"] == 650)
    #expect(outputs["estimated_cost_increase"] == 650)
    #expect(outputs["compatibility_report"] == "Compatible with minor config changes")
    #expect(outputs["report"] == "Compatible with minor config changes")
}

func isSubsequence(_ needle: [String], of haystack: [String]) -> Bool {
    var position = haystack.startIndex
    for item in needle {
        guard let found = haystack[position...].firstIndex(of: item) else { return false }
        position = found + 1
    }
    return true
}

extension Value {
    var listCount: Int {
        if case .list(let items) = self { return items.count }
        return 0
    }
}
