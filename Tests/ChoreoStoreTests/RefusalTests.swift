import ChoreoEngine
import ChoreoStore
import Foundation
import GRDB
import Testing

private func bytes(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }

@Test func aTextFileIsRefusedAndLeftUntouched() throws {
    let path = temporaryDatabase("notes.txt")
    try "name: not a database\n".write(toFile: path, atomically: true, encoding: .utf8)
    let before = bytes(path)
    #expect {
        _ = try SQLiteStore(path: path)
    } throws: { error in
        guard case .notAChoreoDatabase = error as? SQLiteStoreError else { return false }
        return "\(error)".contains("not a Choreo database")
    }
    #expect(bytes(path) == before)
}

@Test func anotherProgramsSQLiteDatabaseIsRefusedAndLeftUntouched() throws {
    let path = temporaryDatabase("other.db")
    do {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE notes (text TEXT)") }
    }
    let before = bytes(path)
    #expect {
        _ = try SQLiteStore(path: path)
    } throws: { error in
        guard case .notAChoreoDatabase = error as? SQLiteStoreError else { return false }
        return true
    }
    #expect(bytes(path) == before)
}

@Test func aNewerSchemaVersionIsRefused() throws {
    let path = temporaryDatabase()
    _ = try SQLiteStore(path: path)
    do {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = 99") }
    }
    #expect {
        _ = try SQLiteStore(path: path)
    } throws: { error in
        (error as? SQLiteStoreError) == .newerSchema(path: path, found: 99, supported: 10)
    }
}

@Test func aDamagedDatabaseIsRefusedAndLeftUntouched() throws {
    let path = temporaryDatabase()
    do {
        let store = try SQLiteStore(path: path, workflows: [seedProgram])
        let clock = ManualClock(now: seedStart)
        let engine = Engine(clock: clock, store: store)
        engine.register(seedProgram)
        let driver = Driver(clock: clock, engine: engine, timers: { store.pendingTimers })
        for move in seedScript { try driver.play(move) }
    }
    // Garbage over every page after the first (the header and schema stay readable).
    var data = bytes(path)
    let pageSize = 4096
    #expect(data.count > 3 * pageSize)
    for offset in pageSize..<data.count { data[offset] = UInt8(truncatingIfNeeded: offset &* 31) }
    try data.write(to: URL(fileURLWithPath: path))
    #expect {
        _ = try SQLiteStore(path: path)
    } throws: { error in
        guard case .corrupt = error as? SQLiteStoreError else { return false }
        return "\(error)".contains("damaged")
    }
    #expect(bytes(path) == data)
}

@Test func anEmptyFileBecomesAFreshDatabase() throws {
    let path = temporaryDatabase()
    #expect(FileManager.default.createFile(atPath: path, contents: Data()))
    let store = try SQLiteStore(path: path)
    #expect(store.allInstances.isEmpty)
}
