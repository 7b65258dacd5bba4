import ChoreoReports
import Testing

/// The seed walkthrough drawn at 6h30m, when stage 2 monitoring is under way.
func walkthroughDashboard() throws -> String {
    let scenario = try shippedScenario("seed-walkthrough")
    let moment = scenario.start + 6 * Durations.hour + 30 * Durations.minute
    let simulation = Simulation(scenario: scenario)
    try simulation.run(until: moment)
    let instance = try #require(simulation.store.allInstances.first)
    return try StatusReport.make(
        instanceID: instance.id, in: simulation.store, knownIDs: { [] }, scenario: scenario,
        runs: 5, seed: nil, now: moment
    ).text
}

@Test func theDashboardDrawsTheSeedsMonitoringView() throws {
    let view = try walkthroughDashboard()
    for line in [
        "AI Model Update Workflow", "Instance: wf-2025-01-22-ai-model-update-001",
        "Status: RUNNING", "Started: 6h30m ago", "✓ initial_assessment", "✓ cost_approval",
        "CFO", "✓ test_teams", "├─ ✓ test_engineering", "└─ ⚠ test_sales",
        "▶ staged_rollout", "[sequence]", "├─ ✓ update_dev_teams", "[complete]",
        "└─ ▶ monitor_stage2", "operations-team (2h1m left)", "⏸ final_report", "(waiting)",
        "Alerts: None",
        // Stage 2 monitoring ends 4h after 14:31, then the 14-minute report.
        "Est. Completion: in 2h15m, 18:45 UTC (median)", "p90 in 2h15m",
        "simulated: 5 continuations of seed-walkthrough (seed 42)",
    ] {
        #expect(view.contains(line), "missing: \(line)")
    }
    #expect(!view.contains("document_rejection"))
    #expect(!view.contains("check_cost_increase"))
}

@Test func theDashboardBoxIsClosedOnEveryLine() throws {
    let lines = try walkthroughDashboard().split(separator: "\n")
    let widths = Set(lines.map(\.count))
    #expect(widths.count == 1)
    #expect(lines.first?.hasPrefix("┌") == true)
    #expect(lines.last?.hasPrefix("└") == true)
}

@Test func stoppingARunAndCarryingOnChangesNothing() throws {
    let scenario = try shippedScenario("typical-week")
    let straight = Simulation(scenario: scenario)
    try straight.run()
    let paused = Simulation(scenario: scenario)
    try paused.run(until: scenario.start + 5 * Durations.hour)
    #expect(paused.clock.now == scenario.start + 5 * Durations.hour)
    try paused.run()
    #expect(paused.store.allInstances.map(\.history) == straight.store.allInstances.map(\.history))
}

@Test func continuationsOfOneMomentShareThePastAndDifferInTheFuture() throws {
    let scenario = try shippedScenario("typical-week")
    let moment = scenario.start + 2 * Durations.hour
    let simulation = Simulation(scenario: scenario)
    try simulation.run(until: moment)
    let instance = try #require(simulation.store.allInstances.first)
    let handover = try #require(simulation.store.handover(ofInstance: instance.id))
    let remaining = try RemainingTime.estimate(
        handover, scenario: scenario, now: moment, runs: 20, seed: scenario.seed)
    #expect(remaining.samples.count == 20)
    #expect(Set(remaining.samples).count > 1)
    #expect(remaining.samples.allSatisfy { $0 > 0 })
    #expect(instance.endedAt == nil, "continuations leave the state they start from alone")
}

/// The dashboard walked only the workflow's steps: an instance rolling back showed no step
/// under way, and the compensation's time left was estimated but never drawn.
@Test func aCompensationUnderWayShowsOnTheDashboard() throws {
    let scenario = try shippedScenario("rehearsals/stage2-monitoring-fails-rollback-with-plan")
    let finished = Simulation(scenario: scenario)
    try finished.run()
    let ended = try #require(finished.store.allInstances.first)
    let rollback = try #require(
        ended.program.definition.steps.firstIndex { $0.id == "emergency_rollback" })
    let node = ended.nodes[rollback]
    #expect(node.status == .completed)
    let moment = (node.startedAt + node.endedAt) / 2
    let simulation = Simulation(scenario: scenario)
    try simulation.run(until: moment)
    let instance = try #require(simulation.store.allInstances.first)
    #expect(instance.currentStep == "emergency_rollback")
    let view = try StatusReport.make(
        instanceID: instance.id, in: simulation.store, knownIDs: { [] }, scenario: scenario,
        runs: 5, seed: nil, now: moment
    ).text
    let line = try #require(view.split(separator: "\n").first { $0.contains("emergency_rollback") })
    #expect(line.contains("▶ emergency_rollback"), "\(view)")
    #expect(line.contains("devops-automation-team ("), "\(view)")
    #expect(line.contains(" left)"), "\(view)")
    #expect(Set(view.split(separator: "\n").map(\.count)).count == 1)
}
