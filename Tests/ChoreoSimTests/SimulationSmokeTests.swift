import ChoreoSim
import Testing

let seedWorkflowFile: String = {
    let root = #filePath.components(separatedBy: "/Tests/").first!
    return root + "/Scenarios/workflows/ai-model-update.yaml"
}()

let walkthroughInputs: Value = [
    "model_info": [
        "provider": "OpenAI", "current_model": "gpt-4", "model": "gpt-4-turbo",
        "reason": "Improved performance and cost efficiency", "urgency": "medium",
    ]
]

func programmaticScenario(count: Int = 1) throws -> Scenario {
    let workflow = try WorkflowLoader.load(path: seedWorkflowFile)
    return Scenario(
        name: "smoke", file: "smoke.yaml", workflow: workflow, seed: 7,
        start: CivilTime(year: 2025, month: 1, day: 22, hour: 10).timestamp,
        inputs: walkthroughInputs,
        arrivals: Arrivals(count: count, every: .exponential(mean: 600)),
        defaults: TeamBehavior(
            name: "defaults", agents: 2, claimDelay: .exponential(mean: 300),
            duration: .uniform(min: 600, max: 3_600)),
        teams: [
            TeamBehavior(
                name: "qa-team",
                actions: [
                    ActionBehavior(
                        name: "consolidate_test_results",
                        outputs: [
                            OutputField(
                                name: "recommendation",
                                spec: .choice(values: ["proceed", "abort"], weights: [0.8, 0.2]))
                        ])
                ]),
            TeamBehavior(
                name: "operations-team",
                actions: [
                    ActionBehavior(name: "monitor_system_health", duration: .input("duration"))
                ]),
        ])
}

@Test func aSimulatedSeedRunEndsWithEveryStepFinal() throws {
    let simulation = Simulation(scenario: try programmaticScenario())
    try simulation.run()
    let instance = try #require(simulation.store.allInstances.first)
    #expect(instance.status == .completed)
    #expect(instance.nodes.prefix(instance.program.stepCount).allSatisfy { $0.status.isFinal })
    #expect(!simulation.timings.isEmpty)
}

@Test func theSameSeedGivesTheSameRunAndAnotherSeedAnother() throws {
    func history(seed: UInt64) throws -> String {
        let simulation = Simulation(scenario: try programmaticScenario(count: 20), seed: seed)
        try simulation.run()
        return simulation.store.allInstances.map { "\($0.history)" }.joined()
    }
    let first = try history(seed: 1)
    #expect(try first == history(seed: 1))
    #expect(try first != history(seed: 2))
}
