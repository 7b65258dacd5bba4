import Testing

@testable import ChoreoSim

@Test(arguments: [
    Distribution.constant(7),
    .uniform(min: 300, max: 900),
    .exponential(mean: 120),
    .normal(mean: 10, sd: 4),
    .normal(mean: 1, sd: 3),
    .lognormal(mu: 2, sigma: 0.5),
    .triangular(min: 1_200, mode: 1_800, max: 3_600),
    .triangular(min: 5, mode: 5, max: 5),
    .pert(min: 10, mode: 20, max: 60),
    .pert(min: 3, mode: 3, max: 3),
])
func aSamplerDrawsWhatItsDistributionDraws(_ distribution: Distribution) throws {
    let sampler = try #require(Sampler(distribution))
    var viaDistribution = Xoshiro256StarStar(seed: 11)
    var viaSampler = Xoshiro256StarStar(seed: 11)
    for _ in 0..<2_000 {
        let expected = distribution.sample(using: &viaDistribution)
        #expect(sampler.sample(using: &viaSampler).bitPattern == expected.bitPattern)
    }
    // Both streams are left in the same place: the next draws of either agree too.
    #expect(viaSampler == viaDistribution)
}

@Test func distributionsThatDrawFromAListHaveNoSampler() {
    #expect(Sampler(.empirical(samples: [1, 2, 3])) == nil)
    #expect(Sampler(.choice(weights: [0.5, 0.5])) == nil)
}

@Test func aSlowTeamFaultStretchesOnlyItsOwnTeamsWorkInItsWindow() throws {
    let workflow = try WorkflowLoader.load(
        yaml: """
            name: two-teams
            steps:
              - { id: first, team: crew, action: build }
              - { id: second, team: other, action: check }
            """, file: "two-teams.yaml")
    let teams = ["crew", "other"].map {
        TeamBehavior(name: $0, agents: 1, claimDelay: .constant(0), duration: .constant(3_600))
    }
    func finish(_ faults: [Fault]) throws -> Microseconds {
        let scenario = Scenario(
            name: "slow", file: "slow.yaml", workflow: workflow, start: at(22, 0),
            arrivals: Arrivals(count: 1), teams: teams, faults: faults)
        let simulation = Simulation(scenario: scenario)
        try simulation.run()
        return try #require(simulation.outcomes.first).ended - at(22, 0)
    }
    #expect(try finish([]) == 2 * Durations.hour)
    // Work started in the window takes the factor; both faults of a team multiply.
    let crewSlow: [Fault] = [
        .slow(team: "crew", factor: 2, at: 0, duration: Durations.day),
        .slow(team: "crew", factor: 1.5, at: 0, duration: Durations.hour),
    ]
    #expect(try finish(crewSlow) == 4 * Durations.hour)
    // A window not yet open, or another team's, changes nothing.
    let elsewhere: [Fault] = [
        .slow(team: "crew", factor: 2, at: Durations.day, duration: Durations.day),
        .slow(team: "third", factor: 5, at: 0, duration: Durations.day),
    ]
    #expect(try finish(elsewhere) == 2 * Durations.hour)
}
