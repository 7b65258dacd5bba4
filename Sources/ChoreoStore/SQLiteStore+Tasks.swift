import ChoreoEngine
import Foundation
import GRDB

/// The `workflow_team_tasks` row of a task: its columns, how a task binds to them, and
/// how a row reads back.
enum TaskRow {
    /// Every column but `id` (`task-<number>`, which SQLite derives from the number).
    static let columns = """
        number, instance_serial, instance_id, step_index, step_id, kind, team, role, action,
        input_data, status, claimed_by, claimed_at, deadline, attempt, output, created_at,
        completed_at
        """
}

/// Where the JSON of a task's `input_data` comes from.
enum TaskInputsJSON {
    /// The task's inputs, written as a value.
    case value
    /// Written before, into the node's snapshot.
    case kept(ArraySlice<UInt8>)
    /// Inputs the engine builds when read, written from the offer's context and the
    /// history kept as written, if any.
    case deferred(Template, OfferContext, KeptHistory?)
}

extension BoundStatement {
    /// Binds `TaskRow.columns`, in order: the insert of an offered task, its inputs' JSON
    /// taken from `inputs`.
    mutating func bindAll(of task: TeamTask, json: JSONWriter, inputs: TaskInputsJSON) {
        bind(task.number)
        bind(task.instance)
        bind(task.instanceID)
        bind(task.step)
        bind(task.stepID)
        bind(constant: task.kind.rawText)
        bind(task.team)
        bind(task.role)
        bind(task.action)
        switch inputs {
        case .value:
            bind(json: task.inputs, with: json)
        case .kept(let bytes):
            bind(json: bytes)
        case .deferred(let template, let context, let kept):
            json.reset()
            json.write(template: template, in: context, kept: kept)
            bind(json)
        }
        bind(constant: task.status.rawText)
        bind(task.claimedBy)
        bind(time: task.claimedAt)
        bind(time: task.deadline)
        bind(task.attempt)
        bind(json: task.output, with: json)
        bind(time: task.offeredAt)
        bind(time: task.endedAt)
    }

    /// Binds the task's number, then what a claim, release or close changes.
    mutating func bindChanges(of task: TeamTask, json: JSONWriter) {
        bind(task.number)
        bind(constant: task.status.rawText)
        bind(task.claimedBy)
        bind(time: task.claimedAt)
        bind(json: task.output, with: json)
        bind(time: task.endedAt)
    }

    /// Binds a timer row: id, instance id and serial, time, its text, purpose.
    mutating func bind(_ timer: TimerRecord, instanceID: String) {
        bind(timer.id)
        bind(instanceID)
        bind(timer.instance)
        bind(Int(timer.at))
        bind(time: timer.at)
        bind(TimerPurposeText.json(timer.purpose))
    }
}

/// Task and timer reads, and the queries drivers make of a reopened store.
extension SQLiteStore {
    func readTask(_ db: Database, number: Int) throws -> TeamTask? {
        let statement = try db.cachedStatement(
            sql: "SELECT \(TaskRow.columns) FROM workflow_team_tasks WHERE number = ?")
        return try Row.fetchOne(statement, arguments: [number]).map(task(from:))
    }

    func readOpenTasks(_ db: Database, team: String) throws -> [TeamTask] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT \(TaskRow.columns) FROM workflow_team_tasks
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
            inputs: try value(json: row["input_data"]) ?? .null, status: try enumeration("status"),
            claimedBy: row["claimed_by"], offeredAt: try time("created_at") ?? 0,
            claimedAt: try time("claimed_at"), endedAt: try time("completed_at"),
            deadline: try time("deadline"), attempt: row["attempt"],
            output: try value(json: row["output"])
        )
    }

    func value(json text: String?) throws -> Value? {
        guard let text else { return nil }
        guard let value = Value(json: text) else {
            throw SQLiteStoreError.corrupt(
                path: path, detail: "a JSON column holds '\(text.prefix(40))'")
        }
        return value
    }

    // MARK: Timers

    func readTimers(_ db: Database, where condition: String, _ arguments: StatementArguments)
        throws -> [TimerRecord]
    {
        let statement = try db.cachedStatement(
            sql: "SELECT id, instance_serial, at, purpose FROM timers WHERE \(condition) "
                + "ORDER BY at, id")
        return try Row.fetchAll(statement, arguments: arguments).map { row in
            let text: String = row["purpose"]
            guard let purpose = TimerPurposeText.purpose(json: text) else {
                throw SQLiteStoreError.corrupt(
                    path: path, detail: "timer \(row["id"] ?? 0) has purpose '\(text)'")
            }
            return TimerRecord(
                id: row["id"], instance: row["instance_serial"], at: row["at"], purpose: purpose)
        }
    }

    // MARK: Queries for drivers

    /// Timers due at or before `now`, by time then id: fire each with `Engine.timerFired`.
    public func overdueTimers(now: Microseconds) -> [TimerRecord] {
        read("read the overdue timers") { db in try readTimers(db, where: "at <= ?", [now]) }
    }

    /// Every timer still wanted, by time then id.
    public var pendingTimers: [TimerRecord] {
        read("read the timers") { db in try readTimers(db, where: "1", []) }
    }

    /// When the earliest timer is due, if any timer is wanted: when a live driver wakes.
    public var nextTimerAt: Microseconds? {
        read("read the next timer") { db in
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
        let text = read("read the earliest claim") { db in
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
        read("list the instance ids") { db in
            try String.fetchAll(db, sql: "SELECT id FROM workflow_instances ORDER BY serial")
        }
    }

    /// The instances still running, in start order.
    public var runningInstances: [InstanceState] {
        instances(where: "status IN ('pending', 'running')")
    }

    private func instances(where condition: String) -> [InstanceState] {
        let serials = read("list the instances") { db in
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
        read(what) { db in
            try Row.fetchAll(
                db,
                sql: "SELECT \(TaskRow.columns) FROM workflow_team_tasks WHERE \(condition)",
                arguments: arguments
            ).map(task(from:))
        }
    }
}

/// A timer's purpose as the `timers.purpose` column holds it: the JSON that `Codable`
/// gives (`{"stepTimeout":{"step":3,"task":5}}`), written by hand because every offer of a
/// step with a timeout writes one.
enum TimerPurposeText {
    static func json(_ purpose: TimerRecord.Purpose) -> String {
        switch purpose {
        case .workflowTimeout:
            return #"{"workflowTimeout":{}}"#
        case .stepTimeout(let step, let task):
            return #"{"stepTimeout":{"step":\#(step),"task":\#(task)}}"#
        case .retry(let step):
            return #"{"retry":{"step":\#(step)}}"#
        }
    }

    static func purpose(json: String) -> TimerRecord.Purpose? {
        try? JSONDecoder().decode(TimerRecord.Purpose.self, from: Data(json.utf8))
    }
}
