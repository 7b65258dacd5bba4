import ChoreoEngine
import GRDB
import GRDBSQLite

/// A cached statement bound and run through SQLite's C API.
///
/// The write path runs a handful of statements hundreds of thousands of times a second;
/// GRDB's `StatementArguments` (an array of existentials built per run) and its per-run
/// bookkeeping cost more than SQLite's insert itself. Values are bound in column order.
///
/// Text is copied into `arena`, which SQLite reads in place (`SQLITE_STATIC`) until the
/// run ends: bound as `SQLITE_TRANSIENT`, each text cost SQLite a `malloc`, a copy and a
/// `free`, a dozen per task row.
///
/// ```swift
/// let arena = BindArena()
/// var insert = BoundStatement(
///     try db.cachedStatement(sql: "INSERT INTO t VALUES (?, ?)"), arena: arena)
/// insert.bind(1)
/// insert.bind("one")
/// try insert.run()
/// ```
struct BoundStatement {
    private let statement: Statement
    let arena: BindArena
    private var position: Int32 = 0

    init(_ statement: Statement, arena: BindArena) {
        self.statement = statement
        self.arena = arena
    }

    private var handle: OpaquePointer { statement.sqliteStatement }

    /// SQLite copies the bytes before `bind` returns.
    private static var transient: sqlite3_destructor_type {
        unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
    }

    /// SQLite reads the bytes where they are, until the statement is reset.
    private static var staticBytes: sqlite3_destructor_type? { nil }

    mutating func bind(_ value: Int) {
        position += 1
        sqlite3_bind_int64(handle, position, Int64(value))
    }

    mutating func bind(_ value: Int?) {
        guard let value else { return bindNull() }
        bind(value)
    }

    /// Inlined: called, it retained and released the string its caller already holds
    /// (a task row binds six).
    @inline(__always)
    mutating func bind(_ text: String?) {
        guard let text else { return bindNull() }
        // In place where the bytes are at hand (native and small strings), without a
        // mutable copy of the string.
        let bound: Void? = text.utf8.withContiguousStorageIfAvailable { bind(text: $0) }
        if bound == nil {
            var text = text
            text.withUTF8 { bind(text: $0) }
        }
    }

    /// Binds the text `json` holds.
    mutating func bind(_ json: JSONWriter) {
        bind(text: json.text)
    }

    /// Binds the text of `bytes`, copied into the arena when it has room.
    mutating func bind(text bytes: UnsafeBufferPointer<UInt8>) {
        position += 1
        if let copy = arena.copy(bytes) {
            _ = sqlite3_bind_text(
                handle, position, copy.baseAddress, Int32(copy.count), BoundStatement.staticBytes)
        } else {
            _ = sqlite3_bind_text(
                handle, position, bytes.baseAddress, Int32(bytes.count), BoundStatement.transient)
        }
    }

    /// Binds `bytes` where they are, which must stay unchanged until the run ends.
    mutating func bind(static bytes: UnsafeBufferPointer<UInt8>) {
        position += 1
        _ = sqlite3_bind_text(
            handle, position, bytes.baseAddress, Int32(bytes.count), BoundStatement.staticBytes)
    }

    /// Binds JSON text written before.
    mutating func bind(json bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBufferPointer { bind(text: $0) }
    }

    /// Binds `value` as JSON text, written with `writer`.
    mutating func bind(json value: Value?, with writer: JSONWriter) {
        guard let value else { return bindNull() }
        writer.reset()
        writer.write(value: value)
        bind(writer)
    }

    private mutating func bindNull() {
        position += 1
        sqlite3_bind_null(handle, position)
    }

    /// Runs the statement with the values bound so far, then readies it for the next run.
    mutating func run() throws {
        precondition(
            position == sqlite3_bind_parameter_count(handle),
            "\(statement.sql): bound \(position) values")
        position = 0
        let code = sqlite3_step(handle)
        // The bound texts stay in the arena until the reset, and are not read after it:
        // every run binds every parameter anew (checked above).
        defer { arena.reset() }
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
            sqlite3_reset(handle)
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        sqlite3_reset(handle)
    }
}

/// Where a statement's texts wait, in place, for the statement to run: a buffer of fixed
/// size (it never moves while SQLite holds pointers into it), emptied after each run. A
/// text that does not fit is left to SQLite to copy.
final class BindArena {
    /// Room for a task row's texts and an instance's snapshot and context in all but the
    /// largest workflows.
    static let capacity = 256 * 1024

    private var used = 0
    /// The last time bound as text (`bind(time:)`).
    var storeTimes = LastTimeText(.store)
    private let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: BindArena.capacity)

    deinit {
        buffer.deallocate()
    }

    /// `bytes` copied into the arena, or `nil` when they do not fit. An empty text gets an
    /// address all the same: SQLite binds null for none.
    func copy(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard used + bytes.count <= BindArena.capacity else { return nil }
        let start = buffer + used
        if let source = bytes.baseAddress {
            start.initialize(from: source, count: bytes.count)
            used += bytes.count
        }
        return UnsafeBufferPointer(start: start, count: bytes.count)
    }

    /// Frees the whole arena for the next statement.
    func reset() { used = 0 }
}

/// Rows inserted, updated or deleted `perStatement` (`rowsPerStatement`) to a statement
/// while at least that many remain, then one by one: a statement of many rows spares
/// SQLite a statement's setup and teardown (opening cursors, freeing registers) for every
/// row but one of each group.
///
/// `many` writes `perStatement` rows (`VALUES (…), (…), …`), `one` a row, with the same
/// parameters a row; `rows` is how many rows will be added. The bound texts stay in the
/// arena until `many` runs, so every row of a group must be bound before the next group
/// starts.
struct ChunkedRows {
    /// How many rows a statement of many rows writes.
    static let rowsPerStatement = 32

    private var many: BoundStatement
    private var one: BoundStatement
    private let perStatement: Int
    /// Rows not yet bound.
    private var remaining: Int
    /// Rows bound to `many` and not yet written.
    private var bound = 0

    init(
        many: BoundStatement, one: BoundStatement,
        perStatement: Int = ChunkedRows.rowsPerStatement, rows: Int
    ) {
        self.many = many
        self.one = one
        self.perStatement = perStatement
        remaining = rows
    }

    /// The `VALUES` list of `rows` rows of `columns` parameters each.
    static func values(columns: Int, rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        return Array(repeating: row, count: rows).joined(separator: ", ")
    }

    /// Binds the next row with `bind`, writing its group once whole.
    mutating func add(_ bind: (inout BoundStatement) -> Void) throws {
        precondition(remaining > 0, "more rows added than announced")
        remaining -= 1
        guard bound > 0 || remaining + 1 >= perStatement else {
            bind(&one)
            return try one.run()
        }
        bind(&many)
        bound += 1
        if bound == perStatement {
            try many.run()
            bound = 0
        }
    }

    /// Checks that every row announced was added and written.
    func finish() {
        precondition(remaining == 0 && bound == 0, "\(remaining + bound) rows not written")
    }
}
