import ChoreoEngine
import Testing

@Test func parallelAllSuccessFailsAtTheFirstFailureAndCancelsTheRest() throws {
    let harness = try Harness(
        yaml: """
            name: fail-fast
            steps:
              - id: both
                type: parallel
                steps:
                  - { id: a, team: alpha, action: work }
                  - { id: b, team: beta, action: work }
              - { id: after, team: alpha, action: work }
            """)
    let instance = try harness.start([:])
    try harness.failTask("alpha", errorType: "broken")
    #expect(instance.status == .failed)
    #expect(harness.status(instance, "a") == .failed)
    #expect(harness.status(instance, "b") == .cancelled)
    #expect(harness.status(instance, "both") == .failed)
    #expect(harness.status(instance, "after") == .skipped)
    #expect(harness.engine.tasks(team: "beta").isEmpty)
    #expect(instance.failure?.errorType == "broken")
}

@Test func parallelAlwaysContinuesEvenWhenEveryChildFails() throws {
    let harness = try Harness(
        yaml: """
            name: always
            steps:
              - id: both
                type: parallel
                continue_on: always
                steps:
                  - { id: a, team: alpha, action: work }
                  - { id: b, team: beta, action: work }
              - { id: after, team: alpha, action: work }
            """)
    let instance = try harness.start([:])
    try harness.failTask("alpha", errorType: "broken")
    try harness.failTask("beta", errorType: "broken")
    #expect(harness.status(instance, "both") == .partial)
    try harness.work("alpha")
    #expect(instance.status == .completed)
}

@Test func partialSuccessWithNoSuccessFailsWithTheFirstChildsError() throws {
    let harness = try Harness(
        yaml: """
            name: partial
            steps:
              - id: both
                type: parallel
                continue_on: partial_success
                steps:
                  - { id: a, team: alpha, action: work }
                  - { id: b, team: beta, action: work }
            """)
    let instance = try harness.start([:])
    try harness.failTask("beta", errorType: "first")
    try harness.failTask("alpha", errorType: "second")
    #expect(harness.status(instance, "both") == .failed)
    #expect(instance.failure?.errorType == "first")
}

@Test func quorumNeedsEnoughApprovalsAndAnyRejectionRejects() throws {
    let yaml = """
        name: quorum
        steps:
          - id: sign_off
            type: approval
            quorum: 2
            approvers:
              - { team: legal }
              - { team: finance, role: cfo }
              - { team: security }
          - { id: after, team: alpha, action: work }
        """
    let approving = try Harness(yaml: yaml)
    let instance = try approving.start([:])
    try approving.decide("legal", .approve)
    #expect(approving.status(instance, "sign_off") == .offered)
    try approving.decide("finance", role: "cfo", .approve)
    #expect(approving.status(instance, "sign_off") == .completed)
    #expect(approving.engine.tasks(team: "security").isEmpty)

    let rejecting = try Harness(yaml: yaml)
    let second = try rejecting.start([:])
    try rejecting.decide("legal", .approve)
    try rejecting.decide("security", .reject)
    #expect(second.status == .rejected)
    #expect(rejecting.engine.tasks(team: "finance").isEmpty)
}

@Test func decisionsRecordWhatWasDecidedAndWhoApproved() throws {
    let harness = try Harness(
        yaml: """
            name: decisions
            steps:
              - id: sign_off
                type: approval
                approvers: [{ team: legal }, { team: finance }]
              - { id: after, team: alpha, action: work }
            """)
    let instance = try harness.start([:])
    let legal = try harness.openTask("legal")
    let finance = try harness.openTask("finance")
    try harness.engine.decide(
        task: finance.number, team: "finance", decision: .approve, comment: "in budget")
    #expect(
        harness.store.task(finance.number)?.output == [
            "decision": "approve", "comment": "in budget",
        ])
    #expect(
        instance.node("sign_off")?.outputs == ["decision": "approve", "approved_by": "finance"])
    // The other approver's task was withdrawn, not decided.
    #expect(harness.store.task(legal.number)?.status == .cancelled)

    let second = try harness.start([:])
    try harness.decide("legal", .approve)
    #expect(second.node("sign_off")?.outputs == ["decision": "approve", "approved_by": "legal"])
    let third = try harness.start([:])
    let rejected = try harness.openTask("finance")
    try harness.decide("finance", .reject)
    #expect(harness.store.task(rejected.number)?.output == ["decision": "reject"])
    #expect(third.node("sign_off")?.outputs == ["decision": "reject"])
}

@Test func approvalTimeoutCanApproveOrFail() throws {
    func run(_ onTimeout: String) throws -> (Harness, InstanceState) {
        let harness = try Harness(
            yaml: """
                name: timeout-\(onTimeout)
                steps:
                  - id: ok
                    type: approval
                    approvers: [{ team: boss }]
                    timeout: 1h
                    on_timeout: \(onTimeout)
                  - { id: after, team: alpha, action: work }
                """)
        let instance = try harness.start([:])
        harness.advance(by: hour)
        return (harness, instance)
    }
    let (approving, approved) = try run("approve")
    #expect(approving.status(approved, "ok") == .completed)
    #expect(approving.engine.tasks(team: "alpha").count == 1)
    let (_, failed) = try run("fail")
    #expect(failed.status == .failed)
    #expect(failed.failure?.errorType == "approval_timeout")
}

@Test func retryWaitsForItsBackoffAndCountsTheFirstAttempt() throws {
    let harness = try Harness(
        yaml: """
            name: retrying
            steps:
              - { id: flaky, team: alpha, action: work }
            error_handlers:
              - error_type: glitch
                action: retry
                max_attempts: 3
                backoff: 5m
            """)
    let instance = try harness.start([:])
    try harness.failTask("alpha", errorType: "glitch")
    #expect(harness.status(instance, "flaky") == .waiting)
    #expect(harness.engine.tasks(team: "alpha").isEmpty)
    harness.advance(by: 4 * minute)
    #expect(harness.engine.tasks(team: "alpha").isEmpty)
    harness.advance(by: minute)
    try harness.failTask("alpha", errorType: "glitch")
    harness.advance(by: 5 * minute)
    #expect(try harness.openTask("alpha").attempt == 3)
    try harness.failTask("alpha", errorType: "glitch")
    #expect(instance.status == .failed)
    #expect(instance.node("flaky")?.attempts == 3)
}

@Test func aReleasedTaskGoesBackToItsTeamsQueue() throws {
    let harness = try Harness(
        yaml: """
            name: release
            steps:
              - { id: only, team: alpha, action: work }
            """)
    let instance = try harness.start([:])
    let task = try harness.openTask("alpha")
    try harness.engine.claim(task: task.number, team: "alpha", agent: "a1")
    try harness.engine.release(task: task.number)
    #expect(harness.engine.task(task.number)?.status == .pending)
    #expect(harness.status(instance, "only") == .offered)
    try harness.engine.claim(task: task.number, team: "alpha", agent: "a2")
    #expect(harness.engine.task(task.number)?.claimedBy == "a2")
}

@Test func emptyBranchesAndSequencesCompleteAtOnce() throws {
    let harness = try Harness(
        yaml: """
            name: empty-branches
            inputs:
              - { name: go, type: boolean }
            steps:
              - id: choose
                type: condition
                condition: ${inputs.go}
                if_true:
                  steps:
                    - { id: go_on, team: alpha, action: work }
              - { id: last, team: beta, action: work }
            """)
    let instance = try harness.start(["go": false])
    #expect(harness.status(instance, "go_on") == .skipped)
    #expect(harness.status(instance, "choose") == .completed)
    try harness.work("beta")
    #expect(instance.status == .completed)
}

@Test func theSameCommandsGiveTheSameHistory() throws {
    func run() throws -> [HistoryEvent] {
        let harness = try Harness.seed()
        _ = try playAssessment(harness)
        try harness.decide("executive-team", role: "cfo", .approve)
        try playTests(harness)
        try playAnalysis(harness)
        try playRollout(harness)
        try harness.work("analytics-team", output: ["report": "done"])
        return Array(try #require(harness.store.allInstances.first).history)
    }
    #expect(try run() == run())
}

/// A step's outputs hold each declared field under both names, built from what each
/// completion returned: equal outputs give equal step outputs, a different one its own.
@Test func declaredOutputsFollowEachCompletionsOutput() throws {
    let harness = try Harness.seed()
    let instances = try (0..<3).map { _ in try harness.start() }
    let returned: [Value] = [
        ["compatibility_report": "ok", "cost_delta": 650],
        ["compatibility_report": "ok", "estimated_cost_increase": 100],
        ["report": "ok", "cost_delta": 650],
    ]
    let tasks = harness.engine.tasks(team: "engineering-team")
    for (task, output) in zip(tasks, returned) {
        try harness.engine.claim(task: task.number, team: "engineering-team", agent: "eng-1")
        try harness.engine.complete(task: task.number, output: output)
        harness.drain()
    }
    let outputs = try instances.map { try #require($0.node("initial_assessment")?.outputs) }
    #expect(outputs.map { $0["estimated_cost_increase"] } == [650, 100, 650])
    #expect(outputs.map { $0["cost_delta"] } == [650, 100, 650])
    #expect(outputs.map { $0["report"] } == ["ok", "ok", "ok"])
    #expect(outputs.map { $0["compatibility_report"] } == ["ok", "ok", "ok"])
    #expect(outputs[0] == outputs[2])
}

/// Outputs returned with the same fields in the same order and other values (a simulated
/// report copied from one template, a value drawn for each) get their aliases from the last
/// outputs built, with their own values; other fields, or other names, are built anew.
@Test func aliasedOutputsWithTheSameFieldsTakeTheirOwnValues() throws {
    let harness = try Harness.seed()
    let count = 8
    let instances = try (0..<count).map { _ in try harness.start() }
    // Sized for every field, as the simulator's are, so that each copy keeps its layout.
    var template = [String: Value](minimumCapacity: 3)
    template["compatibility_report"] = "ok"
    var expected: [Value] = []
    let tasks = harness.engine.tasks(team: "engineering-team")
    for (index, task) in tasks.enumerated() {
        var output = template
        let cost = Value.number(Double(index * 100))
        switch index {
        case 5:  // another field besides
            output["cost_delta"] = cost
            output["note"] = "extra"
            expected.append([
                "compatibility_report": "ok", "report": "ok", "cost_delta": cost,
                "estimated_cost_increase": cost, "note": "extra",
            ])
        case 6:  // the alias returned instead of the field
            output["estimated_cost_increase"] = cost
            expected.append([
                "compatibility_report": "ok", "report": "ok", "cost_delta": cost,
                "estimated_cost_increase": cost,
            ])
        default:
            output["cost_delta"] = cost
            expected.append([
                "compatibility_report": "ok", "report": "ok", "cost_delta": cost,
                "estimated_cost_increase": cost,
            ])
        }
        try harness.engine.claim(task: task.number, team: "engineering-team", agent: "eng-1")
        try harness.engine.complete(task: task.number, output: .object(output))
        harness.drain()
    }
    #expect(tasks.count == count)
    let outputs = try instances.map { try #require($0.node("initial_assessment")?.outputs) }
    #expect(outputs == expected)
}

/// Aliased outputs returned again (a copy, or the same fields built apart, in another
/// layout) get the outputs last built; a changed value, a NaN included, gets its own
/// outputs, and so does every output after a NaN (whose outputs are not learned).
@Test func aliasedOutputsReturnedAgainGetTheLastOnesAndAChangedValueItsOwn() throws {
    let harness = try Harness.seed()
    func report(_ cost: Double, capacity: Int = 2) -> Value {
        var fields = [String: Value](minimumCapacity: capacity)
        fields["compatibility_report"] = "ok"
        fields["cost_delta"] = .number(cost)
        return .object(fields)
    }
    let first = report(100)
    let returned: [Value] = [
        first, first, report(100, capacity: 200), report(-0.0), report(0), report(.nan),
        report(.nan), report(7), report(7),
    ]
    let instances = try returned.map { _ in try harness.start() }
    let tasks = harness.engine.tasks(team: "engineering-team")
    #expect(tasks.count == returned.count)
    for (task, output) in zip(tasks, returned) {
        try harness.engine.claim(task: task.number, team: "engineering-team", agent: "eng-1")
        try harness.engine.complete(task: task.number, output: output)
        harness.drain()
    }
    for (instance, output) in zip(instances, returned) {
        guard case .object(var expected) = output else { continue }
        expected["report"] = "ok"
        expected["estimated_cost_increase"] = expected["cost_delta"]
        let outputs = try #require(instance.node("initial_assessment")?.outputs)
        #expect(outputs.isIdentical(to: .object(expected)), "\(outputs) for \(output)")
    }
}

/// Without aliases, a copy of an output already checked passes as it is; any other output
/// is checked anew: one missing a declared field is refused even after copies passed.
@Test func unaliasedOutputsAreCheckedUnlessACopyOfTheLastPassed() throws {
    let harness = try Harness(
        yaml: """
            name: plain
            steps:
              - id: measure
                type: task
                team: lab
                action: measure
                outputs:
                  level: level
            """)
    let report: Value = ["level": 3, "note": "steady"]
    for output in [report, report, ["level": 4]] as [Value] {
        let instance = try harness.start([:])
        try harness.work("lab", output: output)
        #expect(instance.node("measure")?.outputs?.isIdentical(to: output) == true)
    }
    try harness.start([:])
    let task = try harness.openTask("lab")
    try harness.engine.claim(task: task.number, team: "lab", agent: "lab-agent")
    #expect(throws: EngineError.self) {
        try harness.engine.complete(task: task.number, output: ["note": "no level"])
    }
    try harness.engine.complete(task: task.number, output: report)
}

/// Inputs built from steps' outputs are reused only for identical workflow inputs and
/// identical outputs: a different output, or different workflow inputs, gives inputs of
/// their own, and a step that has not run reads as null.
@Test func inputsReadingOutputsFollowThoseOutputs() throws {
    let harness = try Harness(
        yaml: """
            name: relay
            inputs: [{ name: region, type: string }]
            steps:
              - id: first
                type: task
                team: lab
                action: measure
              - id: second
                type: task
                team: desk
                action: report
                inputs:
                  level: ${steps.first.outputs.level}
                  region: ${inputs.region}
                  skipped: ${steps.third.outputs}
              - id: third
                type: task
                team: lab
                action: close
            """)
    func offered(region: String, output: Value) throws -> Value {
        try harness.start(["region": .string(region)])
        try harness.work("lab", output: output)
        let inputs = try harness.openTask("desk").inputs
        try harness.work("desk", output: [:])
        try harness.work("lab", output: [:])
        return inputs
    }
    let steady: Value = ["level": 3]
    #expect(
        try offered(region: "north", output: steady) == [
            "level": 3, "region": "north", "skipped": .null,
        ])
    #expect(
        try offered(region: "north", output: steady) == [
            "level": 3, "region": "north", "skipped": .null,
        ])
    #expect(
        try offered(region: "north", output: ["level": 4]) == [
            "level": 4, "region": "north", "skipped": .null,
        ])
    #expect(
        try offered(region: "south", output: ["level": 4]) == [
            "level": 4, "region": "south", "skipped": .null,
        ])
    #expect(
        try offered(region: "south", output: steady) == [
            "level": 3, "region": "south", "skipped": .null,
        ])
}

/// A workflow output comes from the last step, in definition order, that produced a field
/// or alias of its name; a later step that did not run, or returned nothing under it,
/// leaves the earlier value.
@Test func workflowOutputsComeFromTheLastStepThatProducedThem() throws {
    let harness = try Harness(
        yaml: """
            name: two-writers
            outputs: [summary]
            steps:
              - id: draft
                type: task
                team: writers
                action: draft
                outputs: { summary: text }
              - id: review
                type: task
                team: editors
                action: review
                outputs: { verdict: summary }
              - id: polish
                type: task
                team: writers
                action: polish
                outputs: { summary: summary }
            """)
    func run(review: Value, polish: Value) throws -> Value {
        let instance = try harness.start([:])
        try harness.work("writers", output: ["text": "first draft"])
        try harness.work("editors", output: review)
        try harness.work("writers", output: polish)
        #expect(instance.status == .completed)
        return instance.outputs["summary"]
    }
    #expect(try run(review: ["verdict": "fine"], polish: ["summary": "polished"]) == "polished")
    #expect(try run(review: ["verdict": "fine"], polish: ["summary": .null]) == "fine")
    #expect(try run(review: ["summary": "short"], polish: ["summary": .null]) == "short")
}

/// Conditions that compare literals and step outputs, which the engine evaluates from
/// operands prepared apart from the expression tree, come out as their expressions
/// evaluate them, explanations included.
@Test func preparedComparisonsAgreeWithTheirExpressions() throws {
    let conditions = [
        "steps.report.outputs.cost > 500", "500 >= steps.report.outputs.cost",
        "steps.report.outputs.cost <= 650", "steps.report.outputs.verdict == 'proceed'",
        "steps.report.outputs.verdict != 'proceed'", "steps.report.outputs.detail.level < 3",
        "steps.report.outputs.detail.missing > 1", "steps.report.outputs.verdict > 'abc'",
        "steps.report.outputs.cost > 500 && steps.report.outputs.detail.level > 1",
    ]
    var yaml = """
        name: comparisons
        steps:
          - { id: report, team: alpha, action: report, outputs: [cost, verdict, detail] }

        """
    for (index, condition) in conditions.enumerated() {
        yaml += """
              - id: check_\(index)
                type: condition
                condition: ${\(condition)}
                if_true:
                  steps:
                    - { id: then_\(index), team: beta, action: work }

            """
    }
    let harness = try Harness(yaml: yaml)
    let instance = try harness.start([:])
    try harness.work(
        "alpha", output: ["cost": 650, "verdict": "proceed", "detail": ["level": 2]])
    while !harness.engine.tasks(team: "beta").isEmpty { try harness.work("beta") }
    #expect(instance.status == .completed)
    let definition = instance.program.definition
    var explanations: [String?] = []
    for event in instance.history {
        guard case .conditionEvaluated(let step, let result, let explanation) = event.kind,
            case .condition(let condition) = definition.steps[step].kind,
            case .expression(let expression) = condition.condition
        else { continue }
        let expected = expression.evaluateExplained(in: instance)
        #expect(result == expected.value.isTruthy, "\(definition.steps[step].id)")
        #expect(explanation == expected.explanation, "\(definition.steps[step].id)")
        explanations.append(explanation?.text)
    }
    #expect(
        explanations == [
            "650 > 500", "500 >= 650", "650 <= 650", nil, nil, "2 < 3", "null > 1",
            "'proceed' > 'abc'", nil,
        ])
}
