import ChoreoEngine
import Foundation
import GRDB

/// Task and timer rows, and the queries drivers make of a reopened store.
extension SQLiteStore {
    private static let taskColumns = """
        number, instance_serial, instance_id, step_index, step_id, kind, team, role, action,
        input_data, status, claimed_by, claimed_at, deadline, attempt, output, created_at,
        completed_at
        """

    func insertTaskRow(_ db: Database, _ task: TeamTask) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO workflow_team_tasks (id, \(SQLiteStore.taskColumns))
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            task.id, task.number, task.instance, task.instanceID, task.step, task.stepID,
            task.kind.rawValue, task.team, task.role, task.action, task.inputs.json,
            task.status.rawValue, task.claimedBy, StoreTime.text(task.claimedAt),
            StoreTime.text(task.deadline), task.attempt, task.output?.json,
            StoreTime.text(task.offeredAt), StoreTime.text(task.endedAt),
        ])
    }

    func updateTaskRow(_ db: Database, _ task: TeamTask) throws {
        try db.cachedStatement(
            sql: """
                UPDATE workflow_team_tasks SET status = ?, claimed_by = ?, claimed_at = ?,
                    output = ?, completed_at = ? WHERE number = ?
                """
        ).execute(arguments: [
            task.status.rawValue, task.claimedBy, StoreTime.text(task.claimedAt),
            task.output?.json, StoreTime.text(task.endedAt), task.number,
        ])
    }

    func readTask(_ db: Database, number: Int) throws -> TeamTask? {
        let statement = try db.cachedStatement(
            sql: "SELECT \(SQLiteStore.taskColumns) FROM workflow_team_tasks WHERE number = ?")
        return try Row.fetchOne(statement, arguments: [number]).map(task(from:))
    }

    func readOpenTasks(_ db: Database, team: String) throws -> [TeamTask] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT \(SQLiteStore.taskColumns) FROM workflow_team_tasks
                WHERE team = ? AND status IN ('pending', 'claimed') ORDER BY number
                """)
        return try Row.fetchAll(statement, arguments: [team]).map(task(from:))
    }

    private func task(from row: Row) throws -> TeamTask {
        let number: Int = row["number"]
        func time(_ column: String) throws -> Microseconds? {
            guard let text: String = row[column] else { return nil }
            guard let time = StoreTime.parse(text) else {
                throw SQLiteStoreError.corrupt(
                    path: path, detail: "task-\(number) has \(column) '\(text)', not a time")
            }
            return time
        }
        func enumeration<T: RawRepresentable<String>>(_ column: String) throws -> T {
            let text: String = row[column]
            guard let value = T(rawValue: text) else {
                throw SQLiteStoreError.corrupt(
                    path: path, detail: "task-\(number) has \(column) '\(text)'")
            }
            return value
        }
        return TeamTask(
            number: number, instance: row["instance_serial"], instanceID: row["instance_id"],
            step: row["step_index"], stepID: row["step_id"], kind: try enumeration("kind"),
            team: row["team"], role: row["role"], action: row["action"],
            inputs: try json(row["input_data"]) ?? .null, status: try enumeration("status"),
            claimedBy: row["claimed_by"], offeredAt: try time("created_at") ?? 0,
            claimedAt: try time("claimed_at"), endedAt: try time("completed_at"),
            deadline: try time("deadline"), attempt: row["attempt"], output: try json(row["output"])
        )
    }

    func json(_ text: String?) throws -> Value? {
        guard let text else { return nil }
        guard let value = Value(json: text) else {
            throw SQLiteStoreError.corrupt(
                path: path, detail: "a JSON column holds '\(text.prefix(40))'")
        }
        return value
    }

    // MARK: Timers

    func insertTimerRow(_ db: Database, _ timer: TimerRecord) throws {
        guard let instanceID = instances[timer.instance]?.id else {
            preconditionFailure("timer \(timer.id) for instance \(timer.instance), not loaded")
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO timers (id, instance_id, instance_serial, at, fires_at, purpose)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            timer.id, instanceID, timer.instance, timer.at, StoreTime.text(timer.at),
            String(decoding: try encoder.encode(timer.purpose), as: UTF8.self),
        ])
    }

    func readTimers(_ db: Database, where condition: String, _ arguments: StatementArguments)
        throws -> [TimerRecord]
    {
        let statement = try db.cachedStatement(
            sql: "SELECT id, instance_serial, at, purpose FROM timers WHERE \(condition) "
                + "ORDER BY at, id")
        return try Row.fetchAll(statement, arguments: arguments).map { row in
            let purpose: String = row["purpose"]
            return TimerRecord(
                id: row["id"], instance: row["instance_serial"], at: row["at"],
                purpose: try decoder.decode(TimerRecord.Purpose.self, from: Data(purpose.utf8)))
        }
    }

    // MARK: Queries for drivers

    /// Timers due at or before `now`, by time then id: fire each with `Engine.timerFired`.
    public func overdueTimers(now: Microseconds) -> [TimerRecord] {
        refreshOutsideCommand()
        return perform("read the overdue timers") { db in
            try readTimers(db, where: "at <= ?", [now])
        }
    }

    /// Every timer still wanted, by time then id.
    public var pendingTimers: [TimerRecord] {
        refreshOutsideCommand()
        return perform("read the timers") { db in try readTimers(db, where: "1", []) }
    }

    /// When the earliest timer is due, if any timer is wanted: when a live driver wakes.
    public var nextTimerAt: Microseconds? {
        refreshOutsideCommand()
        return perform("read the next timer") { db in
            try Microseconds.fetchOne(db, sql: "SELECT min(at) FROM timers")
        }
    }

    /// Tasks claimed at or before `time` and still claimed, oldest claim first: with
    /// `time` = now minus a lease, the claims whose lease has run out.
    public func tasksClaimed(atOrBefore time: Microseconds) -> [TeamTask] {
        tasks(
            "read the claimed tasks",
            where: "status = 'claimed' AND claimed_at <= ? ORDER BY claimed_at, number",
            [StoreTime.text(time)])
    }

    /// When the earliest claim still held was made, if any task is claimed.
    public var earliestClaimAt: Microseconds? {
        refreshOutsideCommand()
        let text = perform("read the earliest claim") { db in
            try String.fetchOne(
                db,
                sql: "SELECT min(claimed_at) FROM workflow_team_tasks WHERE status = 'claimed'")
        }
        return text.flatMap(StoreTime.parse)
    }

    /// Every instance in the database, in start order (finished ones included).
    public var allInstances: [InstanceState] {
        instances(where: "1")
    }

    /// The public id of every instance in the database, in start order (none is loaded).
    public var instanceIDs: [String] {
        refreshOutsideCommand()
        return perform("list the instance ids") { db in
            try String.fetchAll(db, sql: "SELECT id FROM workflow_instances ORDER BY serial")
        }
    }

    /// The instances still running, in start order.
    public var runningInstances: [InstanceState] {
        instances(where: "status IN ('pending', 'running')")
    }

    private func instances(where condition: String) -> [InstanceState] {
        refreshOutsideCommand()
        let serials = perform("list the instances") { db in
            try Int.fetchAll(
                db, sql: "SELECT serial FROM workflow_instances WHERE \(condition) ORDER BY serial")
        }
        return serials.compactMap { instance(serial: $0) }
    }

    /// Every task of the instance with public id `instanceID`, in offer order.
    public func tasks(instance instanceID: String) -> [TeamTask] {
        tasks("read an instance's tasks", where: "instance_id = ? ORDER BY number", [instanceID])
    }

    /// The tasks `condition` (with its `ORDER BY`) selects, read outside a command.
    private func tasks(
        _ what: String, where condition: String, _ arguments: StatementArguments
    ) -> [TeamTask] {
        refreshOutsideCommand()
        return perform(what) { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT \(SQLiteStore.taskColumns) FROM workflow_team_tasks WHERE \(condition)",
                arguments: arguments
            ).map(task(from:))
        }
    }
}
