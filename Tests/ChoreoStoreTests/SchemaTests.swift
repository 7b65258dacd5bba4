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
    #expect(version == 2)
}
