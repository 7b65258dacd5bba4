import ChoreoEngine
import GRDB
import GRDBSQLite

/// A statement's runs, recorded onto a `RowTape` that plays them through SQLite's C API.
///
/// The write path runs a handful of statements hundreds of thousands of times a second;
/// GRDB's `StatementArguments` (an array of existentials built per run) and its per-run
/// bookkeeping cost more than SQLite's insert itself. Values are bound in column order.
///
/// A run's values are written onto the tape (texts copied into it) and played later, in
/// order, by whichever thread holds the connection: the caller's at once (per-command
/// mode, and before any read), or a batched store's writer thread (`BatchWriter`) while the
/// caller goes on with the next batch. SQLite reads each text where the tape holds it
/// (`SQLITE_STATIC`): bound as `SQLITE_TRANSIENT`, each text cost SQLite a `malloc`, a copy
/// and a `free`, a dozen per task row.
///
/// ```swift
/// let tape = RowTape()
/// var insert = BoundStatement(.saveCounter, tape: tape)
/// insert.bind("last_task")
/// insert.bind(1)
/// try insert.run()
/// try tape.play { which in try prepared(StoreStatement(rawValue: Int(which))!, in: db) }
/// ```
struct BoundStatement {
    /// The statement's key on the tape (a `StoreStatement`'s raw value in the store).
    private let statement: Int32
    /// Where the runs go. (Named `arena` for `bind(time:)`, which keeps its texts there.)
    let arena: RowTape
    /// Values bound since the last run.
    private var bound: Int32 = 0

    init(_ statement: StoreStatement, tape: RowTape) {
        self.init(key: Int32(statement.rawValue), tape: tape)
    }

    /// A statement the tape's player knows by `key`.
    init(key: Int32, tape: RowTape) {
        self.statement = key
        self.arena = tape
    }

    mutating func bind(_ value: Int) {
        bound += 1
        arena.append(integer: value)
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

    /// Binds the text of `bytes`, copied onto the tape.
    mutating func bind(text bytes: UnsafeBufferPointer<UInt8>) {
        bound += 1
        arena.append(text: bytes)
    }

    /// Binds `bytes` where they are, which must never change nor be freed: constant texts.
    mutating func bind(static bytes: UnsafeBufferPointer<UInt8>) {
        bound += 1
        arena.append(static: bytes)
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
        bound += 1
        arena.appendNull()
    }

    /// Records a run of the statement with the values bound since the last one: SQLite's
    /// verdict comes when the tape plays.
    mutating func run() {
        arena.endRun(statement: statement, values: bound)
        bound = 0
    }
}

/// Statement runs and their values, in order, to be played on the store's connection:
/// what a store writes between two plays (a command's rows, or a batch's, or a part of
/// one).
///
/// A tape is owned by one thread at a time: the caller's while it records (and plays it,
/// when it does); in a batched store, what it recorded moves onto a tape of the writer
/// thread's (`BatchWriter.handOver`), which the writer owns until it has played and
/// emptied it. Texts are copied into the tape's own buffer, which does not change while
/// the tape plays, so SQLite reads them in place; a constant text (`bind(constant:)`) is
/// bound where the program holds it.
final class RowTape: @unchecked Sendable {
    // `@unchecked Sendable`: a tape crosses threads only through `BatchWriter`, under its
    // lock, and the side that gave it up does not touch it until it is given back; its
    // buffers belong to it alone, and a static text's bytes are immutable. (`onFull` is
    // set only on the caller's recording tape, which never crosses.)

    /// One value of a run.
    private struct Slot {
        enum Kind: UInt8 { case integer, null, text, staticText }
        /// The integer; a text's offset in `bytes`; a static text's address.
        var word: Int
        var count: Int32
        var kind: Kind
    }

    /// A statement run: its key, the end of its values (they start where the last run's
    /// end), and for a query whose one row must read a given integer, that integer.
    private struct Run {
        var statement: Int32
        var end: Int32
        var expected: Int64?
    }

    private var runs: [Run] = []
    /// What the store lets go of when the tape is next emptied (`letGo`).
    private var dropped: [DroppedInstance] = []
    private var values: UnsafeMutablePointer<Slot>
    private var valueCapacity: Int
    private var valueCount = 0
    private var bytes: UnsafeMutablePointer<UInt8>
    private var byteCapacity: Int
    private var byteCount = 0
    /// The last time bound as text (`bind(time:)`).
    var storeTimes = LastTimeText(.store)
    /// Called at the end of a run once the tape holds `partBytes` of text or `partValues`
    /// values: a batched store gives that part of its write to the writer thread, which
    /// plays it while the rest is recorded.
    var onFull: ((RowTape) -> Void)?

    /// How much text a part holds, about: a batch of the benchmarks' is some hundreds.
    var partBytes = RowTape.partBytes
    /// How many values a part holds at most.
    var partValues = RowTape.partValues
    static let partBytes = 256 * 1_024
    static let partValues = 16 * 1_024

    /// A tape with room for `bytes` of text and `values` values before it grows.
    init(bytes: Int = 64 * 1_024, values: Int = 1_024) {
        valueCapacity = values
        self.values = .allocate(capacity: valueCapacity)
        byteCapacity = bytes
        self.bytes = .allocate(capacity: byteCapacity)
    }

    /// A tape with room for a part (`onFull`) and the row that ends it, mostly: a writer's
    /// tape, whose buffers the caller's recording tape takes at each hand-over.
    static func partSized() -> RowTape {
        RowTape(bytes: 2 * partBytes, values: partValues + 1_024)
    }

    deinit {
        values.deallocate()
        bytes.deallocate()
    }

    /// Whether nothing is recorded. (It may keep what it lets go of when emptied.)
    var isEmpty: Bool { runs.isEmpty }

    /// The bytes of text recorded.
    var textBytes: Int { byteCount }

    /// Values bound and not yet part of a run.
    private var pendingValues: Int {
        valueCount - Int(runs.last?.end ?? 0)
    }

    @inline(__always)
    private func append(_ value: Slot) {
        if valueCount == valueCapacity { grow(values: 1) }
        (values + valueCount).initialize(to: value)
        valueCount += 1
    }

    private func grow(values extra: Int) {
        let capacity = max(valueCapacity * 2, valueCount + extra)
        let grown = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        grown.moveInitialize(from: values, count: valueCount)
        values.deallocate()
        values = grown
        valueCapacity = capacity
    }

    func append(integer: Int) {
        append(Slot(word: integer, count: 0, kind: .integer))
    }

    func appendNull() {
        append(Slot(word: 0, count: 0, kind: .null))
    }

    /// Copies `text` onto the tape. (An empty text is text, not null.)
    func append(text: UnsafeBufferPointer<UInt8>) {
        if byteCount + text.count > byteCapacity {
            let capacity = max(byteCapacity * 2, byteCount + text.count)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.moveInitialize(from: bytes, count: byteCount)
            bytes.deallocate()
            bytes = grown
            byteCapacity = capacity
        }
        if let source = text.baseAddress {
            (bytes + byteCount).initialize(from: source, count: text.count)
        }
        append(Slot(word: byteCount, count: Int32(text.count), kind: .text))
        byteCount += text.count
    }

    /// Records `text`'s address: its bytes must never change nor be freed.
    func append(static text: UnsafeBufferPointer<UInt8>) {
        append(
            Slot(
                word: Int(bitPattern: text.baseAddress), count: Int32(text.count),
                kind: .staticText))
    }

    /// Ends a run of `statement` with the last `values` values.
    func endRun(statement: Int32, values: Int32) {
        precondition(
            pendingValues == Int(values),
            "a run of statement \(statement) bound \(values) values, the tape holds \(pendingValues)"
        )
        runs.append(Run(statement: statement, end: Int32(valueCount), expected: nil))
        if byteCount >= partBytes || valueCount >= partValues, let onFull {
            onFull(self)
        }
    }

    /// Keeps `instance` until the tape is next emptied, where it is let go of.
    func letGo(_ instance: DroppedInstance) {
        dropped.append(instance)
    }

    /// Takes what `other` recorded, and gives it this tape's (its buffers, to reuse).
    func exchangeContents(with other: RowTape) {
        swap(&runs, &other.runs)
        swap(&dropped, &other.dropped)
        swap(&values, &other.values)
        swap(&valueCapacity, &other.valueCapacity)
        swap(&valueCount, &other.valueCount)
        swap(&bytes, &other.bytes)
        swap(&byteCapacity, &other.byteCapacity)
        swap(&byteCount, &other.byteCount)
    }

    /// Records a run of the query `statement`, which must return a row whose first column
    /// is `expected` (else the play fails with `Mismatch`).
    func expect(_ expected: Int, from statement: Int32) {
        precondition(pendingValues == 0, "a check recorded in the middle of a run")
        runs.append(Run(statement: statement, end: Int32(valueCount), expected: Int64(expected)))
    }

    /// A query recorded with `expect` read another value.
    struct Mismatch: Error {
        var sql: String
        var expected: Int64
        var found: Int64?
    }

    /// Runs every statement recorded, in order, each statement found by its key with
    /// `statement`, then forgets them (what the tape lets go of stays until `removeAll`).
    /// On a failure, what followed is not run, and the runs are forgotten all the same.
    func play(_ statement: (Int32) throws -> Statement) throws {
        defer { removeRuns() }
        var index = 0
        for run in runs {
            let handle = try statement(run.statement).sqliteStatement
            let end = Int(run.end)
            precondition(
                Int(sqlite3_bind_parameter_count(handle)) == end - index,
                "\(String(cString: sqlite3_sql(handle))): bound \(end - index) values")
            var position: Int32 = 0
            while index < end {
                position += 1
                let value = values[index]
                switch value.kind {
                case .integer:
                    sqlite3_bind_int64(handle, position, Int64(value.word))
                case .null:
                    sqlite3_bind_null(handle, position)
                case .text:
                    // Empty texts get an address all the same: SQLite binds null for none.
                    sqlite3_bind_text(
                        handle, position, bytes + value.word, value.count, RowTape.staticBytes)
                case .staticText:
                    sqlite3_bind_text(
                        handle, position, UnsafePointer(bitPattern: value.word), value.count,
                        RowTape.staticBytes)
                }
                index += 1
            }
            try step(handle, expecting: run.expected)
        }
    }

    /// Runs the bound statement once and resets it; the texts bound stay where they are
    /// until the next play binds anew (every run binds every parameter, checked above).
    private func step(_ handle: OpaquePointer, expecting expected: Int64?) throws {
        let code = sqlite3_step(handle)
        if let expected, code == SQLITE_ROW {
            let found = sqlite3_column_int64(handle, 0)
            sqlite3_reset(handle)
            guard found == expected else {
                throw Mismatch(
                    sql: String(cString: sqlite3_sql(handle)), expected: expected, found: found)
            }
            return
        }
        guard code == SQLITE_DONE, expected == nil else {
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
            let sql = String(cString: sqlite3_sql(handle))
            sqlite3_reset(handle)
            if code == SQLITE_DONE || code == SQLITE_ROW, let expected {
                throw Mismatch(sql: sql, expected: expected, found: nil)
            }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
        sqlite3_reset(handle)
    }

    /// Forgets every run, keeping the buffers' capacity for the next ones, and lets go of
    /// what it kept (`letGo`).
    func removeAll() {
        removeRuns()
        dropped.removeAll(keepingCapacity: true)
    }

    private func removeRuns() {
        runs.removeAll(keepingCapacity: true)
        valueCount = 0
        byteCount = 0
    }

    /// Whether the tape keeps something to let go of.
    var keepsDropped: Bool { !dropped.isEmpty }

    /// SQLite reads the bytes where they are, until the statement is bound anew.
    private static var staticBytes: sqlite3_destructor_type? { nil }
}

extension RowTape {
    /// Records a run of `statement`, which has no parameters.
    func run(_ statement: StoreStatement) {
        endRun(statement: Int32(statement.rawValue), values: 0)
    }

    /// Records a run of the query `statement`, which must read `expected`.
    func expect(_ expected: Int, from statement: StoreStatement) {
        expect(expected, from: Int32(statement.rawValue))
    }
}

/// Rows inserted, updated or deleted `perStatement` (`rowsPerStatement`) to a statement
/// while at least that many remain, then one by one: a statement of many rows spares
/// SQLite a statement's setup and teardown (opening cursors, freeing registers) for every
/// row but one of each group.
///
/// `many` writes `perStatement` rows (`VALUES (…), (…), …`), `one` a row, with the same
/// parameters a row; `rows` is how many rows will be added. The values of a run are the
/// tape's last ones until it runs, so every row of a group must be bound before the next
/// group starts.
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
    mutating func add(_ bind: (inout BoundStatement) -> Void) {
        precondition(remaining > 0, "more rows added than announced")
        remaining -= 1
        guard bound > 0 || remaining + 1 >= perStatement else {
            bind(&one)
            return one.run()
        }
        bind(&many)
        bound += 1
        if bound == perStatement {
            many.run()
            bound = 0
        }
    }

    /// Checks that every row announced was added and written.
    func finish() {
        precondition(remaining == 0 && bound == 0, "\(remaining + bound) rows not written")
    }
}
