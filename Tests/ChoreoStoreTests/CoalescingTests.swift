import ChoreoEngine
import ChoreoStore
import Foundation
import Testing

/// A batch writes each row once, as it is at the write, and rows written by a read in the
/// middle of the batch are updated afterwards: the seed run in one batch reopens as the
/// in-memory run, timers set and removed included.
@Test func oneBatchWritesEachTaskOnceInItsFinalState() throws {
    let (memory, expected) = try referenceRun()
    let (path, clock, store, engine) = try batchedSeedEngine()
    let driver = Driver(clock: clock, engine: engine, timers: { store.pendingTimers })
    // `pendingTimers` reads the database, so each move writes what the last one changed;
    // the timers set and removed between two moves must leave no row behind.
    for move in seedScript { try driver.play(move) }
    store.flush()
    let tasks = memory.counters.lastTask
    #expect(store.taskChanges > 2 * tasks)

    let reopened = try SQLiteStore(path: path, workflows: [seedProgram])
    let instance = try #require(reopened.allInstances.first)
    #expect(instance.snapshot == expected.last)
    #expect(reopened.tasks(instance: instance.id) == (1...tasks).compactMap { memory.task($0) })
    #expect(reopened.pendingTimers == memory.pendingTimers)
}

/// Driven without reads of the database in between (the team's queue read before the
/// start), a batch writes each task row once, in its final state.
@Test func tasksChangedWithinOneBatchAreOneInsertEach() throws {
    let (path, _, store, engine) = try batchedSeedEngine()
    #expect(engine.tasks(team: "engineering-team").isEmpty)
    try engine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
    let task = try #require(engine.tasks(team: "engineering-team").first)
    try engine.claim(task: task.number, team: task.team, agent: "agent")
    try engine.complete(
        task: task.number, output: ["compatibility_report": "ok", "cost_delta": 650])
    store.flush()
    #expect(store.taskChanges == store.counters.lastTask + 2)
    #expect(store.taskRowsWritten == store.counters.lastTask)
    let reopened = try SQLiteStore(path: path, workflows: [seedProgram])
    #expect(reopened.task(task.number)?.status == .completed)
}

/// An engine for the seed workflow on a new database batched 1,000 commands a write.
func batchedSeedEngine() throws -> (String, ManualClock, SQLiteStore, Engine) {
    let path = temporaryDatabase()
    let clock = ManualClock(now: seedStart)
    let store = try SQLiteStore(
        path: path, mode: .batched(commands: 1_000), workflows: [seedProgram])
    let engine = Engine(clock: clock, store: store)
    engine.register(seedProgram)
    return (path, clock, store, engine)
}
