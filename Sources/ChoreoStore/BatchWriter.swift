import Foundation
import GRDB
import GRDBSQLite

/// A store's SQLite connection and the statements prepared on it: what plays a `RowTape`.
///
/// Used by one thread at a time: the store's caller, or a batched store's writer thread
/// while it writes a batch. The caller touches the connection only through
/// `SQLiteStore.perform` (and, between two commands of a store that handed no batch over,
/// `refreshOutsideCommand`), which first waits for the writer to be done
/// (`BatchWriter.wait`); the writer takes a tape only once the caller has handed it over
/// under the writer's lock. That lock orders every use of the connection, so the
/// `@unchecked Sendable` below holds: nothing here is used from two threads at once.
final class StoreConnection: @unchecked Sendable {
    let path: String
    let queue: DatabaseQueue
    let prepared = PreparedStatements()

    init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    /// Runs what `tape` recorded, in order, inside the caller's turn on the connection.
    func play(_ tape: RowTape, in db: Database) throws {
        try tape.play { key in
            try prepared(StoreStatement(rawValue: Int(key))!, in: db)
        }
    }

    /// `error`, thrown while playing a tape or running a query, as the store reports it.
    func storeError(_ error: any Error) -> SQLiteStoreError {
        switch error {
        case let error as SQLiteStoreError:
            return error
        case let error as DatabaseError:
            return Opening.translate(error, path: path)
        case let mismatch as RowTape.Mismatch:
            return .database(
                path: path,
                detail: "another connection wrote to the database during a batched run "
                    + "(\(mismatch.sql) read \(mismatch.found.map(String.init) ?? "nothing"), "
                    + "not \(mismatch.expected)); a batched store must be its only writer")
        default:
            return .database(path: path, detail: "\(error)")
        }
    }
}

/// The thread that writes a batched store's batches: the caller records batch k+1 (the
/// engine and simulator running on) while this thread binds and steps batch k's rows and
/// commits them; and while the caller records a batch's rows at its commit, this thread
/// plays the parts already recorded.
///
/// The caller hands over what its tape recorded (`handOver`), a part of a batch or the
/// rest of it up to its `COMMIT`: the contents move onto a tape of the writer's, and the
/// caller's tape goes on empty. The writer plays the tapes in the order handed over, on
/// the one connection, the transaction a batch opened staying open from one part to the
/// next. The caller waits only when more than `queuedBytesLimit` of text wait (more than
/// a batch of the benchmarks'), or before it uses the connection itself (`wait`).
///
/// Why the file is the same as when the caller writes each batch itself: the tapes hold
/// the exact sequence of statements and values the synchronous write would have run, made
/// from the caller's state when recorded (never read again after the hand-over), and every
/// statement on the connection, from either thread, runs in recording order: the writer
/// plays the tapes first in, first out, and the caller waits for it (`wait`) before it
/// plays a tape or queries the connection itself. Where a batch is cut into parts changes
/// nothing but when SQLite runs each statement. Nothing the writer does depends on timing,
/// only on the tapes, so two runs give the same file byte for byte.
///
/// A failure while playing rolls the open transaction back (the file keeps the last whole
/// batch), and is kept: the tapes handed over after it are dropped unplayed, and
/// `handOver` and `wait` throw it from then on, so the caller learns of it at its next
/// hand-over (a commit), read, flush or close.
final class BatchWriter: @unchecked Sendable {
    // `@unchecked Sendable`: every stored property below is read and changed under
    // `condition`'s lock, except `connection` (used by this thread only, while it plays a
    // tape, see `StoreConnection`, and let go of by it when it ends) and the constants.
    // The tapes move between the threads only under the lock.
    private let condition = NSCondition()
    /// Let go of when the thread ends, so that the store closes its connection itself.
    private var connection: StoreConnection?
    /// Tapes handed over and not yet played, first in first out, with their text's size.
    private var queued: [(tape: RowTape, bytes: Int)] = []
    private var queuedBytes = 0
    /// Whether the thread is playing a tape.
    private var playing = false
    /// Tapes played and emptied, for the next hand-overs.
    private var spares: [RowTape] = []
    /// The first failure, kept.
    private var failure: SQLiteStoreError?
    private var stopping = false
    private var stopped = false
    /// Run before each tape is played (a test's delay).
    private let beforeEachPart: (@Sendable () -> Void)?

    /// How much text may wait for the writer before a hand-over waits.
    static let queuedBytesLimit = 256 * 1_024 * 1_024
    /// How many emptied tapes are kept for reuse.
    private static let keptSpares = 16

    /// Starts the thread.
    init(connection: StoreConnection, beforeEachPart: (@Sendable () -> Void)? = nil) {
        self.connection = connection
        self.beforeEachPart = beforeEachPart
        let thread = Thread { [self] in run() }
        thread.name = "choreo-store-writer"
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// Moves what `tape` recorded onto a tape of the writer's, to be played after what
    /// was handed over before; `tape` is left empty. Throws the first failure of a tape
    /// before, if any, and then hands nothing over.
    func handOver(contentsOf tape: RowTape) throws(SQLiteStoreError) {
        condition.lock()
        while queuedBytes > BatchWriter.queuedBytesLimit && failure == nil { condition.wait() }
        if let failure {
            condition.unlock()
            throw failure
        }
        let carrier = spares.popLast() ?? RowTape.partSized()
        condition.unlock()
        // Neither tape is the writer's meanwhile: the carrier left the spares under the lock.
        carrier.exchangeContents(with: tape)
        let bytes = carrier.textBytes
        condition.lock()
        queued.append((carrier, bytes))
        queuedBytes += bytes
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until every tape handed over is played; throws the first failure, if any.
    func wait() throws(SQLiteStoreError) {
        condition.lock()
        defer { condition.unlock() }
        while !queued.isEmpty || playing { condition.wait() }
        if let failure { throw failure }
    }

    /// Lets the thread play what it was handed, and end; waits for it.
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        stopping = true
        condition.broadcast()
        while !stopped { condition.wait() }
    }

    private func run() {
        while let (tape, bytes, failed) = next() {
            // After a failure, what follows is dropped: its transaction was rolled back.
            let failure = failed ? nil : play(tape)
            condition.lock()
            if let failure { self.failure = failure }
            playing = false
            queuedBytes -= bytes
            condition.broadcast()
            condition.unlock()
            // What the tape lets go of is freed once the caller may go on: it waits for the
            // writes, not for this.
            tape.removeAll()
            condition.lock()
            if spares.count < BatchWriter.keptSpares { spares.append(tape) }
            condition.unlock()
        }
    }

    /// The next tape handed over, once there is one, and whether a tape before failed;
    /// `nil` when stopped.
    private func next() -> (RowTape, Int, Bool)? {
        condition.lock()
        defer { condition.unlock() }
        while queued.isEmpty && !stopping { condition.wait() }
        guard !queued.isEmpty else {
            // The store's reference is then the last: the connection closes when the store
            // goes, on its thread, not whenever this thread's last reference goes (a store
            // opened on the file meanwhile found it locked).
            connection = nil
            stopped = true
            condition.broadcast()
            return nil
        }
        let (tape, bytes) = queued.removeFirst()
        playing = true
        return (tape, bytes, failure != nil)
    }

    /// Plays `tape` on the connection; on a failure, rolls the open transaction back. A
    /// tape without runs (only what it lets go of) leaves the connection alone.
    private func play(_ tape: RowTape) -> SQLiteStoreError? {
        guard !tape.isEmpty, let connection else { return nil }
        beforeEachPart?()
        do {
            try connection.queue.writeWithoutTransaction { db in
                do {
                    try connection.play(tape, in: db)
                } catch {
                    if sqlite3_get_autocommit(db.sqliteConnection) == 0 {
                        try? db.execute(sql: "ROLLBACK")
                    }
                    throw error
                }
            }
            return nil
        } catch {
            return connection.storeError(error)
        }
    }
}
