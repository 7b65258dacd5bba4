import ChoreoEngine
import Testing

/// One store handing an instance in flight to another (`Store.handover(ofInstance:)`,
/// `Store.adopt(_:program:)`): the taker carries on exactly as the giver would have.
@Suite struct HandoverTests {
    static let yaml = """
        name: handed
        timeout: 8h
        steps:
          - { id: first, team: alpha, action: draft, timeout: 1h }
          - id: both
            type: parallel
            steps:
              - { id: left, team: alpha, action: left }
              - { id: right, team: beta, action: right }
        """

    /// An engine whose instance has `first` done and both branches offered, `left` claimed.
    static func midway() throws -> (Harness, InstanceState) {
        let harness = try Harness(yaml: yaml)
        let instance = try harness.engine.start(workflow: "handed", inputs: [:])
        for (team, step) in [("alpha", "first"), ("alpha", "left")] {
            let task = try #require(harness.engine.tasks(team: team).first { $0.stepID == step })
            try harness.engine.claim(task: task.number, team: team, agent: "\(team)-1")
            harness.clock.advance(by: 10 * Durations.minute)
            if step == "first" { try harness.engine.complete(task: task.number, output: [:]) }
        }
        harness.drain()
        return (harness, instance)
    }

    @Test func theHandoverHoldsTheOpenTasksTimersAndCounters() throws {
        let (harness, instance) = try Self.midway()
        let handover = try #require(harness.store.handover(ofInstance: instance.id))
        #expect(handover.snapshot == instance.snapshot)
        #expect(handover.openTasks.map(\.stepID) == ["left", "right"])
        #expect(handover.openTasks.map(\.status) == [.claimed, .pending])
        #expect(handover.timers.map(\.purpose) == [.workflowTimeout])
        #expect(handover.counters == harness.store.counters)
        #expect(handover.lastEventTime == harness.clock.now - 10 * Durations.minute)
        #expect(harness.store.handover(ofInstance: "wf-unknown") == nil)
    }

    @Test func anAdoptedInstanceCarriesOnAsTheGiverWould() throws {
        let (giver, instance) = try Self.midway()
        let taker = Harness(definition: instance.program.definition, start: giver.clock.now)
        let handover = try #require(giver.store.handover(ofInstance: instance.id))
        let adopted = try taker.store.adopt(
            handover, program: try #require(taker.engine.program(named: "handed")))
        #expect(taker.store.counters.lastTask == giver.store.counters.lastTask)
        for harness in [giver, taker] {
            let tasks = harness.engine.tasks(team: "alpha") + harness.engine.tasks(team: "beta")
            try harness.engine.complete(task: tasks[0].number, output: ["done": true])
            try harness.engine.claim(task: tasks[1].number, team: "beta", agent: "beta-1")
            harness.clock.advance(by: 5 * Durations.minute)
            try harness.engine.complete(task: tasks[1].number, output: [:])
        }
        #expect(adopted.status == .completed)
        #expect(adopted.snapshot == instance.snapshot)
    }

    @Test func aStoreRefusesAnInstanceItAlreadyHolds() throws {
        let (harness, instance) = try Self.midway()
        let handover = try #require(harness.store.handover(ofInstance: instance.id))
        #expect(throws: SnapshotError.self) {
            try harness.store.adopt(handover, program: instance.program)
        }
    }
}
