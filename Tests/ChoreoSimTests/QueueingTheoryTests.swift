import Testing

@testable import ChoreoSim

/// The load tester against queueing theory: a one-task workflow with Poisson arrivals and
/// exponential service is an M/M/c queue, whose mean time in system and utilization are
/// known in closed form (Erlang C). Seeds are fixed, so each check is reproducible.
@Suite struct QueueingTheoryTests {
    static let workflow = """
        name: one-task
        steps:
          - id: serve
            team: servers
            action: serve
        """

    /// A scenario of `arrivals` instances, exponential gaps of `interarrival` seconds and
    /// `servers` agents serving for an exponential `service` seconds, with no claim delay.
    func scenario(servers: Int, interarrival: Double, service: Double, arrivals: Int) throws
        -> Scenario
    {
        let definition = try WorkflowLoader.load(yaml: Self.workflow, file: "one-task.yaml")
        let team = TeamBehavior(
            name: "servers", agents: servers, claimDelay: .constant(0),
            duration: .exponential(mean: service))
        return Scenario(
            name: "m-m-\(servers)", file: "one-task-scenario.yaml", workflow: definition, seed: 11,
            arrivals: Arrivals(count: arrivals, every: .exponential(mean: interarrival)),
            teams: [team])
    }

    /// Mean time in system of an M/M/c queue (Erlang C): `W = C(c, a) / (cμ - λ) + 1/μ`.
    static func meanTimeInSystem(servers c: Int, arrivalRate λ: Double, serviceRate μ: Double)
        -> Double
    {
        let a = λ / μ
        var term = 1.0  // a^k / k!
        var sum = 0.0
        for k in 0..<c {
            sum += term
            term *= a / Double(k + 1)
        }
        let last = term * Double(c) / (Double(c) - a)
        let erlangC = last / (sum + last)
        return erlangC / (Double(c) * μ - λ) + 1 / μ
    }

    func check(servers: Int, utilization: Double, arrivals: Int) throws {
        let service = 60.0
        let interarrival = service / (utilization * Double(servers))
        let result = try LoadTest.run(
            scenario(
                servers: servers, interarrival: interarrival, service: service, arrivals: arrivals))
        let expected = Self.meanTimeInSystem(
            servers: servers, arrivalRate: 1 / interarrival, serviceRate: 1 / service)
        #expect(result.finished == arrivals)
        #expect(result.tasksExecuted == arrivals)
        let measured = result.meanCompletionSeconds
        #expect(abs(measured - expected) / expected < 0.04, "W \(measured) s, theory \(expected) s")
        let busy = result.teams.first { $0.team == "servers" }!.utilization
        #expect(abs(busy - utilization) / utilization < 0.02, "ρ \(busy), theory \(utilization)")
    }

    @Test func singleServerMatchesMM1() throws {
        // M/M/1 at ρ = 0.7: W = 1 / (μ - λ) = 200 s.
        #expect(
            abs(
                Self.meanTimeInSystem(servers: 1, arrivalRate: 0.7 / 60, serviceRate: 1 / 60.0)
                    - 200) < 1e-9)
        try check(servers: 1, utilization: 0.7, arrivals: 25_000)
    }

    @Test func threeServersMatchErlangC() throws {
        try check(servers: 3, utilization: 0.7, arrivals: 25_000)
    }
}
