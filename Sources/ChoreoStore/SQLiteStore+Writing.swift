import ChoreoEngine
import GRDB

/// A row change the store has made in memory and not yet written to the database.
enum PendingWrite {
    /// A new instance's row (its columns are filled in with the changed instances).
    case instance(InstanceState)
    /// A task row inserted (offered) or updated (claimed, released, closed).
    case task(TeamTask, inserted: Bool)
    case timer(TimerRecord, instanceID: String)
    case timerRemoved(Int)
}

/// The write path: pending rows in order, one statement each, then each changed instance
/// once, its new history events, and the counters.
extension SQLiteStore {
    /// Writes everything changed since the last commit, inside the open transaction.
    func writeChanges(_ db: Database) throws {
        try writePending(db)
        try writeChangedInstances(db)
        try writeCounters(db)
    }

    /// Writes the pending row changes, in the order they were made.
    func writePending(_ db: Database) throws {
        guard !pending.isEmpty else { return }
        precondition(transactionOpen, "row changes outside a transaction")
        var rows = try RowStatements(db)
        for write in pending {
            switch write {
            case .instance(let instance):
                try insertInstanceRow(db, instance, using: &rows.insertInstance)
            case .task(let task, let inserted):
                if inserted {
                    rows.insertTask.bindAll(of: task, json: json)
                    try rows.insertTask.run()
                } else {
                    rows.updateTask.bindChanges(of: task, json: json)
                    try rows.updateTask.run()
                }
                taskRowsWritten += 1
            case .timer(let timer, let instanceID):
                rows.insertTimer.bind(timer, instanceID: instanceID)
                try rows.insertTimer.run()
            case .timerRemoved(let id):
                rows.removeTimer.bind(id)
                try rows.removeTimer.run()
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Each changed instance's row, once, and its history events not yet written.
    private func writeChangedInstances(_ db: Database) throws {
        guard !changed.isEmpty else { return }
        var update = BoundStatement(
            try db.cachedStatement(
                sql: """
                    UPDATE workflow_instances SET status = ?, current_step = ?, context = ?,
                        completed_at = ?, state = ? WHERE serial = ?
                    """))
        var event = BoundStatement(
            try db.cachedStatement(
                sql: """
                    INSERT INTO workflow_events (instance_id, seq, time, event, step, data,
                        record)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """))
        for serial in changed {
            guard let instance = instances[serial] else { continue }
            update.bind(instance.status.rawValue)
            update.bind(instance.currentStep)
            update.bind(json: InstanceContext.value(instance), with: json)
            update.bind(StoreTime.text(instance.endedAt))
            try StreamingJSONEncoder.encode(instance.storedSnapshot, into: json)
            update.bind(json)
            update.bind(serial)
            try update.run()
            try writeHistory(instance, using: &event)
        }
        changed.removeAll(keepingCapacity: true)
        changedSet.removeAll(keepingCapacity: true)
    }
}

/// The statements of the pending rows, taken from GRDB's statement cache once per write.
private struct RowStatements {
    var insertInstance: BoundStatement
    var insertTask: BoundStatement
    var updateTask: BoundStatement
    var insertTimer: BoundStatement
    var removeTimer: BoundStatement

    init(_ db: Database) throws {
        insertInstance = BoundStatement(
            try db.cachedStatement(
                sql: """
                    INSERT INTO workflow_instances (id, serial, workflow_definition_id, status,
                        context, started_at, state)
                    VALUES (?, ?, ?, ?, '{}', ?, '')
                    """))
        insertTask = BoundStatement(
            try db.cachedStatement(
                sql: """
                    INSERT INTO workflow_team_tasks (\(TaskRow.columns))
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """))
        updateTask = BoundStatement(
            try db.cachedStatement(
                sql: """
                    UPDATE workflow_team_tasks SET status = ?, claimed_by = ?, claimed_at = ?,
                        output = ?, completed_at = ? WHERE number = ?
                    """))
        insertTimer = BoundStatement(
            try db.cachedStatement(
                sql: """
                    INSERT INTO timers (id, instance_id, instance_serial, at, fires_at, purpose)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """))
        removeTimer = BoundStatement(try db.cachedStatement(sql: "DELETE FROM timers WHERE id = ?"))
    }
}
