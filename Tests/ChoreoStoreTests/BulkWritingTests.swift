import ChoreoEngine
import Foundation
import GRDB
import Testing

@testable import ChoreoStore

/// A batched store fills a file it made in bulk (no write-ahead log, no foreign-key
/// checks, the file marked unfinished) until its first flush, and leaves the rows a store
/// writing through the log leaves, in every table.
@Test func aFileFilledInBulkHoldsTheRowsWrittenThroughTheLog() throws {
    func run(_ path: String) throws -> (rows: [String], bulk: Bool) {
        let clock = ManualClock(now: seedStart)
        let store = try SQLiteStore(
            path: path, mode: .batched(commands: 7), workflows: [seedProgram])
        let bulk = store.writesInBulk
        let engine = Engine(clock: clock, store: store)
        engine.register(seedProgram)
        for _ in 0..<25 {
            try engine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
        }
        let teams = seedProgram.definition.teams + [seedProgram.definition.escalationTeam]
        for _ in 0..<40 {
            clock.advance(by: Durations.second)
            for team in teams {
                for task in engine.tasks(team: team) { try act(on: task, engine: engine) }
                engine.drainEffects { _ in }
            }
        }
        store.flush()
        #expect(!store.writesInBulk)
        return (try everyTableRow(at: path), bulk)
    }
    let fresh = try run(temporaryDatabase())
    #expect(fresh.bulk)
    // A file made (and flushed) before: the store writes it through the log.
    let made = temporaryDatabase()
    try SQLiteStore(path: made, mode: .batched(commands: 7)).flush()
    let throughTheLog = try run(made)
    #expect(!throughTheLog.bulk)
    #expect(fresh.rows == throughTheLog.rows)
    #expect(fresh.rows.contains { $0.hasPrefix("workflow_team_tasks") })
}

/// While it fills the file, the file is marked unfinished, its journal is in memory and
/// commits do not sync; the flush syncs it, clears the mark and puts the log, the syncs
/// (`NORMAL`) and the foreign-key checks back.
@Test func theFirstFlushFinishesAFileFilledInBulk() throws {
    let path = temporaryDatabase()
    let store = try SQLiteStore(path: path, mode: .batched(commands: 1), workflows: [seedProgram])
    let engine = Engine(clock: ManualClock(now: seedStart), store: store)
    engine.register(seedProgram)
    try engine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
    func settings() -> [Int] {
        store.perform("read the settings") { db in
            [
                try Int.fetchOne(db, sql: "PRAGMA application_id")!,
                try String.fetchOne(db, sql: "PRAGMA main.journal_mode") == "wal" ? 1 : 0,
                try Int.fetchOne(db, sql: "PRAGMA foreign_keys")!,
                try Int.fetchOne(db, sql: "PRAGMA synchronous")!,
            ]
        }
    }
    #expect(settings() == [Int(Schema.unfinishedApplicationID), 0, 0, 0])
    #expect(throws: SQLiteStoreError.self) { try SQLiteStore(path: path, creating: false) }
    store.flush()
    #expect(settings() == [Int(Schema.applicationID), 1, 1, 1])
    #expect(try SQLiteStore(path: path, creating: false).instanceIDs.count == 1)
    // Later batches go through the log.
    try engine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
    #expect(settings() == [Int(Schema.applicationID), 1, 1, 1])
}

/// A store let go of without a flush finishes its file all the same.
@Test func aStoreLetGoOfFinishesItsFile() throws {
    let path = temporaryDatabase()
    do {
        let store = try SQLiteStore(
            path: path, mode: .batched(commands: 2), workflows: [seedProgram])
        let engine = Engine(clock: ManualClock(now: seedStart), store: store)
        engine.register(seedProgram)
        for _ in 0..<4 {
            try engine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
        }
    }
    #expect(try SQLiteStore(path: path, creating: false).instanceIDs.count == 4)
}

/// A process killed while it fills a file in bulk (between batches, or in the middle of
/// one's commit) leaves a file that is refused as unfinished, and left as it is; killed
/// after its flush, one that opens with every row.
@Test func aRunKilledBeforeItsFlushLeavesAFileThatIsRefused() async throws {
    for result in [
        await #expect(processExitsWith: .signal(SIGKILL), observing: [\.standardErrorContent]) {
            try fillInBulkAndKill(flushingFirst: false, killWhileWriting: false)
        },
        await #expect(processExitsWith: .signal(SIGKILL), observing: [\.standardErrorContent]) {
            try fillInBulkAndKill(flushingFirst: false, killWhileWriting: true)
        },
    ] {
        let path = try #require(killedRunsFile(result))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let refusal = #expect(throws: SQLiteStoreError.self) {
            try SQLiteStore(path: path, workflows: [seedProgram])
        }
        if case .corrupt(_, let detail) = refusal {
            #expect(detail.contains("stopped before it ended"))
        } else {
            Issue.record("refused as \(String(describing: refusal))")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }
    let result = await #expect(
        processExitsWith: .signal(SIGKILL), observing: [\.standardErrorContent]
    ) {
        try fillInBulkAndKill(flushingFirst: true, killWhileWriting: false)
    }
    let path = try #require(killedRunsFile(result))
    let store = try SQLiteStore(path: path, workflows: [seedProgram], creating: false)
    #expect(store.instanceIDs.count == 20)
    try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
}

/// The file a child process named on its standard error (`fillInBulkAndKill`).
private func killedRunsFile(_ result: ExitTest.Result?) -> String? {
    let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    return text.split(separator: "\n").first { $0.hasPrefix("file ") }.map {
        String($0.dropFirst(5))
    }
}

/// Starts seed instances on a new batched store, then kills the process with SIGKILL:
/// after a flush, or before one, between two batches (20 instances, 3 commands a batch)
/// or while the writer thread writes a batch (100 instances in one). Names the file on
/// its standard error first.
private func fillInBulkAndKill(flushingFirst: Bool, killWhileWriting: Bool) throws {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("choreo-bulk-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let path = directory.appendingPathComponent("choreo.db").path
    FileHandle.standardError.write(Data("file \(path)\n".utf8))
    let store = try SQLiteStore(
        path: path, mode: .batched(commands: killWhileWriting ? 100 : 3),
        workflows: [seedProgram])
    if killWhileWriting {
        // The kill lands a moment after the writer starts on the batch.
        store.beforeEachPart = {
            Thread {
                usleep(300)
                kill(getpid(), SIGKILL)
            }.start()
        }
    }
    let engine = Engine(clock: ManualClock(now: seedStart), store: store)
    engine.register(seedProgram)
    for _ in 0..<(killWhileWriting ? 100 : 20) {
        try engine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
    }
    if flushingFirst { store.flush() }
    store.settleWriter()
    if killWhileWriting { sleep(10) }
    kill(getpid(), SIGKILL)
}
