import ChoreoEngine
import Testing

/// A claimed task of instance 1, as a store would read it back.
private func claimedTask(_ number: Int) -> TeamTask {
    TeamTask(
        number: number, instance: 1, instanceID: "wf-1", step: 0, stepID: "review",
        kind: .task, team: "qa-team", role: nil, action: "review", inputs: [:],
        status: .claimed, claimedBy: "qa-1", offeredAt: 0, claimedAt: 10, endedAt: nil,
        deadline: nil, attempt: 1, output: nil)
}

/// A store that keeps closed tasks keeps the closed one with its status, end and output.
@Test func aStoreThatKeepsFinishedTasksKeepsTheClosedTask() {
    let store = InMemoryStore()
    store.insert(claimedTask(1))
    store.closeTask(1, .completed, at: 20, output: ["report": "done"])
    let closed = store.task(1)
    #expect(closed?.status == .completed)
    #expect(closed?.endedAt == 20)
    #expect(closed?.output == ["report": "done"])
}

/// A store that drops closed tasks drops it, and still hands its recorder the closed task
/// with its every change.
@Test func aStoreThatDropsFinishedTasksStillRecordsTheClosedTask() {
    let recorder = InMemoryStore()
    let store = InMemoryStore(keepsFinished: false)
    store.recorder = recorder
    store.insert(claimedTask(1))
    store.insert(claimedTask(2))
    store.closeTask(1, .failed, at: 30, output: ["error_type": "broken"])
    #expect(store.task(1) == nil)
    #expect(store.task(2)?.status == .claimed)
    let recorded = recorder.task(1)
    #expect(recorded?.status == .failed)
    #expect(recorded?.endedAt == 30)
    #expect(recorded?.output == ["error_type": "broken"])

    let alone = InMemoryStore(keepsFinished: false)
    alone.insert(claimedTask(3))
    alone.closeTask(3, .completed, at: 40, output: [:])
    #expect(alone.task(3) == nil)
}

/// A store claims a pending task of a running instance for the team it is offered to, and
/// hands its recorder the claimed task; any other claim changes nothing.
@Test func aStoreClaimsOnlyAPendingTaskOfItsTeam() throws {
    let harness = try Harness(
        yaml: """
            name: one-step
            steps:
              - { id: write, team: docs-team, action: write_report }
            """)
    let recorder = InMemoryStore()
    harness.store.recorder = recorder
    try harness.start([:])
    let number = try harness.openTask("docs-team").number
    #expect(harness.store.claimPendingTask(number, team: "qa-team", agent: "qa-1", at: 5) == nil)
    #expect(harness.store.task(number)?.status == .pending)
    let claimed = harness.store.claimPendingTask(number, team: "docs-team", agent: "d-1", at: 7)
    #expect(claimed?.task.status == .claimed)
    #expect(claimed?.task.number == number)
    #expect(claimed?.instance.serial == 1)
    #expect(harness.store.task(number)?.claimedBy == "d-1")
    #expect(harness.store.task(number)?.claimedAt == 7)
    #expect(recorder.task(number)?.claimedBy == "d-1")
    #expect(harness.store.claimPendingTask(number, team: "docs-team", agent: "d-2", at: 9) == nil)
    #expect(harness.store.task(number)?.claimedBy == "d-1")
    #expect(harness.store.claimPendingTask(999, team: "docs-team", agent: "d-2", at: 9) == nil)
}

/// A change that closes a task removes it from a store that drops closed tasks; one that
/// leaves it open changes it in place.
@Test func updatingATaskRemovesItOnlyWhenItCloses() {
    let store = InMemoryStore(keepsFinished: false)
    store.insert(claimedTask(1))
    store.updateTask(1) { $0.claimedBy = "qa-2" }
    #expect(store.task(1)?.claimedBy == "qa-2")
    store.updateTask(1) { $0.status = .cancelled }
    #expect(store.task(1) == nil)
}

/// `update(_:removingIf:)` changes an element in place and removes it when asked, with
/// the entries after it still found.
@Test func numberTableUpdateRemovesWhenTheChangeSaysSo() {
    var table = NumberTable<[Int]>()
    for number in 1...40 { table[number] = [number] }
    table.update(
        7,
        removingIf: { element in
            element.append(70)
            return false
        })
    #expect(table[7] == [7, 70])
    table.update(8, removingIf: { _ in true })
    table.update(99, removingIf: { _ in true })
    #expect(table[8] == nil)
    #expect(table.count == 39)
    for number in 1...40 where number != 8 { #expect(table[number]?.first == number) }
}

/// A workflow of one step whose output is the workflow's output.
private let oneStepWithAnOutput = """
    name: one-step
    outputs:
      - name: report
    steps:
      - id: write
        team: docs-team
        action: write_report
        outputs: [report]
    """

/// The workflow outputs are `null` while the instance runs, and collected once it ends.
@Test func workflowOutputsAreNullUntilTheInstanceEnds() throws {
    let harness = try Harness(yaml: oneStepWithAnOutput)
    let instance = try harness.start([:])
    #expect(instance.outputs == .null)
    try harness.work("docs-team", output: ["report": "written"])
    #expect(instance.status == .completed)
    #expect(instance.outputs == ["report": "written"])
}

/// An instance restored while it runs has no outputs yet (they are collected when it
/// ends); one restored after it ended keeps the outputs it was saved with.
@Test func restoredInstancesKeepOnlyTheOutputsOfAnEndedRun() throws {
    let harness = try Harness(yaml: oneStepWithAnOutput)
    let running = try harness.start([:])
    let restored = try InstanceState(restoring: running.snapshot, program: running.program)
    try harness.work("docs-team", output: ["report": "written"])
    #expect(running.outputs == ["report": "written"])
    #expect(restored.outputs == .null)
    var ended = running.snapshot
    ended.outputs = ["report": "as saved"]
    let restoredEnded = try InstanceState(restoring: ended, program: running.program)
    #expect(restoredEnded.outputs == ["report": "as saved"])
}
