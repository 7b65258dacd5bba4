import GRDB

/// The statements a store runs at every command or write, each prepared once and kept.
///
/// GRDB's `cachedStatement(sql:)` finds a statement by its SQL text, hashed at every call:
/// some 1,300 instructions a lookup, 2,000 for a multi-row insert's long text, and a write
/// looks up seven or more (a tenth of a command in per-command mode). These are kept in an
/// array by `StoreStatement` instead. They belong to the store's one connection, and are
/// used by the thread that holds it (`StoreConnection`); a statement SQLite finds stale
/// after a schema change is prepared again by SQLite itself.
final class PreparedStatements {
    private var statements: [Statement?] = Array(
        repeating: nil, count: StoreStatement.allCases.count)

    /// The statement `which`, prepared on `db` the first time it is asked for.
    func callAsFunction(_ which: StoreStatement, in db: Database) throws -> Statement {
        if let statement = statements[which.rawValue] { return statement }
        let statement = try db.makeStatement(sql: which.sql)
        statements[which.rawValue] = statement
        return statement
    }

    /// The statement `which` if it was prepared already, without a connection at hand.
    func ifPrepared(_ which: StoreStatement) -> Statement? {
        statements[which.rawValue]
    }
}

/// A statement of the store's write path, with its SQL text.
enum StoreStatement: Int, CaseIterable {
    case begin, commit, dataVersion, saveCounter
    case insertInstance, updateInstance, insertTimer, removeTimer
    /// Inserts and deletes of `ChunkedRows.rowsPerStatement` timers.
    case insertTimers, removeTimers
    /// Updates of one task row and of `ChunkedRows.rowsPerStatement` (the number, then
    /// what a claim, release or close changes).
    case updateTask, updateTasks
    /// `updateInstance` without the status, for an instance whose status is as written.
    case updateInstanceKeepingStatus
    /// Inserts of one task row and of `ChunkedRows.rowsPerStatement` (`TaskRow.columns`).
    case insertTask, insertTasks
    /// Inserts of one history row and of `ChunkedRows.rowsPerStatement` (instance id,
    /// first sequence number, events).
    case insertEvents, insertManyEvents
    /// The row of a workflow definition, unless there is one: id, name, version, source.
    case insertDefinition

    var sql: String {
        switch self {
        case .begin: "BEGIN IMMEDIATE"
        case .commit: "COMMIT"
        case .dataVersion: "PRAGMA data_version"
        case .saveCounter:
            "INSERT INTO counters (name, value) VALUES (?, ?) "
                + "ON CONFLICT (name) DO UPDATE SET value = excluded.value"
        case .insertInstance:
            """
            INSERT INTO workflow_instances (id, serial, workflow_definition_id, started_at,
                status, current_step, context, completed_at, state)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        case .updateInstance:
            """
            UPDATE workflow_instances SET status = ?, current_step = ?, context = ?,
                completed_at = ?, state = ? WHERE serial = ?
            """
        case .updateInstanceKeepingStatus:
            // Without `status` in the `SET` list SQLite leaves `workflow_instances_by_status`
            // alone: with it, every update deleted and reinserted the row's index entry,
            // whatever the value (and dirtied the index's page, one more page a commit
            // writes to the WAL in per-command mode).
            """
            UPDATE workflow_instances SET current_step = ?, context = ?, completed_at = ?,
                state = ? WHERE serial = ?
            """
        case .updateTask:
            // Numbered, so that the number binds first, as in `updateTasks`' rows.
            """
            UPDATE workflow_team_tasks SET status = ?2, claimed_by = ?3, claimed_at = ?4,
                output = ?5, completed_at = ?6 WHERE number = ?1
            """
        case .updateTasks:
            // One statement for many rows, as the inserts: each run of a statement cost
            // SQLite its setup and teardown (opening cursors, freeing every register's
            // memory), a sixth of an update of one row.
            """
            UPDATE workflow_team_tasks SET status = v.column2, claimed_by = v.column3,
                claimed_at = v.column4, output = v.column5, completed_at = v.column6
            FROM (VALUES \(ChunkedRows.values(columns: 6, rows: ChunkedRows.rowsPerStatement))) AS v
            WHERE number = v.column1
            """
        case .insertTimer:
            """
            INSERT INTO timers (id, instance_id, instance_serial, at, fires_at, purpose)
            VALUES (?, ?, ?, ?, ?, ?)
            """
        case .removeTimer: "DELETE FROM timers WHERE id = ?"
        case .insertTimers:
            """
            INSERT INTO timers (id, instance_id, instance_serial, at, fires_at, purpose)
            VALUES \(ChunkedRows.values(columns: 6, rows: ChunkedRows.rowsPerStatement))
            """
        case .removeTimers:
            "DELETE FROM timers WHERE id IN ("
                + Array(repeating: "?", count: ChunkedRows.rowsPerStatement)
                .joined(separator: ", ") + ")"
        case .insertDefinition:
            """
            INSERT OR IGNORE INTO workflow_definitions (id, name, version, source)
            VALUES (?, ?, ?, ?)
            """
        case .insertTask: StoreStatement.insertTaskRows(1)
        case .insertTasks: StoreStatement.insertTaskRows(ChunkedRows.rowsPerStatement)
        case .insertEvents: StoreStatement.insertHistoryRows(1)
        case .insertManyEvents: StoreStatement.insertHistoryRows(ChunkedRows.rowsPerStatement)
        }
    }

    private static func insertTaskRows(_ rows: Int) -> String {
        "INSERT INTO workflow_team_tasks (\(TaskRow.columns)) VALUES "
            + ChunkedRows.values(columns: 18, rows: rows)
    }

    private static func insertHistoryRows(_ rows: Int) -> String {
        "INSERT INTO workflow_event_batches (instance_id, first_seq, events) VALUES "
            + ChunkedRows.values(columns: 3, rows: rows)
    }
}
