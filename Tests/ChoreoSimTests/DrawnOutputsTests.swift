import ChoreoSim
import Testing

/// A simulated report is its action's output fields: constants as given, the others drawn
/// anew for each task, each in its own field.
@Test func eachReportHasItsConstantsAndItsOwnDraws() throws {
    var scenario = try programmaticScenario(count: 40)
    scenario.teams.append(
        TeamBehavior(
            name: "engineering-team", agents: 40,
            actions: [
                ActionBehavior(
                    name: "assess_model_compatibility",
                    outputs: [
                        OutputField(name: "compatibility_report", spec: .constant("Compatible")),
                        OutputField(
                            name: "cost_delta", spec: .distribution(.uniform(min: 0, max: 1_000))),
                        OutputField(name: "reviewed", spec: .constant(true)),
                        OutputField(
                            name: "risk", spec: .choice(values: ["low", "high"], weights: [1, 1])),
                    ])
            ]))
    let simulation = Simulation(scenario: scenario)
    try simulation.run()
    let step = try #require(scenario.workflow.index(ofStep: "initial_assessment"))
    var costs: Set<Double> = []
    var risks: Set<String> = []
    for instance in simulation.store.allInstances {
        let outputs = try #require(instance.nodes[step].outputs)
        #expect(outputs["compatibility_report"] == "Compatible")
        #expect(outputs["reviewed"] == true)
        guard case .number(let cost) = outputs["cost_delta"],
            case .string(let risk) = outputs["risk"]
        else {
            Issue.record("drawn fields misplaced: \(outputs)")
            continue
        }
        #expect((0...1_000).contains(cost))
        #expect(risk == "low" || risk == "high")
        costs.insert(cost)
        risks.insert(risk)
    }
    #expect(simulation.store.allInstances.count == 40)
    #expect(costs.count == 40, "every report draws its own cost")
    #expect(risks == ["low", "high"])
}
