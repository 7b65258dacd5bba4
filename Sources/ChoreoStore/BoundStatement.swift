import ChoreoEngine
import GRDB
import GRDBSQLite

/// A cached statement bound and run through SQLite's C API.
///
/// The write path runs a handful of statements hundreds of thousands of times a second;
/// GRDB's `StatementArguments` (an array of existentials built per run) and its per-run
/// bookkeeping cost more than SQLite's insert itself. Values are bound in column order.
///
/// ```swift
/// var insert = BoundStatement(try db.cachedStatement(sql: "INSERT INTO t VALUES (?, ?)"))
/// insert.bind(1)
/// insert.bind("one")
/// try insert.run()
/// ```
struct BoundStatement {
    private let statement: Statement
    private var position: Int32 = 0

    init(_ statement: Statement) {
        self.statement = statement
    }

    private var handle: OpaquePointer { statement.sqliteStatement }

    /// SQLite copies the bytes before `bind` returns (`SQLITE_TRANSIENT`).
    private static var transient: sqlite3_destructor_type {
        unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
    }

    mutating func bind(_ value: Int) {
        position += 1
        sqlite3_bind_int64(handle, position, Int64(value))
    }

    mutating func bind(_ value: Int?) {
        guard let value else { return bindNull() }
        bind(value)
    }

    mutating func bind(_ text: String?) {
        guard var text else { return bindNull() }
        position += 1
        let handle = handle
        let position = position
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(
                handle, position, bytes.baseAddress, Int32(bytes.count), BoundStatement.transient)
        }
    }

    /// Binds the text `json` holds.
    mutating func bind(_ json: JSONWriter) {
        position += 1
        let handle = handle
        let position = position
        let bytes = json.text
        _ = sqlite3_bind_text(
            handle, position, bytes.baseAddress, Int32(bytes.count), BoundStatement.transient)
    }

    /// Binds the text of `bytes`.
    mutating func bind(text bytes: UnsafeBufferPointer<UInt8>) {
        position += 1
        _ = sqlite3_bind_text(
            handle, position, bytes.baseAddress, Int32(bytes.count), BoundStatement.transient)
    }

    /// Binds JSON text written before.
    mutating func bind(json bytes: ArraySlice<UInt8>) {
        position += 1
        let handle = handle
        let position = position
        bytes.withUnsafeBufferPointer { bytes in
            _ = sqlite3_bind_text(
                handle, position, bytes.baseAddress, Int32(bytes.count), BoundStatement.transient)
        }
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
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
            sqlite3_reset(handle)
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        sqlite3_reset(handle)
    }
}
