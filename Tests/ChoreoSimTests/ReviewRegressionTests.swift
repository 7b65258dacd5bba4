import ChoreoSim
import Testing

func runOnce(_ scenario: Scenario) throws -> (Simulation, InstanceState) {
    let simulation = Simulation(scenario: scenario)
    try simulation.run()
    return (simulation, try #require(simulation.store.allInstances.first))
}

@Test func aRetriedApprovalGetsAFreshTimeout() throws {
    let workflow = try WorkflowLoader.load(
        yaml: """
            name: approve-twice
            steps:
              - { id: ok, type: approval, approvers: [{ team: exec }], timeout: 1h, on_timeout: approve }
              - { id: after, team: crew, action: work }
            error_handlers:
              - { error_type: approval_rejected, action: retry, max_attempts: 2 }
            """, file: "approve-twice.yaml")
    var reject = StepOverride(step: "ok")
    reject.attempts = [
        1: StepOverride(step: "ok", decision: .reject),
        2: StepOverride(step: "ok", decision: .approve),
    ]
    reject.decision = .reject
    let scenario = Scenario(
        name: "approve-twice", file: "approve-twice.yaml", workflow: workflow, start: at(22, 10),
        defaults: TeamBehavior(
            name: "defaults", claimDelay: .constant(0), duration: .constant(600),
            decisions: DecisionBehavior(delay: .constant(3_000))),
        steps: [reject])
    let (_, instance) = try runOnce(scenario)
    #expect(!instance.history.contains { $0.name == "approval_timed_out" })
    let decided = instance.history.filter { $0.name == "approval_decided" }.map(\.time)
    #expect(decided == [at(22, 10) + 50 * Durations.minute, at(22, 10) + 100 * Durations.minute])
}

@Test func cancelledTimersDoNotStretchTheRun() throws {
    let workflow = try WorkflowLoader.load(
        yaml: """
            name: long-timeout
            timeout: 5000d
            steps:
              - { id: only, team: crew, action: work }
            """, file: "long-timeout.yaml")
    let scenario = Scenario(
        name: "long", file: "long.yaml", workflow: workflow, start: at(22, 0),
        teams: [TeamBehavior(name: "crew", claimDelay: .constant(0), duration: .constant(3_600))])
    let (simulation, instance) = try runOnce(scenario)
    #expect(instance.status == .completed)
    #expect(simulation.clock.now == at(22, 1))
    #expect(simulation.teamStatistics.first { $0.team == "crew" }?.busyTime == Durations.hour)
}

@Test func anAgentLostEveryTimeEndsAtTheHorizonNotInACrash() throws {
    var scenario = try oneTaskScenario(count: 1, agents: 1, duration: .constant(600))
    scenario.faults = [.agentLost(target: .step("work"), probability: 1, lease: 30 * Durations.day)]
    let simulation = Simulation(scenario: scenario)
    #expect(throws: SimulationError.self) { try simulation.run() }
    // Each take waits only from its own offer, not from the first one.
    #expect(try #require(simulation.teamStatistics.first).totalWait == 0)
}

@Test func aRunWithNothingLeftToHappenButARunningInstanceIsAStall() throws {
    let workflow = try WorkflowLoader.load(
        yaml: """
            name: nobody-answers
            steps:
              - { id: ok, type: approval, approvers: [{ team: exec }] }
            """, file: "nobody.yaml")
    let scenario = Scenario(
        name: "nobody", file: "nobody.yaml", workflow: workflow, start: at(22, 0),
        faults: [.silent(team: "exec")])
    do {
        try Simulation(scenario: scenario).run()
        Issue.record("expected a stall")
    } catch {
        #expect(error.message.contains("stalled"))
        #expect(error.message.contains("'ok' on exec"))
        #expect(error.message.contains("replay with seed"))
    }
}

@Test func aRejectedApprovalIsTheStepTheCompensationFollows() throws {
    let workflow = try WorkflowLoader.load(
        yaml: """
            name: undo-rejection
            steps:
              - { id: t1, team: crew, action: work }
              - { id: appr, type: approval, approvers: [{ team: exec }] }
            error_handlers:
              - error_type: approval_rejected
                action: custom
                handler:
                  - { id: undo, team: crew, action: undo }
            """, file: "undo.yaml")
    let scenario = Scenario(
        name: "undo", file: "undo.yaml", workflow: workflow, start: at(22, 0),
        defaults: TeamBehavior(
            name: "defaults", claimDelay: .constant(0), duration: .constant(600),
            decisions: DecisionBehavior(approve: 0, delay: .constant(5 * 3_600))))
    let (_, instance) = try runOnce(scenario)
    #expect(instance.status == .rolledBack)
    let path = CriticalPath(instance)
    #expect(path.steps.map { instance.program.name(of: $0) } == ["t1", "appr", "undo"])
    for id in ["t1", "appr"] {
        #expect(path.slack[instance.program.definition.index(ofStep: id)!] == 0)
    }
}

@Test func aFailFastParallelsPathFollowsTheFailedChild() throws {
    let workflow = try WorkflowLoader.load(
        yaml: """
            name: fail-fast
            steps:
              - id: both
                type: parallel
                steps:
                  - { id: a, team: ta, action: long }
                  - { id: b, team: tb, action: short }
            """, file: "fail-fast.yaml")
    let scenario = Scenario(
        name: "ff", file: "ff.yaml", workflow: workflow, start: at(22, 0),
        teams: [
            TeamBehavior(name: "ta", claimDelay: .constant(0), duration: .constant(7_200)),
            TeamBehavior(
                name: "tb", claimDelay: .constant(0),
                actions: [
                    ActionBehavior(
                        name: "short", duration: .distribution(.constant(1_800)),
                        fail: FailureSpec(probability: 1, errorType: "boom"))
                ]),
        ])
    let (_, instance) = try runOnce(scenario)
    #expect(instance.status == .failed)
    #expect(CriticalPath(instance).steps.map { instance.program.name(of: $0) } == ["b"])
}
