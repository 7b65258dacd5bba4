import ChoreoEngine
import Testing

/// Expects `body` to be refused with `code`, and the refusal to leave no effect behind.
func expectRefusal(
    _ code: EngineError.Code, _ harness: Harness,
    sourceLocation: Testing.SourceLocation = #_sourceLocation,
    _ body: () throws(EngineError) -> Void
) {
    let before = harness.store.allInstances.map { $0.history.count }
    do {
        try body()
        Issue.record("expected a refusal (\(code.rawValue))", sourceLocation: sourceLocation)
    } catch {
        #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
        #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
    }
    #expect(!harness.engine.hasEffects, sourceLocation: sourceLocation)
    #expect(
        harness.store.allInstances.map { $0.history.count } == before,
        sourceLocation: sourceLocation)
}

@Test func claimingAnotherTeamsTaskIsRefused() throws {
    let harness = try Harness.seed()
    try harness.start()
    let task = try harness.openTask("engineering-team")
    expectRefusal(.wrongTeam, harness) { () throws(EngineError) in
        try harness.engine.claim(task: task.number, team: "sales-team", agent: "s1")
    }
    #expect(harness.engine.task(task.number)?.status == .pending)
}

@Test func claimingTwiceIsRefused() throws {
    let harness = try Harness.seed()
    try harness.start()
    let task = try harness.openTask("engineering-team")
    try harness.engine.claim(task: task.number, team: "engineering-team", agent: "e1")
    harness.drain()
    expectRefusal(.alreadyClaimed, harness) { () throws(EngineError) in
        try harness.engine.claim(task: task.number, team: "engineering-team", agent: "e2")
    }
    #expect(harness.engine.task(task.number)?.claimedBy == "e1")
}

/// `claimTask` claims as `claim` does, returning the claimed task's summary, and is
/// refused for the same reasons, changing nothing.
@Test func claimTaskReturnsTheClaimedSummaryAndRefusesAsClaimDoes() throws {
    let harness = try Harness.seed()
    try harness.start()
    let task = try harness.openTask("engineering-team")
    expectRefusal(.wrongTeam, harness) { () throws(EngineError) in
        try harness.engine.claimTask(task.number, team: "sales-team", agent: "s1")
    }
    expectRefusal(.unknownTask, harness) { () throws(EngineError) in
        try harness.engine.claimTask(999_999, team: "engineering-team", agent: "e1")
    }
    let summary = try harness.engine.claimTask(task.number, team: "engineering-team", agent: "e1")
    let stored = try #require(harness.engine.task(task.number))
    #expect(summary == TaskSummary(stored))
    #expect(summary.status == .claimed && stored.claimedBy == "e1")
    #expect(summary.team == "engineering-team" && summary.attempt == 1)
    harness.drain()
    expectRefusal(.alreadyClaimed, harness) { () throws(EngineError) in
        try harness.engine.claimTask(task.number, team: "engineering-team", agent: "e2")
    }
}

@Test func completingAnUnclaimedOrFinishedTaskIsRefused() throws {
    let harness = try Harness.seed()
    try harness.start()
    let task = try harness.openTask("engineering-team")
    let output: Value = ["compatibility_report": "ok", "cost_delta": 10]
    expectRefusal(.notClaimed, harness) { () throws(EngineError) in
        try harness.engine.complete(task: task.number, output: output)
    }
    try harness.engine.claim(task: task.number, team: "engineering-team", agent: "e1")
    try harness.engine.complete(task: task.number, output: output)
    harness.drain()
    expectRefusal(.taskClosed, harness) { () throws(EngineError) in
        try harness.engine.complete(task: task.number, output: output)
    }
    expectRefusal(.unknownTask, harness) { () throws(EngineError) in
        try harness.engine.complete(task: 999, output: output)
    }
}

@Test func anOutputMissingADeclaredFieldIsRefusedAndTheTaskStaysClaimed() throws {
    let harness = try Harness.seed()
    try harness.start()
    let task = try harness.openTask("engineering-team")
    try harness.engine.claim(task: task.number, team: "engineering-team", agent: "e1")
    harness.drain()
    do {
        try harness.engine.complete(task: task.number, output: ["cost_delta": 10])
        Issue.record("expected a refusal")
    } catch {
        #expect(error.code == .missingOutput)
        #expect(error.message.contains("'compatibility_report' (or 'report')"))
    }
    #expect(harness.engine.task(task.number)?.status == .claimed)
    // The alias satisfies the declared pair as well as the field.
    try harness.engine.complete(task: task.number, output: ["report": "ok", "cost_delta": 10])
    #expect(harness.engine.task(task.number)?.status == .completed)
}

@Test func decidingWithoutBeingTheNamedApproverIsRefused() throws {
    let harness = try Harness.seed()
    _ = try playAssessment(harness)
    let approval = try harness.openTask("executive-team")
    expectRefusal(.notApprover, harness) { () throws(EngineError) in
        try harness.engine.decide(task: approval.number, team: "sales-team", decision: .approve)
    }
    expectRefusal(.notApprover, harness) { () throws(EngineError) in
        try harness.engine.decide(
            task: approval.number, team: "executive-team", role: "cto", decision: .approve)
    }
    expectRefusal(.invalidDecision, harness) { () throws(EngineError) in
        try harness.engine.decide(
            task: approval.number, team: "executive-team", role: "cfo", decision: .skip)
    }
    expectRefusal(.wrongKind, harness) { () throws(EngineError) in
        try harness.engine.complete(task: approval.number, output: [:])
    }
}

@Test func wrongInputsAndUnknownWorkflowsAreRefusedAtStart() throws {
    let harness = try Harness.seed()
    expectRefusal(.unknownWorkflow, harness) { () throws(EngineError) in
        _ = try harness.engine.start(workflow: "ai-model-upgrade", inputs: seedInputs)
    }
    let wrong: Value = ["model_info": ["provider": "OpenAI", "model": 4, "reason": "r"]]
    do {
        _ = try harness.engine.start(workflow: "ai-model-update", inputs: wrong)
        Issue.record("expected a refusal")
    } catch {
        #expect(error.code == .invalidInputs)
        #expect(error.message.contains("'model_info.model' must be string, found integer"))
        #expect(error.message.contains("lacks 'urgency'"))
    }
    expectRefusal(.invalidInputs, harness) { () throws(EngineError) in
        _ = try harness.engine.start(workflow: "ai-model-update", inputs: [:])
    }
    #expect(harness.store.allInstances.isEmpty)
}

/// A live engine releases the expired claims it read before the command: if another
/// process released one and another agent claimed the task meanwhile, that new claim stays.
@Test func releasingAClaimThatWasReplacedIsRefused() throws {
    let harness = try Harness.seed()
    try harness.start()
    let task = try harness.openTask("engineering-team")
    try harness.engine.claim(task: task.number, team: "engineering-team", agent: "e1")
    let stale = try #require(harness.engine.task(task.number))
    try harness.engine.release(task: task.number, claimedAt: stale.claimedAt)
    harness.clock.advance(by: Durations.second)
    try harness.engine.claim(task: task.number, team: "engineering-team", agent: "e2")
    harness.drain()
    expectRefusal(.notClaimed, harness) { () throws(EngineError) in
        try harness.engine.release(task: task.number, claimedAt: stale.claimedAt)
    }
    #expect(harness.engine.task(task.number)?.claimedBy == "e2")
}
