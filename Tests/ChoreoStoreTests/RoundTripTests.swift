import ChoreoEngine
import ChoreoStore
import Foundation
import Testing

/// Plays the seed script on an in-memory store: the reference run.
func referenceRun() throws -> (InMemoryStore, [InstanceSnapshot]) {
    let store = InMemoryStore()
    let clock = ManualClock(now: seedStart)
    let driver = Driver(
        clock: clock, engine: Engine(clock: clock, store: store, workflows: []),
        timers: { store.pendingTimers })
    driver.engine.register(seedProgram)
    var snapshots: [InstanceSnapshot] = []
    for move in seedScript {
        try driver.play(move)
        snapshots.append(store.allInstances[0].snapshot)
    }
    return (store, snapshots)
}

@Test func seedRunReopenedAfterEveryCommandMatchesTheInMemoryRun() throws {
    let (memory, expected) = try referenceRun()
    let path = temporaryDatabase()
    let clock = ManualClock(now: seedStart)
    for (position, move) in seedScript.enumerated() {
        // A new store and engine for every move: nothing survives but the file.
        let store = try SQLiteStore(path: path, workflows: [seedProgram])
        let engine = Engine(clock: clock, store: store)
        engine.register(seedProgram)
        try Driver(clock: clock, engine: engine, timers: { store.pendingTimers }).play(move)
        let live = try #require(store.allInstances.first).snapshot
        let reopened = try SQLiteStore(path: path, workflows: [seedProgram])
        let restored = try #require(reopened.allInstances.first).snapshot
        #expect(restored == live, "move \(position): \(move)")
        #expect(restored == expected[position], "move \(position): \(move)")
        #expect(reopened.counters == memory.counters || position + 1 < seedScript.count)
        #expect(reopened.pendingTimers == pendingTimers(after: position))
    }
    let final = try SQLiteStore(path: path)
    let instance = try #require(final.allInstances.first)
    #expect(instance.status == .completed)
    let memoryTasks = (1...memory.counters.lastTask).compactMap { memory.task($0) }
    #expect(final.tasks(instance: instance.id) == memoryTasks)
}

/// The in-memory run's pending timers after move `position`, replayed.
private func pendingTimers(after position: Int) -> [TimerRecord] {
    let store = InMemoryStore()
    let clock = ManualClock(now: seedStart)
    let driver = Driver(
        clock: clock, engine: Engine(clock: clock, store: store), timers: { store.pendingTimers })
    driver.engine.register(seedProgram)
    for move in seedScript.prefix(position + 1) { try! driver.play(move) }
    return store.pendingTimers
}

@Test func reopenedStoreRestoresWorkflowFromStoredSourceWithoutRegistration() throws {
    let path = temporaryDatabase()
    do {
        let store = try SQLiteStore(path: path, workflows: [seedProgram])
        let clock = ManualClock(now: seedStart)
        let engine = Engine(clock: clock, store: store)
        engine.register(seedProgram)
        try Driver(clock: clock, engine: engine, timers: { store.pendingTimers }).play(.start)
    }
    let store = try SQLiteStore(path: path)
    let instance = try #require(store.instance(id: "wf-2025-01-22-ai-model-update-001"))
    #expect(instance.program.definition.name == "ai-model-update")
    #expect(store.openTasks(team: "engineering-team").map(\.stepID) == ["initial_assessment"])
    #expect(store.overdueTimers(now: seedStart + hour).isEmpty)
    #expect(store.overdueTimers(now: seedStart + 2 * hour).count == 1)
}

@Test func valueAndSnapshotSurviveJSONCoding() throws {
    let (_, snapshots) = try referenceRun()
    let last = try #require(snapshots.last)
    let data = try JSONEncoder().encode(last)
    #expect(try JSONDecoder().decode(InstanceSnapshot.self, from: data) == last)
    let restored = try InstanceState(restoring: last, program: seedProgram)
    #expect(restored.snapshot == last)
}

@Test func jsonTextParsesBackToTheSameValue() throws {
    let value: Value = [
        "text": "line\n\"quoted\" \\ tab\t é 😀", "numbers": [0, -1.5, 650, 1e20, 0.1],
        "flags": [true, false, nil], "nested": ["empty": [:], "list": []],
    ]
    #expect(Value(json: value.json) == value)
    #expect(Value(json: value.prettyJSON) == value)
    #expect(Value(json: #"{"a": "\u00e9\ud83d\ude00"}"#) == ["a": "é😀"])
    let refused = [
        "{\"a\": 1", "[1, 2] x", "", "nul", "\"open",
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
    ]
    for text in refused {
        #expect(Value(json: text).map(\.json) == Optional<String>.none, "\(text)")
    }
}
