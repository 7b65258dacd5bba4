import ChoreoEngine
import Foundation
import GRDB
import Testing

@testable import ChoreoStore

/// A store that commits every command writes the same rows as one that batches: after
/// every move of the seed script (the batched store flushed), every table's rows are the
/// same text, column by column.
@Test func perCommandRowsAreTheBatchedRowsAfterEveryMove() throws {
    let live = ModeRun(mode: .perCommand)
    let batched = ModeRun(mode: .batched(commands: 1_000))
    for (position, move) in seedScript.enumerated() {
        try live.driver.play(move)
        try batched.driver.play(move)
        batched.store.flush()
        let expected = try batched.rows()
        #expect(try live.rows() == expected, "move \(position): \(move)")
        #expect(expected.contains { $0.hasPrefix("workflow_instances") })
    }
}

/// One scripted seed run on a store of its own, and the rows of its file.
private final class ModeRun {
    let path = temporaryDatabase()
    let store: SQLiteStore
    let driver: Driver

    init(mode: SQLiteStore.Mode) {
        let clock = ManualClock(now: seedStart)
        store = try! SQLiteStore(path: path, mode: mode, workflows: [seedProgram])
        let engine = Engine(clock: clock, store: store)
        engine.register(seedProgram)
        let store = store
        driver = Driver(clock: clock, engine: engine, timers: { store.pendingTimers })
    }

    /// Every row of the seed's tables (`workflow_events` as the view gives it: the
    /// batches' rows differ by design), one text a row with its table's name.
    func rows() throws -> [String] {
        let tables = [
            "workflow_definitions", "workflow_instances", "workflow_team_tasks",
            "workflow_events", "timers", "counters",
        ]
        return try DatabaseQueue(path: path).read { db in
            try tables.flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2").map {
                    "\(table) \($0)"
                }
            }
        }
    }
}
