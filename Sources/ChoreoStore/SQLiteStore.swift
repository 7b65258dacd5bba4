import ChoreoEngine
import Foundation
import GRDB
import GRDBSQLite

/// A durable `Store` in one SQLite file, laid out as the seed's tables.
///
/// Every engine command is one transaction: `beginCommand()` opens it with
/// `BEGIN IMMEDIATE` (so that several processes on one file take turns) and
/// `endCommand()` writes what the command changed and commits. A process killed at any
/// point leaves each command whole or absent. Instances and tasks are cached between
/// commands and dropped as soon as `PRAGMA data_version` says another connection wrote.
///
/// Changes are kept in memory until the store writes them, at the commit or before a read
/// that SQLite answers, each row once as it is then: each changed instance (its new
/// history events in one row), then task rows by number, timers by id. A task offered,
/// claimed and completed within one batch is one insert of its final state.
///
/// A write is recorded onto a `RowTape` (the statements and their values) and played on
/// the connection: at once in per-command mode and before any read, or, for a batch that
/// a batched store commits after its `commands` commands, on the store's writer thread
/// (`BatchWriter`) while the caller goes on with the next batch. The statements run in the
/// same order either way, so the file is the same.
///
/// ```swift
/// let store = try SQLiteStore(path: "choreo.db", workflows: [program])
/// let engine = Engine(clock: SystemClock(), store: store, workflows: [definition])
/// for timer in store.overdueTimers(now: clock.now) { engine.timerFired(timer.id) }
/// ```
///
/// A write that SQLite refuses mid-command (disk full, a lock held past 30 s) stops the
/// process: the open transaction rolls back, so the database keeps the last whole command.
/// On the writer thread, the writer rolls the batch back and the process stops at the
/// caller's next commit, read, flush or close, with the message the commit would have
/// stopped it with (a file filled in bulk is then refused, `Opening.BulkWriting`).
public final class SQLiteStore: Store {
    /// When the store commits.
    public enum Mode: Sendable, Hashable {
        /// One transaction per command: live use.
        case perCommand
        /// One transaction per `commands` commands (and on `flush()`): simulation. Assumes
        /// this store is the database's only writer. Each batch is written on the store's
        /// writer thread (`BatchWriter`) while the caller goes on. A file the store makes is
        /// filled in bulk until the first `flush()` (`Opening.BulkWriting`); after it, and
        /// in a file made before, the WAL is copied into the file less often
        /// (`Opening.batchedCheckpointBytes`), and at every `flush()`.
        case batched(commands: Int)
    }

    // The state below is read and changed several times per command; release builds skip
    // the run-time exclusivity checks on it (`hotPathSettings` in Package.swift): no method
    // here hands out access to one of them while calling back into the store
    // (`updateTask`'s change only touches the task it is given), and debug builds check.
    public let path: String
    public let mode: Mode
    /// The connection and its prepared statements.
    let connection: StoreConnection
    var queue: DatabaseQueue { connection.queue }
    /// The statements run at every command or write, prepared once.
    var prepared: PreparedStatements { connection.prepared }
    public var counters = EngineCounters()
    var savedCounters = EngineCounters()
    /// By definition id (`ai-model-update-v1`): registered, or rebuilt from stored sources.
    var programs: [String: WorkflowProgram] = [:]
    /// Registered sources by definition id.
    var sources: [String: String] = [:]
    var storedDefinitions: Set<String> = []
    var instances = NumberTable<InstanceState>()
    /// Cached instances that have ended: they leave the cache at the next commit.
    var finishedInstances: [Int] = []
    var serialsByID: [String: Int] = [:]
    /// Per cached instance: how many of its history events are in `workflow_events`.
    var writtenHistory = NumberTable<Int>()
    /// Per instance inserted by this store whose workflow defers inputs: its history's
    /// data as written, for the deferred inputs' task rows.
    var keptHistory = NumberTable<KeptHistory>()
    /// The bytes `keptHistory` holds, and the most it may: past it, instances are no
    /// longer kept and their rows are written from the events (about 7 KB an instance of
    /// the seed workflow; 64 MiB is some 9,000 instances in flight).
    var keptHistoryBytes = 0
    var keptHistoryLimit = 64 * 1024 * 1024
    /// Per cached instance: its nodes as last written into its snapshot.
    var writtenNodes = NumberTable<WrittenNodes>()
    /// Per program: its step indices in the order of their ids, as `context` lists them.
    var stepOrders: [ObjectIdentifier: (program: WorkflowProgram, order: [Int])] = [:]
    var tasks = TaskCache()
    /// Row changes not yet written.
    var unwritten = UnwrittenRows()
    /// Whether a transaction is open, its `BEGIN` run or recorded and its `COMMIT` not yet.
    var transactionOpen = false
    var commandsInTransaction = 0
    /// Where writes are recorded until they are played.
    var tape = RowTape()
    /// A batched store's writer thread, started at its first batch handed over.
    var writer: BatchWriter?
    /// Whether a batch went to the writer since the store opened or last flushed: then the
    /// store is mid-run, and, being its file's only writer (`Mode.batched`), trusts its
    /// caches without asking SQLite between two commands. The writer checks at the start
    /// of each batch it begins that no other connection wrote.
    var handedOver = false
    /// Whether the store fills a file it made in bulk (`Opening.BulkWriting`): a batched
    /// store until its first `flush()`.
    private(set) var writesInBulk = false
    /// Whether a batched store gives its batches to the writer thread (else it writes each
    /// itself, as the writer would): a test compares the two.
    var handsBatchesOver = true {
        didSet { handOverParts() }
    }
    /// Run on the writer thread before each part of a batch it writes: a test slows the
    /// writer down.
    var beforeEachPart: (@Sendable () -> Void)?
    var dataVersion = -1
    /// Task state changes the store was told of since it opened (offers, claims, releases,
    /// completions, failures, decisions, withdrawals): the benchmark's unit.
    public internal(set) var taskChanges = 0
    /// Task rows inserted or updated since the store opened: at most one per task per
    /// write, however many times the task changed in between.
    public internal(set) var taskRowsWritten = 0
    let decoder = JSONDecoder()
    /// The buffer every JSON column is written into, in turn.
    let json = JSONWriter()
    /// The buffer the `state` snapshot is written into, before the `context` it informs.
    let snapshotJSON = JSONWriter()

    /// Opens (or creates) the database at `path`; `workflows` are the programs instances
    /// run (a stored instance of another workflow is rebuilt from the stored source). A
    /// file created in batched mode has 16 KiB pages (`Opening.batchedPageSize`).
    ///
    /// Refused, without touching the file, when it is not a Choreo database, is damaged,
    /// or has a newer schema; with `creating: false` (a reader such as `choreo status`),
    /// also when there is no database there yet (no file, or an empty one).
    public init(
        path: String, mode: Mode = .perCommand, workflows: [WorkflowProgram] = [],
        creating: Bool = true
    ) throws(SQLiteStoreError) {
        if case .batched(let commands) = mode {
            precondition(commands > 0, "a batch holds at least one command")
        }
        self.path = path
        self.mode = mode
        let opened = try Opening.open(
            path: path, creating: creating,
            pageSize: mode == .perCommand ? nil : Opening.batchedPageSize)
        connection = StoreConnection(path: path, queue: opened.queue)
        for program in workflows { register(program) }
        handOverParts()
        perform("read the counters") { db in
            if case .batched = mode {
                try Opening.checkpointLessOften(db)
                if opened.isNew {
                    try Opening.BulkWriting.begin(db)
                    writesInBulk = true
                }
            }
            try refresh(db)
        }
    }

    /// Writes what is pending (`flush()`) if a transaction is open or the file is being
    /// filled in bulk, else waits for the writer's last batch; a failure of it stops the
    /// process here.
    deinit {
        if transactionOpen || writesInBulk { flush() } else { settleWriter() }
        writer?.stop()
    }

    /// Makes `program` the one instances of its workflow's name and version run; `source`
    /// (YAML or JSON) is stored with the definition, or read from the definition's file
    /// when omitted. Instances of other versions run the definition stored with them.
    public func register(_ program: WorkflowProgram, source: String? = nil) {
        let definitionID = SQLiteStore.definitionID(program.definition)
        programs[definitionID] = program
        if let source {
            sources[definitionID] = source
        }
    }

    // MARK: Commands

    public func beginCommand() {
        if !transactionOpen {
            if handedOver {
                // Mid-run, after the batch the writer has: the next one begins on the tape,
                // and its check that no other connection wrote since (the version stays as
                // this connection last read it: its own commits leave it as it was).
                tape.run(.begin)
                tape.expect(dataVersion, from: .dataVersion)
                transactionOpen = true
            } else {
                perform("begin a command") { db in
                    try prepared(.begin, in: db).execute()
                    transactionOpen = true
                    try refresh(db)
                }
            }
        }
        commandsInTransaction += 1
    }

    public func endCommand() {
        switch mode {
        case .perCommand:
            commit()
        case .batched(let commands):
            if commandsInTransaction >= commands { commit(handingOver: handsBatchesOver) }
        }
    }

    /// Writes every pending change and commits; in batched mode, also syncs the file filled
    /// in bulk, or copies the WAL into the database file, syncing both, so that the run
    /// written so far is on disk whatever happens next (between two flushes a batched store
    /// leaves that to SQLite's automatic checkpoints, `Opening.batchedCheckpointBytes`
    /// apart, and a file filled in bulk is not synced).
    ///
    /// Waits for the writer's batches first; after it, the store asks SQLite again between
    /// two commands whether another connection wrote (`refreshOutsideCommand`).
    public func flush() {
        commit()
        // What the caches let go of at the commit, freed on the writer thread meanwhile.
        if usesWriter, tape.keepsDropped { handOverTape() }
        if writesInBulk {
            perform("finish the file") { db in try Opening.BulkWriting.end(db) }
            writesInBulk = false
        }
        if case .batched = mode {
            perform("copy the WAL into the database") { db in
                try db.execute(sql: "PRAGMA main.wal_checkpoint(PASSIVE)")
            }
        }
        handedOver = false
    }

    /// Writes every pending change and commits: here, or, `handingOver`, on the writer
    /// thread while the caller goes on.
    private func commit(handingOver: Bool = false) {
        if !transactionOpen {
            tape.run(.begin)
            transactionOpen = true
        }
        writeChanges()
        tape.run(.commit)
        transactionOpen = false
        commandsInTransaction = 0
        // `dataVersion` stays as read at the command's start: a connection's own commits
        // leave `PRAGMA data_version` as it was. (Read again here, it could take in a
        // commit another connection made since, whose rows the caches would then miss.)
        if handingOver {
            handOverTape()
            handedOver = true
        } else if usesWriter {
            // The writer plays it, and frees what the tape lets go of while the caller goes
            // on; the caller waits for the writes, as for its own.
            handOverTape()
            settleWriter()
        } else {
            perform("commit") { _ in }
        }
        // What the caches drop is in the tape, written before any read that SQLite answers.
        tasks.dropClosed()
        dropFinished()
    }

    /// Gives what the tape recorded to the writer thread, which plays it after what it was
    /// given before: the rest of a batch, up to its commit, or a part of one
    /// (`RowTape.onFull`).
    private func handOverTape() {
        let writer = self.writer ?? startWriter()
        do {
            try writer.handOver(contentsOf: tape)
        } catch {
            fail(error, while: "commit")
        }
    }

    private func startWriter() -> BatchWriter {
        let writer = BatchWriter(connection: connection, beforeEachPart: beforeEachPart)
        self.writer = writer
        return writer
    }

    /// Whether the store's writes go to the writer thread: a batched store's (unless a
    /// test says otherwise, `handsBatchesOver`).
    private var usesWriter: Bool { tape.onFull != nil }

    /// Lets a batched store give the writer thread each part of a batch as soon as it is
    /// recorded (`handsBatchesOver`).
    private func handOverParts() {
        guard case .batched = mode, handsBatchesOver else {
            tape.onFull = nil
            return
        }
        tape.onFull = { [unowned self] _ in handOverTape() }
    }

    /// Waits until the writer has written every batch handed over; a failure of one stops
    /// the process, as it would have at the commit that handed it over.
    func settleWriter() {
        guard let writer else { return }
        do {
            try writer.wait()
        } catch {
            fail(error, while: "commit")
        }
    }

    /// Stops the process on `error` (see the type's note).
    private func fail(_ error: SQLiteStoreError, while what: String) -> Never {
        fatalError("\(error) (while trying to \(what))")
    }

    /// Drops every cache when another connection committed since this one last looked.
    func refresh(_ db: Database) throws {
        let version = try readDataVersion(db)
        guard version != dataVersion else { return }
        dataVersion = version
        precondition(unwritten.isEmpty, "another connection wrote during a batch")
        instances = NumberTable()
        finishedInstances.removeAll(keepingCapacity: true)
        serialsByID.removeAll(keepingCapacity: true)
        writtenHistory = NumberTable()
        keptHistory = NumberTable()
        keptHistoryBytes = 0
        writtenNodes = NumberTable()
        tasks.removeAll()
        counters = try readCounters(db)
        savedCounters = counters
    }

    /// `PRAGMA data_version`, through a cached statement run with SQLite's C API:
    /// per-command mode asks at the start of every command. Parsing the pragma each time
    /// cost a tenth of a command, and GRDB's `fetchOne` (a cursor object and generic
    /// lookups) cost 9,000 instructions a call, a twelfth of a command.
    private func readDataVersion(_ db: Database) throws -> Int {
        try readDataVersion(try prepared(.dataVersion, in: db))
    }

    /// `PRAGMA data_version`, run on its prepared `statement`.
    private func readDataVersion(_ statement: Statement) throws -> Int {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_ROW else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code),
                message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))),
                sql: statement.sql)
        }
        return Int(sqlite3_column_int64(handle, 0))
    }

    /// Outside a command, reads see what other connections committed; mid-run, a batched
    /// store does not ask (see `handedOver`).
    ///
    /// Most reads between two commands find the file as this store left it: the version is
    /// read through the prepared statement's handle, without a turn on the connection's
    /// queue (`perform`, some 3,000 instructions; per-command mode reads between commands
    /// once or twice a command). The store is not `Sendable`: it is used from one thread at
    /// a time, so the connection is idle here. Only a change goes through the queue.
    func refreshOutsideCommand() {
        guard !transactionOpen, !handedOver else { return }
        if let statement = prepared.ifPrepared(.dataVersion),
            let version = try? readDataVersion(statement), version == dataVersion
        {
            return
        }
        perform("refresh") { db in try refresh(db) }
    }

    /// Finished instances leave the cache once written: memory holds what is in flight.
    ///
    /// What the cache held of each goes onto the tape, to be let go of where the tape is
    /// next emptied: for a batched store's, on the writer thread. (An instance's last
    /// reference, its history and node texts, cost some 30,000 instructions to free, and the
    /// caller does not wait for that.)
    private func dropFinished() {
        for serial in finishedInstances {
            guard let instance = instances.removeValue(forKey: serial) else { continue }
            serialsByID[instance.id] = nil
            writtenHistory[serial] = nil
            let kept = keptHistory.removeValue(forKey: serial)
            keptHistoryBytes -= kept?.byteCount ?? 0
            tape.letGo(
                DroppedInstance(
                    instance: instance, nodes: writtenNodes.removeValue(forKey: serial),
                    kept: kept))
        }
        finishedInstances.removeAll(keepingCapacity: true)
    }

    /// Runs `body` on the connection, once the writer is done and after what the tape
    /// holds; a failure stops the process (see the type's note).
    @discardableResult
    func perform<T>(_ what: String, _ body: (Database) throws -> T) -> T {
        settleWriter()
        do {
            return try queue.writeWithoutTransaction { db in
                if !tape.isEmpty {
                    try connection.play(tape, in: db)
                    tape.removeAll()
                }
                return try body(db)
            }
        } catch let error as DatabaseError {
            fatalError("\(Opening.translate(error, path: path)) (while trying to \(what))")
        } catch let error as RowTape.Mismatch {
            fatalError("\(connection.storeError(error)) (while trying to \(what))")
        } catch {
            fatalError("\(path): \(error) (while trying to \(what))")
        }
    }

    /// Runs the query `body` after writing the pending row changes, so that SQLite's
    /// answer includes them.
    func read<T>(_ what: String, _ body: (Database) throws -> T) -> T {
        refreshOutsideCommand()
        writePending()
        return perform(what, body)
    }

    // MARK: Instances

    public func insert(_ instance: InstanceState) {
        instances[instance.serial] = instance
        serialsByID[instance.id] = instance.serial
        writtenHistory[instance.serial] = 0
        if instance.program.defersInputs.contains(true), keptHistoryBytes < keptHistoryLimit {
            keptHistory[instance.serial] = KeptHistory()
        }
        unwritten.instanceInserted(instance.serial)
    }

    public func instance(serial: Int) -> InstanceState? {
        refreshOutsideCommand()
        if let cached = instances[serial] { return cached }
        return read("read an instance") { db in
            try loadInstance(
                db, sql: "SELECT state, context FROM workflow_instances WHERE serial = ?", serial)
        }
    }

    public func instance(id: String) -> InstanceState? {
        refreshOutsideCommand()
        if let serial = serialsByID[id], let cached = instances[serial] { return cached }
        return read("read an instance") { db in
            try loadInstance(
                db, sql: "SELECT state, context FROM workflow_instances WHERE id = ?", id)
        }
    }

    /// Instances held in memory; in batched mode, after a flush, those still in flight.
    public var cachedInstances: Int { instances.count }

    public func instanceChanged(_ instance: InstanceState) { markChanged(instance) }

    public func instanceFinished(_ instance: InstanceState) { markChanged(instance) }

    func markChanged(_ instance: InstanceState) {
        unwritten.instanceChanged(instance.serial)
    }

    // MARK: Tasks and timers

    public func insert(_ task: consuming TeamTask) {
        unwritten.taskInserted(task.number)
        tasks.put(task)
        taskChanges += 1
    }

    public func task(_ number: Int) -> TeamTask? {
        refreshOutsideCommand()
        if let cached = tasks[number] { return cached }
        // Every task changed since the last write is cached: the row is current.
        return perform("read a task") { db in try readTask(db, number: number) }
    }

    public func summary(ofTask number: Int) -> TaskSummary? {
        refreshOutsideCommand()
        if let cached = tasks.read(number, TaskSummary.init) { return cached }
        return task(number).map(TaskSummary.init)
    }

    public func update(_ task: TeamTask) {
        unwritten.taskUpdated(task.number)
        tasks.put(task)
        taskChanges += 1
    }

    /// Changes a cached task where it is (a claim or a completion copies no task), else
    /// the task read from the database.
    public func updateTask(_ number: Int, _ change: (inout TeamTask) -> Void) {
        refreshOutsideCommand()
        if tasks.update(number, change) {
            unwritten.taskUpdated(number)
            taskChanges += 1
        } else if var task = task(number) {
            change(&task)
            update(task)
        }
    }

    public func openTasks(team: String) -> [TeamTask] {
        refreshOutsideCommand()
        if !tasks.isLoaded(team: team) {
            // Unwritten changes need not be written first: the cache holds every changed
            // task, and its copies win over the rows read.
            let stored = perform("read a team's queue") { db in
                try readOpenTasks(db, team: team)
            }
            tasks.load(team: team, openTasks: stored)
        }
        return tasks.openTasks(team: team)
    }

    public func insert(_ timer: TimerRecord) {
        guard let instanceID = instances[timer.instance]?.id else {
            preconditionFailure("timer \(timer.id) for instance \(timer.instance), not loaded")
        }
        unwritten.timerInserted(timer, instanceID: instanceID)
    }

    /// A timer set or removed since the last write is answered from memory, without
    /// writing; any other from the database.
    public func timer(_ id: Int) -> TimerRecord? {
        switch unwritten.timers[id] {
        case .inserted(let timer, _): return timer
        case .removed: return nil
        case nil:
            refreshOutsideCommand()
            return perform("read a timer") { db in
                try readTimers(db, where: "id = ?", [id]).first
            }
        }
    }

    public func removeTimer(_ id: Int) {
        unwritten.timerRemoved(id)
    }
}

/// What the store's caches held of an instance that finished, let go of with the tape it
/// rides on (`RowTape.letGo`).
///
/// `@unchecked Sendable`: the tape carries these to the writer thread only to release
/// them. They are the cache's own references, removed from it: nothing reads them again,
/// and releasing a reference is atomic, whichever thread holds the last one (the engine
/// may still hold the instance).
struct DroppedInstance: @unchecked Sendable {
    let instance: InstanceState
    let nodes: WrittenNodes?
    let kept: KeptHistory?
}
