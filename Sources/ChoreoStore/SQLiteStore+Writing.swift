import ChoreoEngine
import GRDB

/// The row changes made in memory since they were last written, each row once, as it is
/// now: a task offered, claimed and completed between two writes is one insert of its
/// final state, a task whose row exists one update, a timer set and removed nothing.
struct UnwrittenRows {
    /// A task as it is now, and whether its row is in the database already.
    struct Task {
        var task: TeamTask
        var rowExists: Bool
    }

    enum Timer {
        case inserted(TimerRecord, instanceID: String)
        case removed
    }

    var tasks: [Int: Task] = [:]
    var timers: [Int: Timer] = [:]
    /// Instances inserted whose rows are not in the database yet.
    var newInstances: Set<Int> = []
    /// Instances changed since the last write, in the order first changed.
    var instances: [Int] = []
    private var instanceSet: Set<Int> = []

    var isEmpty: Bool { tasks.isEmpty && timers.isEmpty && instances.isEmpty }

    mutating func instanceChanged(_ serial: Int) {
        if instanceSet.insert(serial).inserted { instances.append(serial) }
    }

    mutating func taskInserted(_ task: TeamTask) {
        tasks[task.number] = Task(task: task, rowExists: false)
    }

    mutating func taskUpdated(_ task: TeamTask) {
        if tasks[task.number] != nil {
            tasks[task.number]!.task = task
        } else {
            tasks[task.number] = Task(task: task, rowExists: true)
        }
    }

    mutating func timerInserted(_ timer: TimerRecord, instanceID: String) {
        timers[timer.id] = .inserted(timer, instanceID: instanceID)
    }

    /// A timer set since the last write and removed leaves no trace.
    mutating func timerRemoved(_ id: Int) {
        if case .inserted = timers[id] {
            timers[id] = nil
        } else {
            timers[id] = .removed
        }
    }

    mutating func removeAll() {
        tasks.removeAll(keepingCapacity: true)
        timers.removeAll(keepingCapacity: true)
        newInstances.removeAll(keepingCapacity: true)
        instances.removeAll(keepingCapacity: true)
        instanceSet.removeAll(keepingCapacity: true)
    }
}

/// The write path: each changed instance once (a new one inserted whole) with its new
/// history events in one row, then task rows by number, timers by id, and the counters.
extension SQLiteStore {
    /// Writes everything changed since the last commit, inside the open transaction.
    func writeChanges(_ db: Database) throws {
        try writePending(db)
        try writeCounters(db)
    }

    /// Writes the row changes not yet written: instances first, which the other rows
    /// refer to.
    func writePending(_ db: Database) throws {
        guard !unwritten.isEmpty else { return }
        precondition(transactionOpen, "row changes outside a transaction")
        var rows = try RowStatements(db, arena: bindArena)
        var histories = 0
        for serial in unwritten.instances {
            guard let instance = instances[serial] else { continue }
            if unwritten.newInstances.contains(serial) {
                try insertInstanceRow(db, instance, using: &rows.insertInstance)
            } else {
                try updateInstanceRow(instance, using: &rows.updateInstance)
            }
            if (writtenHistory[serial] ?? 0) < instance.history.count { histories += 1 }
        }
        // After every instance row, which the history rows refer to.
        var insertEvents = try rows.insertEvents(rows: histories)
        for serial in unwritten.instances {
            guard let instance = instances[serial] else { continue }
            try writeHistory(instance, using: &insertEvents)
        }
        insertEvents.finish()
        try writeTaskRows(using: &rows)
        for id in unwritten.timers.keys.sorted() {
            switch unwritten.timers[id]! {
            case .inserted(let timer, let instanceID):
                rows.insertTimer.bind(timer, instanceID: instanceID)
                try rows.insertTimer.run()
            case .removed:
                rows.removeTimer.bind(id)
                try rows.removeTimer.run()
            }
        }
        unwritten.removeAll()
    }

    /// Writes the task rows changed since the last write, by number: updates one by one,
    /// then inserts, `RowStatements.rowsPerInsert` to a statement.
    private func writeTaskRows(using rows: inout RowStatements) throws {
        let numbers = unwritten.tasks.keys.sorted()
        var inserts = 0
        for number in numbers {
            let entry = unwritten.tasks[number]!
            if entry.rowExists {
                rows.updateTask.bindChanges(of: entry.task, json: json)
                try rows.updateTask.run()
            } else {
                inserts += 1
            }
        }
        var insert = try rows.insertTasks(rows: inserts)
        for number in numbers {
            let entry = unwritten.tasks[number]!
            guard !entry.rowExists else { continue }
            let inputs = inputs(of: entry.task)
            try insert.add { $0.bindAll(of: entry.task, json: json, inputs: inputs) }
        }
        insert.finish()
        taskRowsWritten += numbers.count
    }

    /// The columns a command changes: status, current step, context, end and snapshot.
    private func updateInstanceRow(_ instance: InstanceState, using update: inout BoundStatement)
        throws
    {
        bindChangingColumns(of: instance, to: &update)
        update.bind(instance.serial)
        try update.run()
    }

    /// Binds status, current step, context, end time and snapshot, in that order. The
    /// snapshot is written first: it tells the context which steps changed.
    func bindChangingColumns(of instance: InstanceState, to statement: inout BoundStatement) {
        statement.bind(instance.status.rawValue)
        statement.bind(instance.currentStep)
        let order = stepOrder(of: instance.program)
        snapshotJSON.reset()
        json.reset()
        withWrittenNodes(of: instance) { cache in
            snapshotJSON.writeSnapshot(of: instance, nodes: &cache)
            json.writeContext(of: instance, stepOrder: order, cache: &cache)
        }
        statement.bind(json)
        statement.bind(time: instance.endedAt)
        statement.bind(snapshotJSON)
    }

    /// Runs `body` on the nodes of `instance` as last written, in place.
    private func withWrittenNodes(
        of instance: InstanceState, _ body: (inout WrittenNodes) -> Void
    ) {
        body(&writtenNodes[instance.serial, default: .init()])
    }

    /// Where a work task's `input_data` comes from: its node's inputs are the task's. When
    /// the engine defers them (the seed's `final_report`, whose inputs hold the whole
    /// history), they are written from the offer's context without building the value;
    /// when its instance's snapshot was written since the offer, they are its bytes.
    /// Decisions' inputs are their own.
    private func inputs(of task: TeamTask) -> TaskInputsJSON {
        guard task.kind == .task, let instance = instances[task.instance],
            task.step < instance.nodes.count
        else { return .value }
        let node = instance.nodes[task.step]
        guard Int(node.attempts) == task.attempt, node.offeredAt == task.offeredAt else {
            return .value
        }
        if let deferred = node.offeredInputs?.deferred {
            return .deferred(deferred.template, deferred.context, keptHistory[task.instance])
        }
        let prefix = WrittenNodes.Inputs.memberPrefix
        guard let entries = writtenNodes[task.instance]?.inputs, task.step < entries.count,
            let kept = entries[task.step], Int(kept.attempts) == task.attempt,
            kept.offeredAt == task.offeredAt, kept.bytes.count > prefix.count
        else { return .value }
        return .kept(kept.bytes.dropFirst(prefix.count))
    }

    /// The program's step indices in the order of their ids.
    private func stepOrder(of program: WorkflowProgram) -> [Int] {
        if let known = stepOrders[ObjectIdentifier(program)] { return known.order }
        let steps = program.definition.steps
        let order = (0..<program.stepCount).sorted { steps[$0].id < steps[$1].id }
        // The program is kept with its order, so that its identifier is never reused.
        stepOrders[ObjectIdentifier(program)] = (program, order)
        return order
    }
}

/// The write path's statements, taken from GRDB's statement cache once per write.
private struct RowStatements {
    /// How many rows a multi-row insert of task rows or history rows inserts.
    static let rowsPerInsert = 32

    /// Inserts of task rows (`TaskRow.columns`): one, and `rowsPerInsert`.
    static let insertTask = inserts(
        "INSERT INTO workflow_team_tasks (\(TaskRow.columns)) VALUES ", columns: 18)
    /// Inserts of history rows (instance id, first sequence number, events).
    static let insertEvents = inserts(
        "INSERT INTO workflow_event_batches (instance_id, first_seq, events) VALUES ",
        columns: 3)

    private static func inserts(_ head: String, columns: Int) -> (one: String, many: String) {
        (
            head + ChunkedInsert.values(columns: columns, rows: 1),
            head + ChunkedInsert.values(columns: columns, rows: rowsPerInsert)
        )
    }

    let db: Database
    let arena: BindArena
    var insertInstance: BoundStatement
    var updateInstance: BoundStatement
    var updateTask: BoundStatement
    var insertTimer: BoundStatement
    var removeTimer: BoundStatement

    init(_ db: Database, arena: BindArena) throws {
        self.db = db
        self.arena = arena
        func statement(_ sql: String) throws -> BoundStatement {
            BoundStatement(try db.cachedStatement(sql: sql), arena: arena)
        }
        insertInstance = try statement(
            """
            INSERT INTO workflow_instances (id, serial, workflow_definition_id, started_at,
                status, current_step, context, completed_at, state)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        updateInstance = try statement(
            """
            UPDATE workflow_instances SET status = ?, current_step = ?, context = ?,
                completed_at = ?, state = ? WHERE serial = ?
            """)
        updateTask = try statement(
            """
            UPDATE workflow_team_tasks SET status = ?, claimed_by = ?, claimed_at = ?,
                output = ?, completed_at = ? WHERE number = ?
            """)
        insertTimer = try statement(
            """
            INSERT INTO timers (id, instance_id, instance_serial, at, fires_at, purpose)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        removeTimer = try statement("DELETE FROM timers WHERE id = ?")
    }

    /// Inserts of `rows` task rows.
    func insertTasks(rows: Int) throws -> ChunkedInsert {
        try chunked(RowStatements.insertTask, rows: rows)
    }

    /// Inserts of `rows` history rows.
    func insertEvents(rows: Int) throws -> ChunkedInsert {
        try chunked(RowStatements.insertEvents, rows: rows)
    }

    private func chunked(_ sql: (one: String, many: String), rows: Int) throws -> ChunkedInsert {
        // The statement of many rows is prepared only when there are that many.
        let many = rows >= RowStatements.rowsPerInsert ? sql.many : sql.one
        return ChunkedInsert(
            many: BoundStatement(try db.cachedStatement(sql: many), arena: arena),
            one: BoundStatement(try db.cachedStatement(sql: sql.one), arena: arena),
            perStatement: RowStatements.rowsPerInsert, rows: rows)
    }
}
