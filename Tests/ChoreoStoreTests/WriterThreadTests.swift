import ChoreoEngine
import Foundation
import GRDB
import Testing

@testable import ChoreoStore

/// A batched store whose writer thread writes its batches leaves every table as the same
/// store writing each batch itself: the seed script with a read of the timers between
/// moves (rows written mid-batch, and a batch begun on the tape after one handed over),
/// and 40 instances driven to their end by scripted agents, a few commands a batch or
/// many, each batch handed over whole or in parts of a few rows.
@Test(arguments: [(3, 256 * 1_024), (7, 256 * 1_024), (1_000, 256 * 1_024), (1_000, 2_000)])
func batchesWrittenByTheWriterThreadAreTheBatchesWrittenInPlace(commands: Int, partBytes: Int)
    throws
{
    func run(handingOver: Bool) throws -> [String] {
        let path = temporaryDatabase()
        let clock = ManualClock(now: seedStart)
        let store = try SQLiteStore(
            path: path, mode: .batched(commands: commands), workflows: [seedProgram])
        store.handsBatchesOver = handingOver
        store.tape.partBytes = partBytes
        let engine = Engine(clock: clock, store: store)
        engine.register(seedProgram)
        let driver = Driver(clock: clock, engine: engine, timers: { store.pendingTimers })
        for move in seedScript { try driver.play(move) }
        try driveToTheEnd(instances: 40, clock: clock, engine: engine)
        store.flush()
        #expect(store.runningInstances.isEmpty)
        #expect((store.writer != nil) == handingOver)
        return try everyTableRow(at: path)
    }
    let inPlace = try run(handingOver: false)
    #expect(inPlace.contains { $0.hasPrefix("workflow_event_batches") })
    #expect(try run(handingOver: true) == inPlace)
}

/// Two runs through the writer thread give the same tables, byte for byte.
@Test func runsThroughTheWriterThreadAreDeterministic() throws {
    func run() throws -> [String] {
        let path = temporaryDatabase()
        let clock = ManualClock(now: seedStart)
        let store = try SQLiteStore(
            path: path, mode: .batched(commands: 5), workflows: [seedProgram])
        store.tape.partBytes = 8_000
        // A slow writer: the caller records while it writes, and waits for it.
        store.beforeEachPart = { usleep(UInt32.random(in: 0..<2_000)) }
        let engine = Engine(clock: clock, store: store)
        engine.register(seedProgram)
        try driveToTheEnd(instances: 30, clock: clock, engine: engine)
        store.flush()
        return try everyTableRow(at: path)
    }
    #expect(try run() == run())
}

/// `flush()` returns once the writer has written every batch: another connection then
/// reads them all, however slow the writer.
@Test func flushWaitsForTheWriter() throws {
    let path = temporaryDatabase()
    let (store, engine) = try slowWriterSeedRun(path)
    for _ in 0..<3 {
        try engine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
    }
    store.flush()
    let counts = try DatabaseQueue(path: path).read { db in
        (
            try Int.fetchOne(db, sql: "SELECT count(*) FROM workflow_instances"),
            try Int.fetchOne(db, sql: "SELECT count(*) FROM workflow_team_tasks")
        )
    }
    #expect(counts.0 == 3)
    #expect(counts.1 == store.counters.lastTask)
}

/// A read that SQLite answers waits for the writer: a batch just handed over to a slow
/// writer is in the answer.
@Test func readsWaitForTheWriter() throws {
    let path = temporaryDatabase()
    let (store, engine) = try slowWriterSeedRun(path)
    try engine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
    let id = try #require(store.instanceIDs.first)
    #expect(store.tasks(instance: id).count == store.counters.lastTask)
    #expect(store.pendingTimers.count == store.counters.lastTimer)
}

/// A statement SQLite refuses on the writer thread fails the batch: the writer rolls it
/// back, keeps the error, and gives it to the caller at its next wait or hand-over (which
/// then hands nothing over).
@Test func aFailureOnTheWriterThreadReachesTheCaller() throws {
    let path = temporaryDatabase()
    try refuseTaskTwo(path)
    let store = try SQLiteStore(path: path, mode: .batched(commands: 1), workflows: [seedProgram])
    let engine = Engine(clock: ManualClock(now: seedStart), store: store)
    engine.register(seedProgram)
    try engine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
    #expect(store.counters.lastTask == 1)
    // Its task row is refused, on the writer thread.
    try engine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
    let writer = try #require(store.writer)
    let expected = SQLiteStoreError.database(path: path, detail: "task 2 refused")
    #expect(throws: expected) { try writer.wait() }
    #expect(throws: expected) { try writer.wait() }
    #expect(throws: expected) { try writer.handOver(contentsOf: RowTape()) }
    // Rolled back: the file holds the first batch, whole.
    let rows = try DatabaseQueue(path: path).read { db in
        try Int.fetchAll(db, sql: "SELECT number FROM workflow_team_tasks ORDER BY number")
    }
    #expect(rows == [1])
    #expect(
        try DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM workflow_instances")
        } == 1)
    // The store would stop the process at its next commit, read, flush or close (the test
    // below): this one lets its writer go instead.
    writer.stop()
    store.writer = nil
}

/// Mid-run, a batched store trusts its caches: another connection's commit between two of
/// its batches fails the next one on the writer thread, rather than leave caches that
/// miss it.
@Test func anotherWriterBetweenTwoBatchesFailsTheNext() throws {
    let path = temporaryDatabase()
    // Made before, so that the store writes it through the log, beside other connections.
    try SQLiteStore(path: path, mode: .batched(commands: 1)).flush()
    let store = try SQLiteStore(path: path, mode: .batched(commands: 1), workflows: [seedProgram])
    let engine = Engine(clock: ManualClock(now: seedStart), store: store)
    engine.register(seedProgram)
    try engine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
    store.settleWriter()
    try DatabaseQueue(path: path).write { db in
        try db.execute(sql: "INSERT INTO counters (name, value) VALUES ('other', 1)")
    }
    try engine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
    let writer = try #require(store.writer)
    let failure = #expect(throws: SQLiteStoreError.self) { try writer.wait() }
    guard case .database(path, let detail) = failure else {
        Issue.record("failed with \(String(describing: failure))")
        return
    }
    #expect(detail.contains("another connection wrote to the database during a batched run"))
    writer.stop()
    store.writer = nil
}

/// The process stops at the caller's next commit after the writer's failure, with the
/// message the store writing each batch itself stops with at that batch's commit.
@Test func aFailureOnTheWriterThreadStopsTheProcessAsInPlace() async throws {
    for result in [
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try startThreeRefusingTaskTwo(handingOver: true)
        },
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try startThreeRefusingTaskTwo(handingOver: false)
        },
    ] {
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("/choreo.db: task 2 refused (while trying to commit)"), "\(text)")
        // The child's files, which its stop left behind.
        if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("scratch ") }) {
            try? FileManager.default.removeItem(atPath: String(line.dropFirst(8)))
        }
    }
}

/// Starts three seed instances on a batched store (a command a batch) whose file refuses
/// task 2, then flushes: the process stops.
private func startThreeRefusingTaskTwo(handingOver: Bool) throws {
    FileHandle.standardError.write(Data("scratch \(testScratch.path)\n".utf8))
    let path = temporaryDatabase()
    try refuseTaskTwo(path)
    let store = try SQLiteStore(path: path, mode: .batched(commands: 1), workflows: [seedProgram])
    store.handsBatchesOver = handingOver
    let engine = Engine(clock: ManualClock(now: seedStart), store: store)
    engine.register(seedProgram)
    for _ in 0..<3 {
        try engine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
    }
    store.flush()
}

/// Makes the database at `path` (a store's schema) refuse the row of task 2.
private func refuseTaskTwo(_ path: String) throws {
    _ = try SQLiteStore(path: path)
    try DatabaseQueue(path: path).write { db in
        try db.execute(
            sql: """
                CREATE TRIGGER refuse_task_two BEFORE INSERT ON workflow_team_tasks
                WHEN NEW.number = 2 BEGIN SELECT RAISE(ABORT, 'task 2 refused'); END
                """)
    }
}

/// A store on a new database at `path` that commits every command, its writer pausing
/// 20 ms before each part it writes, and an engine on it running the seed workflow.
private func slowWriterSeedRun(_ path: String) throws -> (SQLiteStore, Engine) {
    let store = try SQLiteStore(path: path, mode: .batched(commands: 1), workflows: [seedProgram])
    store.beforeEachPart = { usleep(20_000) }
    let engine = Engine(clock: ManualClock(now: seedStart), store: store)
    engine.register(seedProgram)
    return (store, engine)
}

/// Starts `instances` seed instances and lets scripted agents drive every open task until
/// all have ended, a simulated second a round.
private func driveToTheEnd(instances: Int, clock: ManualClock, engine: Engine) throws {
    for _ in 0..<instances {
        try engine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
    }
    try driveOpenTasksToTheEnd(clock: clock, engine: engine)
}

/// Every row of every table in the file at `path`, in the order SQLite stores them, one
/// text a row with its table's name: what two files must share to hold the same run.
func everyTableRow(at path: String) throws -> [String] {
    try DatabaseQueue(path: path).read { db in
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        return try tables.flatMap { table in
            try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { "\(table) \($0)" }
        }
    }
}
