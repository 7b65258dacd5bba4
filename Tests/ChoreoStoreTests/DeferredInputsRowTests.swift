import ChoreoEngine
import Foundation
import GRDB
import Testing

@testable import ChoreoStore

/// The seed's `final_report` task row holds its inputs' value, history and all, byte for
/// byte as before they were deferred, whether the store commits every command or once.
@Test(arguments: [SQLiteStore.Mode.perCommand, .batched(commands: 1_000)])
func deferredInputsRowHoldsTheValuesText(mode: SQLiteStore.Mode) throws {
    let (memory, _) = try referenceRun()
    let path = temporaryDatabase()
    let clock = ManualClock(now: seedStart)
    let store = try SQLiteStore(path: path, mode: mode, workflows: [seedProgram])
    let engine = Engine(clock: clock, store: store)
    engine.register(seedProgram)
    let driver = Driver(clock: clock, engine: engine, timers: { store.pendingTimers })
    for move in seedScript { try driver.play(move) }
    store.flush()
    let expected = try #require(
        (1...memory.counters.lastTask).compactMap { memory.task($0) }
            .first { $0.stepID == "final_report" })
    let stored = try DatabaseQueue(path: path).read { db in
        try String.fetchOne(
            db, sql: "SELECT input_data FROM workflow_team_tasks WHERE number = ?",
            arguments: [expected.number])
    }
    #expect(stored == expected.inputs.json)
    #expect(stored?.contains(#""workflow_history":[{"event":"workflow_started""#) == true)
}
