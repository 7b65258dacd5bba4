import ChoreoSim
import Testing

/// A one-task workflow run `count` times, all arriving at once.
func oneTaskScenario(count: Int, agents: Int, duration: Distribution) throws -> Scenario {
    let workflow = try WorkflowLoader.load(
        yaml: """
            name: single
            steps:
              - { id: work, team: crew, action: build }
            """, file: "single.yaml")
    return Scenario(
        name: "queue", file: "queue.yaml", workflow: workflow, seed: 3,
        start: at(22, 0), arrivals: Arrivals(count: count),
        teams: [
            TeamBehavior(name: "crew", agents: agents, claimDelay: .constant(0), duration: duration)
        ])
}

@Test func agentsTakeTasksInOfferOrderAndNeverMoreThanTheirNumber() throws {
    let simulation = Simulation(
        scenario: try oneTaskScenario(count: 5, agents: 2, duration: .constant(3_600)))
    try simulation.run()
    let ends = simulation.outcomes.map { $0.ended - at(22, 0) }
    #expect(ends == [1, 1, 2, 2, 3].map { $0 * Durations.hour })
    let taken = simulation.timings.sorted { $0.task < $1.task }.map(\.taken)
    #expect(taken == taken.sorted())
    #expect(simulation.timings.map(\.agent).sorted() == [0, 0, 0, 1, 1])
}

/// Every monitoring task lasts what its own input says, though the two monitoring steps'
/// texts alternate from one offer to the next (the parsed text is kept between offers).
@Test func inputDurationsComeFromTheStepsResolvedInputs() throws {
    let scenario = try programmaticScenario(count: 4)
    let simulation = Simulation(scenario: scenario)
    try simulation.run()
    let program = try #require(simulation.store.allInstances.first).program
    for (step, hours) in [("monitor_stage1", 2), ("monitor_stage2", 4)] {
        let timings = simulation.timings.filter { program.name(of: $0.step) == step }
        #expect(timings.count >= 3)
        for timing in timings {
            #expect(timing.ended - timing.claimed == Microseconds(hours) * Durations.hour)
        }
    }
}

@Test func anOutageStopsClaimsAndPausesWork() throws {
    var scenario = try oneTaskScenario(count: 2, agents: 1, duration: .constant(3_600))
    scenario.faults = [.outage(team: "crew", at: 30 * Durations.minute, duration: Durations.hour)]
    let simulation = Simulation(scenario: scenario)
    try simulation.run()
    let ends = simulation.outcomes.map { $0.ended - at(22, 0) }
    // First task: 30 minutes of work, an hour of outage, 30 more minutes.
    #expect(ends == [2 * Durations.hour, 3 * Durations.hour])
}

@Test func changingOneTeamsDistributionLeavesAnotherTeamsDrawsUnchanged() throws {
    func durations(of team: String, salesMean: Double) throws -> [Microseconds] {
        var scenario = try programmaticScenario(count: 30)
        scenario.teams.append(
            TeamBehavior(name: "sales-team", duration: .exponential(mean: salesMean)))
        let simulation = Simulation(scenario: scenario)
        try simulation.run()
        return simulation.timings.filter { $0.team == team }.sorted { $0.task < $1.task }
            .map { $0.ended - $0.claimed }
    }
    let before = try durations(of: "qa-team", salesMean: 600)
    let after = try durations(of: "qa-team", salesMean: 6_000)
    #expect(before.count == after.count)
    #expect(Set(before) == Set(after))
    #expect(
        try durations(of: "sales-team", salesMean: 600)
            != durations(of: "sales-team", salesMean: 6_000))
}
