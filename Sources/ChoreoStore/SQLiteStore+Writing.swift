import ChoreoEngine
import GRDB

/// The row changes made in memory since they were last written, each row once, as it is
/// now: a task offered, claimed and completed between two writes is one insert of its
/// final state, a task whose row exists one update, a timer set and removed nothing.
///
/// Tasks are listed by number only: the store's `TaskCache` holds every task changed since
/// the last commit, and the write reads them there.
struct UnwrittenRows {
    enum Timer {
        case inserted(TimerRecord, instanceID: String)
        case removed
    }

    /// Per task changed since the last write: whether its row is in the database already.
    private(set) var taskRowExists = NumberTable<Bool>()
    /// The numbers `taskRowExists` holds, in the order first changed.
    private(set) var taskNumbers: [Int] = []
    var timers: [Int: Timer] = [:]
    /// Instances changed since the last write, in the order first changed.
    private(set) var instances: [Int] = []
    /// Per instance in `instances`: whether it was inserted, its row not in the database
    /// yet. (A `NumberTable`, not a `Set`: every command marks its instance, and hashing
    /// the serial cost more than the table's multiply.)
    private var changedInstances = NumberTable<Bool>()

    var isEmpty: Bool { taskNumbers.isEmpty && timers.isEmpty && instances.isEmpty }

    mutating func instanceChanged(_ serial: Int) {
        guard changedInstances[serial] == nil else { return }
        changedInstances.insert(false, forKey: serial)
        instances.append(serial)
    }

    /// Marks instance `serial` inserted, its row not yet in the database.
    mutating func instanceInserted(_ serial: Int) {
        if changedInstances[serial] == nil { instances.append(serial) }
        changedInstances.insert(true, forKey: serial)
    }

    /// Whether instance `serial` was inserted since the last write.
    func isNew(_ serial: Int) -> Bool { changedInstances[serial] == true }

    mutating func taskInserted(_ number: Int) {
        precondition(taskRowExists[number] == nil, "task-\(number) inserted twice")
        taskRowExists.insert(false, forKey: number)
        taskNumbers.append(number)
    }

    mutating func taskUpdated(_ number: Int) {
        guard taskRowExists[number] == nil else { return }
        taskRowExists.insert(true, forKey: number)
        taskNumbers.append(number)
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
        // One by one, so that the table keeps its slots for the next batch.
        for number in taskNumbers { taskRowExists.remove(number) }
        taskNumbers.removeAll(keepingCapacity: true)
        timers.removeAll(keepingCapacity: true)
        for serial in instances { changedInstances.remove(serial) }
        instances.removeAll(keepingCapacity: true)
    }
}

/// The write path: each changed instance once (a new one inserted whole) with its new
/// history events in one row, then task rows by number, timers by id, and the counters,
/// recorded onto the store's tape (`RowTape`), which plays them in that order.
extension SQLiteStore {
    /// Records everything changed since the last commit, inside the open transaction.
    func writeChanges() {
        writePending()
        writeCounters()
    }

    /// Records the row changes not yet written: instances first, which the other rows
    /// refer to.
    func writePending() {
        guard !unwritten.isEmpty else { return }
        precondition(transactionOpen, "row changes outside a transaction")
        var rows = RowStatements(tape: tape)
        var histories = 0
        for serial in unwritten.instances {
            guard let instance = instances[serial] else { continue }
            if instance.status.isFinal { finishedInstances.append(serial) }
            if unwritten.isNew(serial) {
                insertInstanceRow(instance, using: &rows.insertInstance)
            } else {
                updateInstanceRow(instance, using: &rows)
            }
            if (writtenHistory[serial] ?? 0) < instance.history.count { histories += 1 }
        }
        // After every instance row, which the history rows refer to.
        var insertEvents = rows.insertEvents(rows: histories)
        for serial in unwritten.instances {
            guard let instance = instances[serial] else { continue }
            // Records only: nothing here throws.
            try! writeHistory(instance, using: &insertEvents)
        }
        insertEvents.finish()
        writeTaskRows(using: &rows)
        writeTimerRows(using: &rows)
        unwritten.removeAll()
    }

    /// Inserts the timers set and deletes those removed since the last write, by id, each
    /// `ChunkedRows.rowsPerStatement` to a statement.
    private func writeTimerRows(using rows: inout RowStatements) {
        // Most commands set or remove none: nothing sorted, no statement fetched.
        guard !unwritten.timers.isEmpty else { return }
        let ids = unwritten.timers.keys.sorted()
        var inserted = 0
        for id in ids {
            if case .inserted = unwritten.timers[id]! { inserted += 1 }
        }
        // The inserts, then the deletes: the rows of a statement wait in the arena, which
        // every run empties.
        var insert = rows.insertTimers(rows: inserted)
        for id in ids {
            if case .inserted(let timer, let instanceID) = unwritten.timers[id]! {
                insert.add { $0.bind(timer, instanceID: instanceID) }
            }
        }
        insert.finish()
        var remove = rows.removeTimers(rows: ids.count - inserted)
        for id in ids {
            if case .removed = unwritten.timers[id]! { remove.add { $0.bind(id) } }
        }
        remove.finish()
    }

    /// Writes the task rows changed since the last write, by number: updates, then
    /// inserts, each `ChunkedRows.rowsPerStatement` to a statement.
    private func writeTaskRows(using rows: inout RowStatements) {
        let numbers = unwritten.taskNumbers.sorted()
        var inserts = 0
        for number in numbers where !unwritten.taskRowExists[number]! { inserts += 1 }
        if inserts < numbers.count {
            var update = rows.updateTasks(rows: numbers.count - inserts)
            for number in numbers where unwritten.taskRowExists[number]! {
                update.add { row in
                    unwrittenTask(number) { row.bindChanges(of: $0, json: json) }
                }
            }
            update.finish()
        }
        var insert = rows.insertTasks(rows: inserts)
        for number in numbers where !unwritten.taskRowExists[number]! {
            insert.add { row in
                unwrittenTask(number) { task in
                    // Without SQLite's foreign-key checks (`Opening.BulkWriting`), the
                    // row's instance must be one whose row this store wrote or read.
                    if writesInBulk { checkInstance(of: task) }
                    row.bindAll(of: task, json: json, inputs: inputs(of: task))
                }
            }
        }
        insert.finish()
        taskRowsWritten += numbers.count
    }

    /// Stops the process unless `task`'s instance is one the store holds: one whose row is
    /// in the file, or written before the task's in the same write.
    private func checkInstance(of task: borrowing TeamTask) {
        guard let instance = instances[task.instance], instance.id == task.instanceID else {
            preconditionFailure(
                "task-\(task.number) is of instance \(task.instanceID), which \(path) lacks")
        }
    }

    /// Runs `body` on task `number`, changed since the last write, where the cache holds
    /// it (as it holds every such task until the commit).
    private func unwrittenTask(_ number: Int, _ body: (borrowing TeamTask) -> Void) {
        guard tasks.readInPlace(number, body) != nil else {
            preconditionFailure("task-\(number) changed since the last write, not cached")
        }
    }

    /// The columns a command changes: status (unless it is as last written), current step,
    /// context, end and snapshot.
    private func updateInstanceRow(_ instance: InstanceState, using rows: inout RowStatements) {
        func update(_ statement: inout BoundStatement, status: Bool) {
            bindChangingColumns(of: instance, to: &statement, status: status)
            statement.bind(instance.serial)
            statement.run()
        }
        if (writtenNodes.read(instance.serial) { $0.status } ?? nil) == instance.status {
            update(&rows.updateInstanceKeepingStatus, status: false)
        } else {
            update(&rows.updateInstance, status: true)
        }
    }

    /// Binds status (unless `status` is false), current step, context, end time and
    /// snapshot, in that order. The snapshot is written first: it tells the context which
    /// steps changed.
    func bindChangingColumns(
        of instance: InstanceState, to statement: inout BoundStatement, status: Bool = true
    ) {
        if status { statement.bind(constant: instance.status.rawText) }
        statement.bind(instance.currentStep)
        let order = stepOrder(of: instance.program)
        snapshotJSON.reset()
        json.reset()
        withWrittenNodes(of: instance) { cache in
            cache.status = instance.status
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
        guard writtenNodes.update(instance.serial, body) == nil else { return }
        var nodes = WrittenNodes()
        body(&nodes)
        writtenNodes.insert(nodes, forKey: instance.serial)
    }

    /// Where a work or approval task's `input_data` comes from: its node's inputs are the
    /// task's. When the engine defers a work task's (the seed's `final_report`, whose
    /// inputs hold the whole history), they are written from the offer's context without
    /// building the value; when its instance's snapshot was written since the offer, they
    /// are its bytes (an approval's message, built when read, is then not built twice).
    /// Escalations' inputs are their own.
    private func inputs(of task: borrowing TeamTask) -> TaskInputsJSON {
        guard task.kind != .escalation, let instance = instances[task.instance],
            task.step < instance.nodes.count
        else { return .value }
        // The node read where it is: a copy of it retained its every reference.
        let offer = instance.nodes.withUnsafeBufferPointer { nodes in
            let node = nodes.baseAddress! + task.step
            let current =
                Int(node.pointee.attempts) == task.attempt
                && node.pointee.offeredAt == task.offeredAt
            return (
                current: current, deferred: current ? node.pointee.offeredInputs?.deferred : nil
            )
        }
        guard offer.current else { return .value }
        if task.kind == .task, let deferred = offer.deferred {
            return .deferred(deferred.template, deferred.context, keptHistory[task.instance])
        }
        let prefix = WrittenNodes.Inputs.memberPrefix
        let (step, attempt, offeredAt) = (task.step, task.attempt, task.offeredAt)
        // Read where the table holds them: a copy of the instance's nodes retained each list.
        let kept =
            writtenNodes.read(task.instance) { nodes -> ArraySlice<UInt8>? in
                guard step < nodes.inputs.count, let kept = nodes.inputs[step],
                    Int(kept.attempts) == attempt, kept.offeredAt == offeredAt,
                    kept.bytes.count > prefix.count
                else { return nil }
                return kept.bytes.dropFirst(prefix.count)
            } ?? nil
        guard let kept else { return .value }
        return .kept(kept)
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

/// The write path's statements, recorded onto the store's tape.
private struct RowStatements {
    let tape: RowTape
    var insertInstance: BoundStatement
    var updateInstance: BoundStatement
    var updateInstanceKeepingStatus: BoundStatement

    init(tape: RowTape) {
        self.tape = tape
        insertInstance = BoundStatement(.insertInstance, tape: tape)
        updateInstance = BoundStatement(.updateInstance, tape: tape)
        updateInstanceKeepingStatus = BoundStatement(.updateInstanceKeepingStatus, tape: tape)
    }

    /// Inserts of `rows` task rows.
    func insertTasks(rows: Int) -> ChunkedRows {
        chunked(one: .insertTask, many: .insertTasks, rows: rows)
    }

    /// Inserts of `rows` timer rows.
    func insertTimers(rows: Int) -> ChunkedRows {
        chunked(one: .insertTimer, many: .insertTimers, rows: rows)
    }

    /// Deletes of `rows` timers, by id.
    func removeTimers(rows: Int) -> ChunkedRows {
        chunked(one: .removeTimer, many: .removeTimers, rows: rows)
    }

    /// Updates of `rows` task rows (`BoundStatement.bindChanges`).
    func updateTasks(rows: Int) -> ChunkedRows {
        chunked(one: .updateTask, many: .updateTasks, rows: rows)
    }

    /// Inserts of `rows` history rows.
    func insertEvents(rows: Int) -> ChunkedRows {
        chunked(one: .insertEvents, many: .insertManyEvents, rows: rows)
    }

    /// (The statement of many rows is prepared when a tape first runs it.)
    private func chunked(one: StoreStatement, many: StoreStatement, rows: Int) -> ChunkedRows {
        ChunkedRows(
            many: BoundStatement(many, tape: tape), one: BoundStatement(one, tape: tape),
            rows: rows)
    }
}
