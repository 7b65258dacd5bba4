import Foundation
import GRDB

/// Opening a database file: refuse what is not ours before SQLite writes a byte to it.
enum Opening {
    /// The SQLite file header's first 16 bytes.
    private static let sqliteHeader = Array("SQLite format 3\0".utf8)

    /// The page size of a file made for batched writing (SQLite's default, 4 KiB, for
    /// the others).
    ///
    /// A batch rewrites the row of every instance in flight (3–4 KB of snapshot and
    /// context, nearly a 4 KiB page each) beside its history and task rows, and SQLite
    /// writes every page it changed to the WAL, then copies it into the file at the
    /// checkpoint, one system call a page each way. With 16 KiB pages the benchmark's
    /// batched run (1,000 instances, 10,000 commands a transaction) made 17,700 of those
    /// calls instead of 60,700 and took a quarter less CPU time. One transaction a command
    /// writes a few rows, and each page it touches whole: 16 KiB pages made such commits
    /// a quarter slower, so live files keep 4 KiB.
    static let batchedPageSize = 16_384

    /// How much WAL a batched store lets SQLite write before it copies the pages into the
    /// database file (SQLite's default is 1,000 pages, 16 MiB of 16 KiB pages).
    ///
    /// A checkpoint syncs the WAL, copies every page written since the last one into the
    /// file (a read and a write each) and syncs the file; a batch rewrites the rows of
    /// every instance in flight, so checkpoints after every batch copied the same pages
    /// again and again. With the checkpoints 256 MiB apart (and one at `flush()`),
    /// `ScriptedRun` with 1,000 instances and 1,000 commands a transaction copied 3,658
    /// pages instead of 24,639 and synced 15 times instead of 78; with 10,000 commands a
    /// transaction, 2,350 pages instead of 3,448. (On this machine's fast disk the wall
    /// clock did not change beyond the noise.) The price: a WAL of up to this size beside
    /// the file, and on a power failure (not a crash of the process) the commits since
    /// the last checkpoint may be lost, never the file's consistency (synchronous stays
    /// NORMAL). `SQLiteStore.flush()` checkpoints, so a run is on disk once flushed.
    static let batchedCheckpointBytes = 256 * 1024 * 1024

    /// Sets `db`'s automatic checkpoints `batchedCheckpointBytes` of WAL apart, and the
    /// WAL's file to shrink back to that size after one.
    static func checkpointLessOften(_ db: Database) throws {
        let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4_096
        try db.execute(
            sql: """
                PRAGMA wal_autocheckpoint = \(batchedCheckpointBytes / pageSize);
                PRAGMA journal_size_limit = \(batchedCheckpointBytes)
                """)
    }

    /// Opens the Choreo database at `path`, checked and migrated; with `creating`, makes
    /// one where there is none (no file, or an empty one), with pages of `pageSize` bytes
    /// when given (an existing file keeps its own). Also says whether the file was made
    /// now.
    static func open(path: String, creating: Bool = true, pageSize: Int? = nil)
        throws(SQLiteStoreError) -> (queue: DatabaseQueue, isNew: Bool)
    {
        if !creating {
            let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
            guard let size, size > 0 else { throw .missing(path: path) }
        }
        try checkHeader(path: path)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Several processes share one file: wait for the writer instead of failing.
        configuration.busyMode = .timeout(30)
        // Commands open a transaction in `beginCommand` and commit in `endCommand`.
        configuration.allowsUnsafeTransactions = true
        configuration.label = "choreo"
        let queue: DatabaseQueue
        var isNew = false
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.writeWithoutTransaction { db in
                isNew = try check(db, path: path, pageSize: pageSize)
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // 32 MiB of pages (SQLite's default is 2 MiB): a batch rewrites the rows of
                // every instance in flight, and pages evicted mid-batch are read back.
                try db.execute(sql: "PRAGMA cache_size = -32768")
                // Freed space is left as it is, not zeroed: Debian's libsqlite3 is built to
                // zero it (SQLITE_SECURE_DELETE), which cost a batched run a memset of every
                // cell an update or delete replaced and every page freed. Nothing reads it;
                // SQLite's own default is off.
                try db.execute(sql: "PRAGMA secure_delete = OFF")
            }
            try Schema.migrator.migrate(queue)
        } catch let error as SQLiteStoreError {
            throw error
        } catch let error as DatabaseError {
            throw translate(error, path: path)
        } catch {
            throw .database(path: path, detail: "\(error)")
        }
        return (queue, isNew)
    }

    /// A non-empty file must start with SQLite's header; anything else is refused unread.
    private static func checkHeader(path: String) throws(SQLiteStoreError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        let bytes = (try? handle.read(upToCount: 16)) ?? Data()
        guard !bytes.isEmpty else { return }
        guard Array(bytes) == sqliteHeader else {
            throw .notAChoreoDatabase(path: path, reason: "it is not an SQLite file")
        }
    }

    /// A fresh database is accepted, given `pageSize` (and `true` returned); an existing
    /// one must carry Choreo's application id, a schema version this code knows, and pass
    /// SQLite's quick check.
    private static func check(_ db: Database, path: String, pageSize: Int?) throws -> Bool {
        let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
        if application == 0 && tables == 0 {
            // Before the first write, which fixes the file's page size.
            if let pageSize { try db.execute(sql: "PRAGMA page_size = \(pageSize)") }
            // Marked first, so that a process killed before the migration commits leaves
            // a file that the next open recognizes and migrates.
            try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID)")
            return true
        }
        if application == Schema.unfinishedApplicationID {
            throw SQLiteStoreError.corrupt(
                path: path,
                detail: "the run that was writing it stopped before it ended, "
                    + "so it may hold part of a batch")
        }
        guard application == Schema.applicationID else {
            throw SQLiteStoreError.notAChoreoDatabase(
                path: path, reason: "an SQLite database made by another program")
        }
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        guard version <= Schema.version,
            try !Schema.migrator.hasBeenSuperseded(db)
        else {
            throw SQLiteStoreError.newerSchema(
                path: path, found: version, supported: Schema.version)
        }
        let verdict = try String.fetchAll(db, sql: "PRAGMA quick_check(5)")
        guard verdict == ["ok"] else {
            throw SQLiteStoreError.corrupt(path: path, detail: verdict.joined(separator: "; "))
        }
        return false
    }

    /// How a batched store fills a file it made (`SQLiteStore.Mode.batched`), which no
    /// other connection writes: without SQLite's write-ahead log, syncs or foreign-key
    /// checks, until its first `flush()`, the file marked unfinished meanwhile.
    ///
    /// With the log, every page a batch wrote was written twice, into the log and then, at
    /// `flush()`'s checkpoint, into the file (a read and a write each), and the final
    /// checkpoint, on the caller's thread, took a quarter of a load test's wall clock
    /// (5,000 instances: 0.30 s of 1.0 s). Kept in memory, the rollback journal costs
    /// nothing for the pages a fresh file appends, and each commit writes its pages once,
    /// into the file, on the writer thread. Commits do not sync (synced, a commit of the
    /// load test's took the writer 140 ms, unsynced 15): a file that is refused until its
    /// flush gains nothing from them. `flush()` syncs the file once and puts the
    /// log back, for readers and later writes.
    ///
    /// The foreign keys hold by construction: the store writes an instance's row before
    /// any row that names the instance (its definition's before it), deletes only timers,
    /// and each row's instance is one it holds (a task row's is checked as it is written,
    /// `SQLiteStore.writeTaskRows`). SQLite's checks cost the writer some 750 instructions
    /// a task state change, and `PRAGMA foreign_key_check` at `flush()` took 70 ms on the
    /// load test's file, more than it spared; they are back on from the first flush.
    ///
    /// A process that stops before the first flush (killed, or a failed write) leaves a file
    /// whose commits may be half written: it is marked (`Schema.unfinishedApplicationID`)
    /// before the first row, and the mark goes only once everything is synced, in a
    /// transaction of its own (journaled on disk and synced: a power failure before its
    /// end leaves the mark), so the file is refused (`check`) rather than read wrong. Rows
    /// and their order are those the log would have held: only how SQLite commits them
    /// changes.
    ///
    /// Not done: the secondary indices built at `flush()` instead of kept row by row. The
    /// writer spent a fifth less, but `CREATE INDEX` took 90 ms at the load test's flush,
    /// on the caller's thread, where the upkeep it spares runs on the writer's, while the
    /// simulation goes on.
    enum BulkWriting {
        /// Marks the new file unfinished, then leaves the log, the syncs and the
        /// foreign-key checks.
        static func begin(_ db: Database) throws {
            try db.execute(sql: "PRAGMA application_id = \(Schema.unfinishedApplicationID)")
            try db.execute(sql: "PRAGMA main.journal_mode = MEMORY")
            try db.execute(sql: "PRAGMA synchronous = OFF")
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
        }

        /// Syncs the file and clears the mark in one journaled transaction, then takes the
        /// log, the syncs and the checks back. Outside a transaction.
        static func end(_ db: Database) throws {
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            try db.execute(sql: "PRAGMA main.journal_mode = DELETE")
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID)")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA main.journal_mode = WAL")
        }
    }

    static func translate(_ error: DatabaseError, path: String) -> SQLiteStoreError {
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return .corrupt(path: path, detail: "SQLite cannot read its pages")
        case .SQLITE_CORRUPT:
            return .corrupt(path: path, detail: error.message ?? "database disk image is malformed")
        default:
            return .database(path: path, detail: error.message ?? "\(error)")
        }
    }
}
