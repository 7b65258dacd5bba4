import ChoreoEngine
import Foundation
import GRDB
import Testing

@testable import ChoreoStore

/// A batched store leaves the WAL to grow between checkpoints, and its `flush()` copies the
/// WAL into the file: the file alone, without its WAL, holds the run.
@Test func aBatchedStoresFlushPutsTheRunInTheFileItself() throws {
    let (memory, _) = try referenceRun()
    let (path, clock, store, engine) = try batchedSeedEngine()
    let driver = Driver(clock: clock, engine: engine, timers: { store.pendingTimers })
    for move in seedScript { try driver.play(move) }
    store.flush()
    let interval = store.perform("read the checkpoint interval") { db in
        try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint")
    }
    #expect(interval == Opening.batchedCheckpointBytes / Opening.batchedPageSize)
    let copy = temporaryDatabase("copy.db")
    try FileManager.default.copyItem(atPath: path, toPath: copy)
    let tasks = try DatabaseQueue(path: copy).read { db in
        try Int.fetchOne(db, sql: "SELECT count(*) FROM workflow_team_tasks")
    }
    #expect(tasks == memory.counters.lastTask)
}

/// A store committing every command keeps SQLite's checkpoints (every 1,000 pages).
@Test func aPerCommandStoreKeepsSQLitesCheckpoints() throws {
    let store = try SQLiteStore(path: temporaryDatabase(), mode: .perCommand)
    let interval = store.perform("read the checkpoint interval") { db in
        try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint")
    }
    #expect(interval == 1_000)
}

/// Whatever the system libsqlite3 was built with (Debian's zeroes freed space), a store's
/// connection leaves freed space as it is, in either mode.
@Test(arguments: [SQLiteStore.Mode.perCommand, .batched(commands: 10)])
func aStoreDoesNotZeroFreedSpace(mode: SQLiteStore.Mode) throws {
    let store = try SQLiteStore(path: temporaryDatabase(), mode: mode)
    let secureDelete = store.perform("read secure_delete") { db in
        try Int.fetchOne(db, sql: "PRAGMA secure_delete")
    }
    #expect(secureDelete == 0)
}
