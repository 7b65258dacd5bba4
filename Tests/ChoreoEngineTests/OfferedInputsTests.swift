import ChoreoEngine
import Foundation
import Testing

/// `final_report` reads `workflow.history`: its inputs are built when read, and must be
/// what the offer would have built, however much history comes after.
@Test func historyInputsAreTheHistoryAsItStoodAtTheOffer() throws {
    let harness = try Harness.seed()
    let instance = try playAssessment(harness)
    try harness.decide("executive-team", role: "cfo", .approve)
    try playTests(harness)
    try playAnalysis(harness)
    try playRollout(harness)
    let offer = try #require(
        instance.history.lastIndex {
            if case .taskOffered(let step, _, "analytics-team", _) = $0.kind {
                return instance.program.name(of: step) == "final_report"
            }
            return false
        })
    // The inputs are resolved before the offer is recorded.
    let expected = Value.list(
        instance.history[..<offer].map { $0.value(program: instance.program) })
    let report = try harness.openTask("analytics-team")
    #expect(report.inputs["workflow_history"] == expected)

    _ = try harness.work("analytics-team", after: 14 * minute, output: ["report": "Deployed"])
    #expect(instance.history.count > offer + 1)
    let node = try #require(instance.node("final_report"))
    #expect(node.inputs?["workflow_history"] == expected)
    #expect(node.inputs?["final_status"] == "running")

    let data = try JSONEncoder().encode(instance.snapshot)
    let restored = try JSONDecoder().decode(InstanceSnapshot.self, from: data)
    #expect(restored == instance.snapshot)
    let index = try #require(instance.program.definition.index(ofStep: "final_report"))
    #expect(restored.nodes[index].inputs == node.inputs)
}

/// Deferred inputs that read a step as well as the history see that step as it stood at
/// the offer, though it ends afterwards: the offer keeps a copy of each step it reads.
@Test func deferredInputsReadStepsAsTheyStoodAtTheOffer() throws {
    let harness = try Harness(
        yaml: """
            name: side-by-side
            steps:
              - id: both
                type: parallel
                steps:
                  - id: slow
                    type: task
                    team: team-a
                    action: work
                  - id: report
                    type: task
                    team: team-b
                    action: write
                    inputs:
                      history: ${workflow.history}
                      slow_status: ${steps.slow.status}
                      slow_outputs: ${steps.slow.outputs}
            """)
    let instance = try harness.start([:])
    let slow = try #require(harness.engine.tasks(team: "team-a").first)
    try harness.engine.claim(task: slow.number, team: "team-a", agent: "a-1")
    try harness.engine.complete(task: slow.number, output: ["x": 1])
    harness.drain()
    #expect(instance.node("slow")?.status == .completed)

    let report = try #require(harness.engine.tasks(team: "team-b").first)
    #expect(report.inputs["slow_status"] == "offered")
    #expect(report.inputs["slow_outputs"] == .null)
    #expect(report.inputs["history"].listCount == 3)
    #expect(instance.node("report")?.inputs == report.inputs)
}

/// Inputs built from the workflow's inputs alone are built once for equal workflow inputs
/// and shared; an instance started with other inputs gets its own.
@Test func inputsFromWorkflowInputsFollowEachInstancesInputs() throws {
    let harness = try Harness.seed()
    func modelInfo(_ model: String) -> Value {
        [
            "model_info": [
                "provider": "OpenAI", "current_model": "gpt-4", "model": .string(model),
                "reason": "r", "urgency": "low",
            ]
        ]
    }
    let first = try harness.start(modelInfo("gpt-4-turbo"))
    let second = try harness.start(modelInfo("gpt-4o"))
    let third = try harness.start(modelInfo("gpt-4-turbo"))
    let models = harness.engine.tasks(team: "engineering-team").map {
        $0.inputs["model"]["model"]
    }
    #expect(models == ["gpt-4-turbo", "gpt-4o", "gpt-4-turbo"])
    for instance in [first, second, third] {
        let node = try #require(instance.node("initial_assessment"))
        #expect(node.inputs?["model"] == instance.inputs["model_info"])
    }
}

/// Workflow inputs equal to the last ones but written differently (`-0` against `0`) get
/// inputs built from their own value, not the last instance's.
@Test func inputsFromWorkflowInputsKeepEachInstancesOwnWriting() throws {
    let harness = try Harness(
        yaml: """
            name: signed
            inputs:
              - name: level
                type: number
            steps:
              - id: measure
                type: task
                team: lab
                action: measure
                inputs:
                  level: ${inputs.level}
            """)
    try harness.start(["level": .number(-0.0)])
    try harness.start(["level": .number(0)])
    let levels = harness.engine.tasks(team: "lab").map { $0.inputs["level"] }
    #expect(levels.count == 2)
    #expect(levels[0].isIdentical(to: .number(-0.0)))
    #expect(levels[1].isIdentical(to: .number(0)))
}

/// An approval's message is built when read, from the instance as it stood at the offer:
/// a step that ends afterwards, and the history that grows, leave it as it was.
@Test func approvalMessagesAreTheInstanceAsItStoodAtTheOffer() throws {
    let harness = try Harness(
        yaml: """
            name: sign-off
            inputs:
              - name: owner
                type: string
            steps:
              - id: both
                type: parallel
                steps:
                  - id: slow
                    type: task
                    team: team-a
                    action: work
                  - id: sign
                    type: approval
                    approvers:
                      - team: board
                    message: "${inputs.owner}: slow is ${steps.slow.status}, ${steps.slow.outputs.x}"
              - id: recap
                type: approval
                approvers:
                  - team: board
                message: "${workflow.history}"
            """)
    let instance = try harness.start(["owner": "ana"])
    let expected: Value = ["message": "ana: slow is offered, null"]
    #expect(try harness.openTask("board").inputs == expected)
    _ = try harness.work("team-a", output: ["x": 7])
    #expect(instance.node("slow")?.status == .completed)
    #expect(try harness.openTask("board").inputs == expected)
    #expect(instance.node("sign")?.inputs == expected)

    try harness.decide("board", .approve)
    // The recap reads the history up to its offer (its own `approval_waiting` comes after);
    // more events afterwards change nothing.
    let recap = try harness.openTask("board").inputs
    let waiting = try #require(instance.history.lastIndex { $0.name == "approval_waiting" })
    let seen = Value.list(instance.history[..<waiting].map { $0.value(program: instance.program) })
    #expect(recap == ["message": seen])
    #expect(seen.listCount == 8)
    harness.advance(by: Durations.hour)
    try harness.decide("board", .approve)
    #expect(instance.history.count > waiting + 1)
    #expect(instance.node("recap")?.inputs == recap)
    #expect(instance.status == .completed)
}
