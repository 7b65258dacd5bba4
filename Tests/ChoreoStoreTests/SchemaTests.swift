import ChoreoEngine
import ChoreoStore
import GRDB
import Testing

/// A team's queue is read through the index of open tasks, the one index a task's state
/// changes keep touching.
@Test func openTasksOfATeamAreReadThroughTheOpenTaskIndex() throws {
    let path = temporaryDatabase()
    _ = try SQLiteStore(path: path)
    let queue = try DatabaseQueue(path: path)
    let plan = try queue.read { db in
        try Row.fetchAll(
            db,
            sql: """
                EXPLAIN QUERY PLAN SELECT number FROM workflow_team_tasks
                WHERE team = ? AND status IN ('pending', 'claimed') ORDER BY number
                """, arguments: ["engineering-team"]
        ).map { row -> String in row["detail"] }
    }
    #expect(plan.contains { $0.contains("USING INDEX workflow_team_tasks_open") }, "\(plan)")
    #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
    let version = try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") }
    #expect(version == 10)
}

/// A task row's `id` is derived from its number, and its kind and status are checked.
@Test func taskRowsDeriveTheirIdAndRefuseAnUnknownStatus() throws {
    let path = temporaryDatabase()
    do {
        let store = try SQLiteStore(path: path, workflows: [seedProgram])
        let clock = ManualClock(now: seedStart)
        let engine = Engine(clock: clock, store: store)
        engine.register(seedProgram)
        let driver = Driver(clock: clock, engine: engine, timers: { store.pendingTimers })
        for move in seedScript { try driver.play(move) }
    }
    let queue = try DatabaseQueue(path: path)
    let rows = try queue.read { db in
        try Row.fetchAll(db, sql: "SELECT number, id FROM workflow_team_tasks ORDER BY number")
    }
    #expect(!rows.isEmpty)
    for row in rows {
        let number: Int = row["number"]
        #expect(row["id"] == "task-\(number)")
    }
    for column in ["status", "kind"] {
        #expect(throws: DatabaseError.self) {
            try queue.write { db in
                try db.execute(sql: "UPDATE workflow_team_tasks SET \(column) = 'done'")
            }
        }
    }
}

/// A file made for batched writing has 16 KiB pages, one made per command SQLite's
/// default; an existing file keeps its pages whatever the mode that opens it.
@Test func aBatchedStoreMakesItsFileWithLargerPages() throws {
    func pageSize(_ path: String) throws -> Int? {
        try DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: "PRAGMA page_size")
        }
    }
    let batched = temporaryDatabase()
    _ = try SQLiteStore(path: batched, mode: .batched(commands: 10))
    #expect(try pageSize(batched) == 16_384)
    let live = temporaryDatabase()
    _ = try SQLiteStore(path: live, mode: .perCommand)
    #expect(try pageSize(live) == 4_096)
    _ = try SQLiteStore(path: live, mode: .batched(commands: 10))
    #expect(try pageSize(live) == 4_096)
    _ = try SQLiteStore(path: batched, mode: .perCommand)
    #expect(try pageSize(batched) == 16_384)
}
