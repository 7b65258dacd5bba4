import ChoreoSim
import Testing

/// A workflow with fixed durations: a → (b ‖ c) → d, where c is the longer branch.
func fixedScenario() throws -> Scenario {
    let workflow = try WorkflowLoader.load(
        yaml: """
            name: fixed
            steps:
              - { id: a, team: t1, action: a }
              - id: both
                type: parallel
                steps:
                  - { id: b, team: t2, action: b }
                  - { id: c, team: t3, action: c }
              - { id: d, team: t1, action: d }
            """, file: "fixed.yaml")
    func team(_ name: String, _ actions: [(String, Double)]) -> TeamBehavior {
        TeamBehavior(
            name: name, claimDelay: .constant(0),
            actions: actions.map {
                ActionBehavior(name: $0.0, duration: .distribution(.constant($0.1)))
            })
    }
    return Scenario(
        name: "fixed", file: "fixed.yaml", workflow: workflow, start: at(22, 0),
        teams: [
            team("t1", [("a", 600), ("d", 300)]), team("t2", [("b", 1_200)]),
            team("t3", [("c", 3_000)]),
        ])
}

@Test func fixedDurationsGiveTheExactCriticalPathAndSlacks() throws {
    let simulation = Simulation(scenario: try fixedScenario())
    try simulation.run()
    let instance = try #require(simulation.store.allInstances.first)
    let path = CriticalPath(instance)
    #expect(path.steps.map { instance.program.name(of: $0) } == ["a", "c", "d"])
    func slack(_ id: String) -> Microseconds? {
        path.slack[instance.program.definition.index(ofStep: id)!]
    }
    #expect(slack("a") == 0)
    #expect(slack("c") == 0)
    #expect(slack("d") == 0)
    #expect(slack("b") == 1_800 * Durations.second)
    #expect(instance.endedAt! - instance.startedAt == 3_900 * Durations.second)
    let steps = simulation.criticalSteps(of: instance, path: path)
    #expect(steps.map(\.work) == [600, 3_000, 300].map { $0 * Durations.second })
}

@Test func waitingForABusyAgentShowsAsAgentWait() throws {
    var scenario = try fixedScenario()
    // One agent shared by b and c: c waits for b.
    scenario.teams = scenario.teams.map { team in
        var team = team
        if team.name == "t3" { team.name = "t2" }
        return team
    }
    let workflow = try WorkflowLoader.load(
        yaml: """
            name: shared
            steps:
              - id: both
                type: parallel
                steps:
                  - { id: b, team: t2, action: b }
                  - { id: c, team: t2, action: c }
            """, file: "shared.yaml")
    scenario.workflow = workflow
    scenario.teams = [
        TeamBehavior(
            name: "t2", agents: 1, claimDelay: .constant(0),
            actions: [
                ActionBehavior(name: "b", duration: .distribution(.constant(1_200))),
                ActionBehavior(name: "c", duration: .distribution(.constant(3_000))),
            ])
    ]
    let simulation = Simulation(scenario: scenario)
    try simulation.run()
    let instance = try #require(simulation.store.allInstances.first)
    let steps = simulation.criticalSteps(of: instance)
    #expect(steps.map(\.id) == ["c"])
    #expect(steps.first?.agentWait == 1_200 * Durations.second)
}

@Test func nightsBeforeAnAgentTakesTheTaskArePausesNotAgentWaits() throws {
    var scenario = try oneTaskScenario(count: 1, agents: 1, duration: .constant(3_600))
    scenario.start = at(22, 18)  // Wednesday 18:00, after hours.
    scenario.teams[0].calendar = officeHours
    let simulation = Simulation(scenario: scenario)
    try simulation.run()
    let instance = try #require(simulation.store.allInstances.first)
    let step = try #require(simulation.criticalSteps(of: instance).first)
    #expect(step.agentWait == 0)
    #expect(step.paused == 15 * Durations.hour)
    #expect(step.work == Durations.hour)
    #expect(instance.endedAt == at(23, 10))
}
