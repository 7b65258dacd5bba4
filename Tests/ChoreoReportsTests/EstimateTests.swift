import ChoreoReports
import Testing

func at(_ day: Int, _ hour: Int) -> Microseconds {
    CivilTime(year: 2025, month: 1, day: day, hour: hour).timestamp
}

/// A scenario whose one workflow is `yaml`, every action taking `mean` seconds on average,
/// exponentially distributed, with enough agents that nobody waits.
func exponentialScenario(_ yaml: String, mean: Double) throws -> Scenario {
    let workflow = try WorkflowLoader.load(yaml: yaml, file: "closed-form.yaml")
    return Scenario(
        name: "closed-form", file: "closed-form.yaml", workflow: workflow, seed: 11,
        start: at(20, 0),
        defaults: TeamBehavior(
            name: "defaults", agents: 10, claimDelay: .constant(0),
            duration: .exponential(mean: mean)))
}

@Test func parallelOfThreeExponentialsMatchesTheMeanOfTheMaximum() throws {
    let scenario = try exponentialScenario(
        """
        name: three
        steps:
          - id: all
            type: parallel
            steps:
              - { id: a, team: ta, action: work }
              - { id: b, team: tb, action: work }
              - { id: c, team: tc, action: work }
        """, mean: 3_600)
    let report = EstimateReport(
        scenario: scenario, seed: 11,
        replications: MonteCarlo.run(scenario, runs: 4_000, seed: 11, jobs: 2))
    let expected = 3_600 * (1 + 1.0 / 2 + 1.0 / 3)
    #expect(abs(report.completion.mean - expected) / expected < 0.03)
    // Each child is the longest in about a third of the runs.
    for id in ["a", "b", "c"] {
        let criticality = try #require(report.steps.first { $0.id == id }).criticality
        #expect(abs(criticality - 1.0 / 3) < 0.04)
    }
}

@Test func sequenceOfExponentialsIsErlang() throws {
    let scenario = try exponentialScenario(
        """
        name: four
        steps:
          - { id: a, team: t, action: work }
          - { id: b, team: t, action: work }
          - { id: c, team: t, action: work }
          - { id: d, team: t, action: work }
        """, mean: 600)
    let report = EstimateReport(
        scenario: scenario, seed: 11,
        replications: MonteCarlo.run(scenario, runs: 4_000, seed: 11, jobs: 2))
    // Erlang(k = 4, mean 600 each): mean 2400 s, median ≈ 3.672 × 600 s.
    #expect(abs(report.completion.mean - 2_400) / 2_400 < 0.03)
    #expect(abs(report.completion.percentile(50) - 3.672_06 * 600) / (3.672_06 * 600) < 0.04)
    #expect(report.steps.allSatisfy { $0.criticality == 1 })
}

@Test func theEstimateIsTheSameForAnyNumberOfJobs() throws {
    let scenario = try exponentialScenario(
        """
        name: mixed
        timeout: 3h
        steps:
          - { id: a, team: t, action: work }
          - id: both
            type: parallel
            steps:
              - { id: b, team: t, action: work }
              - { id: c, team: u, action: work }
        """, mean: 2_400)
    func json(jobs: Int) -> String {
        EstimateReport(
            scenario: scenario, seed: 5,
            replications: MonteCarlo.run(scenario, runs: 300, seed: 5, jobs: jobs)
        ).value.json
    }
    let one = json(jobs: 1)
    #expect(one == json(jobs: 4))
    #expect(one == json(jobs: 2))
    #expect(one.contains("\"probability_met\""))
}
