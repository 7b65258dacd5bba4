import Testing

@testable import ChoreoSim

/// Carrying a live instance's state on in simulation (`RemainingTime`, `Simulation.adopt`)
/// on workflows whose remaining time is known in closed form. The "live" engine is the
/// real one on a manual clock over an in-memory store, played by the test.
@Suite struct ContinuationTests {
    static let minute = Durations.minute
    static let start = CivilTime(year: 2025, month: 1, day: 22, hour: 10).timestamp

    static let threeTasks = """
        name: three-tasks
        steps:
          - { id: first, team: alpha, action: draft }
          - { id: second, team: alpha, action: review }
          - { id: third, team: beta, action: publish }
        """

    /// A live engine on a manual clock, with one instance of `yaml` started at `start`.
    final class Live {
        let clock = ManualClock(now: ContinuationTests.start)
        let store = InMemoryStore()
        let engine: Engine
        let definition: WorkflowDefinition
        let instance: InstanceState

        init(_ yaml: String) throws {
            definition = try WorkflowLoader.load(yaml: yaml, file: "live.yaml")
            engine = Engine(clock: clock, store: store, workflows: [definition])
            instance = try engine.start(workflow: definition.name, inputs: [:])
            engine.drainEffects { _ in }
        }

        /// The open task of step `step`.
        func task(_ step: String) throws -> TeamTask {
            let number = try #require(instance.openTasks.first { store.task($0)?.stepID == step })
            return try #require(store.task(number))
        }

        func claim(_ step: String, at minutes: Int) throws {
            clock.advance(to: ContinuationTests.start + Int64(minutes) * ContinuationTests.minute)
            let task = try task(step)
            try engine.claim(task: task.number, team: task.team, agent: "\(task.team)-1")
            engine.drainEffects { _ in }
        }

        func complete(_ step: String, at minutes: Int) throws {
            clock.advance(to: ContinuationTests.start + Int64(minutes) * ContinuationTests.minute)
            try engine.complete(task: try task(step).number, output: [:])
            engine.drainEffects { _ in }
        }

        var handover: InstanceHandover {
            get throws { try #require(store.handover(ofInstance: instance.id)) }
        }

        /// A scenario of this workflow: one agent per team, no claim delay.
        func scenario(_ durations: [String: Distribution], decisions: DecisionBehavior? = nil)
            -> Scenario
        {
            let teams = durations.keys.sorted().map { team in
                TeamBehavior(
                    name: team, agents: 1, claimDelay: .constant(0), duration: durations[team],
                    decisions: decisions)
            }
            return Scenario(
                name: "continuation", file: "continuation.yaml", workflow: definition, seed: 7,
                start: ContinuationTests.start, teams: teams)
        }

        /// Remaining seconds of `runs` continuations from `minutes` after the start.
        func remaining(
            _ scenario: Scenario, at minutes: Int, runs: Int = 20, seed: UInt64 = 7
        ) throws -> RemainingTime {
            try RemainingTime.estimate(
                handover, scenario: scenario,
                now: ContinuationTests.start + Int64(minutes) * ContinuationTests.minute,
                runs: runs, seed: seed)
        }
    }

    static let fixed: [String: Distribution] = [
        "alpha": .constant(1_800), "beta": .constant(2_700),
    ]

    @Test func twoFixedTasksLeftTakeExactlyTheirDurations() throws {
        let live = try Live(Self.threeTasks)
        try live.claim("first", at: 0)
        try live.complete("first", at: 10)
        let remaining = try live.remaining(live.scenario(Self.fixed), at: 20)
        // `second` waits in alpha's queue: 30m, then `third` on beta: 45m.
        #expect(remaining.samples == Array(repeating: 4_500, count: 20))
        #expect(remaining.statuses == Array(repeating: .completed, count: 20))
        #expect(remaining.failures.isEmpty)
    }

    @Test func claimedWorkFinishesWhatIsLeftOfItsDuration() throws {
        let live = try Live(Self.threeTasks)
        try live.claim("first", at: 0)
        try live.complete("first", at: 10)
        try live.claim("second", at: 15)
        let remaining = try live.remaining(live.scenario(Self.fixed), at: 25)
        // 10 of `second`'s 30 minutes are done: 20m left, then 45m.
        #expect(remaining.samples == Array(repeating: 3_900, count: 20))
        #expect(remaining.stepSamples == ["second": Array(repeating: 1_200, count: 20)])
    }

    @Test func workThatOutranEveryDurationStartsAFreshOne() throws {
        let live = try Live(Self.threeTasks)
        try live.claim("first", at: 0)
        try live.complete("first", at: 10)
        try live.claim("second", at: 10)
        // 40 minutes into 30-minute work: the scenario no longer explains it.
        let remaining = try live.remaining(live.scenario(Self.fixed), at: 50)
        #expect(remaining.samples == Array(repeating: 4_500, count: 20))
    }

    @Test func timeSpentOffTheTeamsCalendarDoesNotCount() throws {
        let live = try Live("name: one\nsteps:\n  - { id: only, team: alpha, action: work }")
        // Claimed Friday 16:00; on Monday 10:00 two working hours of four are done.
        try live.claim("only", at: (2 * 24 + 6) * 60)
        var scenario = live.scenario(["alpha": .constant(4 * 3_600)])
        scenario.teams[0].calendar = WorkCalendar(
            days: 0b0001_1111, startMinute: 9 * 60, endMinute: 17 * 60)
        let remaining = try live.remaining(scenario, at: 5 * 24 * 60)
        #expect(remaining.samples == Array(repeating: 7_200, count: 20))
    }

    @Test func uniformWorkInProgressHasTheConditionalMeanLeft() throws {
        let live = try Live("name: one\nsteps:\n  - { id: only, team: alpha, action: work }")
        try live.claim("only", at: 0)
        // Uniform over 0-60m, 30m done: the rest is uniform over 0-30m, mean 15m.
        let scenario = live.scenario(["alpha": .uniform(min: 0, max: 3_600)])
        let remaining = try live.remaining(scenario, at: 30, runs: 4_000)
        let mean = remaining.samples.reduce(0, +) / Double(remaining.samples.count)
        #expect(abs(mean - 900) / 900 < 0.03, "mean \(mean)")
        #expect(remaining.samples.allSatisfy { $0 >= 0 && $0 <= 1_800 })
    }

    @Test func anExponentialRemainderHasItsMean() throws {
        let live = try Live("name: one\nsteps:\n  - { id: only, team: alpha, action: work }")
        try live.claim("only", at: 0)
        // Memoryless: two hours in, an hour is still expected.
        let scenario = live.scenario(["alpha": .exponential(mean: 3_600)])
        let remaining = try live.remaining(scenario, at: 120, runs: 4_000)
        let mean = remaining.samples.reduce(0, +) / Double(remaining.samples.count)
        #expect(abs(mean - 3_600) / 3_600 < 0.04, "mean \(mean)")
    }

    @Test func theSameSeedGivesTheSameEstimateAndAnotherSeedAnother() throws {
        let live = try Live(Self.threeTasks)
        let scenario = live.scenario(["alpha": .exponential(mean: 1_800), "beta": .constant(60)])
        let first = try live.remaining(scenario, at: 5, runs: 50, seed: 1)
        let again = try live.remaining(scenario, at: 5, runs: 50, seed: 1)
        let other = try live.remaining(scenario, at: 5, runs: 50, seed: 2)
        #expect(first.samples == again.samples)
        #expect(first.samples != other.samples)
        #expect(Set(first.samples).count > 40, "each continuation has its own streams")
    }

    @Test func pendingTimersFireAtTheirTimesAndOverdueOnesAtOnce() throws {
        let yaml = "name: late\ntimeout: 90m\nsteps:\n  - { id: only, team: alpha, action: work }"
        let live = try Live(yaml)
        let scenario = live.scenario(["alpha": .constant(7_200)])
        let onTime = try live.remaining(scenario, at: 30)
        #expect(onTime.samples == Array(repeating: 3_600, count: 20))
        #expect(onTime.statuses == Array(repeating: .timedOut, count: 20))
        let overdue = try live.remaining(scenario, at: 100)
        #expect(overdue.samples == Array(repeating: 0, count: 20))
        #expect(overdue.statuses == Array(repeating: .timedOut, count: 20))
    }

    @Test func aPendingApprovalGoesToTheDecidersModel() throws {
        let yaml = """
            name: gate
            steps:
              - { id: sign_off, type: approval, approvers: [{ team: board }] }
              - { id: ship, team: alpha, action: ship }
            """
        let live = try Live(yaml)
        let rejecting = live.scenario(
            ["board": .constant(0), "alpha": .constant(600)],
            decisions: DecisionBehavior(approve: 0, delay: .constant(1_200)))
        let rejected = try live.remaining(rejecting, at: 5)
        #expect(rejected.samples == Array(repeating: 1_200, count: 20))
        #expect(rejected.statuses == Array(repeating: .rejected, count: 20))
        let approving = live.scenario(
            ["board": .constant(0), "alpha": .constant(600)],
            decisions: DecisionBehavior(approve: 1, delay: .constant(1_200)))
        #expect(try live.remaining(approving, at: 5).samples == Array(repeating: 1_800, count: 20))
    }

    @Test func workInProgressKeepsItsAgentAheadOfQueuedWork() throws {
        let yaml = """
            name: both
            steps:
              - id: both
                type: parallel
                steps:
                  - { id: older, team: alpha, action: work }
                  - { id: newer, team: alpha, action: work }
            """
        let live = try Live(yaml)
        try live.claim("newer", at: 0)
        let simulation = Simulation(scenario: live.scenario(["alpha": .constant(1_800)]))
        let now = Self.start + 20 * Self.minute
        let instance = try simulation.adopt(live.handover, at: now)
        try simulation.run()
        // alpha has one agent: it finishes `newer` (10m left), then does `older` (30m).
        #expect(instance.node("newer")?.endedAt == now + 10 * Self.minute)
        #expect(instance.node("older")?.endedAt == now + 40 * Self.minute)
        #expect(simulation.instancesStarted == 0, "the scenario's arrivals start nothing")
    }

    @Test func aScenarioOfAnotherWorkflowIsRefused() throws {
        let live = try Live(Self.threeTasks)
        let other = try Live("name: other\nsteps:\n  - { id: only, team: alpha, action: work }")
        #expect {
            try live.remaining(other.scenario(Self.fixed), at: 5)
        } throws: { error in
            "\(error)".contains("simulates workflow 'other', but instance")
                && "\(error)".contains("runs 'three-tasks'")
        }
    }

    @Test func aMomentBeforeTheLastEventIsRefused() throws {
        let live = try Live(Self.threeTasks)
        try live.claim("first", at: 30)
        #expect {
            try live.remaining(live.scenario(Self.fixed), at: 20)
        } throws: { error in
            "\(error)".contains("its state is as of 2025-01-22T10:30:00Z")
        }
    }

    @Test func anEndedInstanceHasNoContinuation() throws {
        let live = try Live("name: one\nsteps:\n  - { id: only, team: alpha, action: work }")
        try live.claim("only", at: 0)
        try live.complete("only", at: 10)
        #expect {
            try live.remaining(live.scenario(Self.fixed), at: 20)
        } throws: { error in
            "\(error)".contains("has already ended (completed)")
        }
    }
}
