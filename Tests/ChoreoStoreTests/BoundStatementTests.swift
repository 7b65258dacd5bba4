import ChoreoEngine
import GRDB
import Testing

@testable import ChoreoStore

/// Texts bound onto a tape read back as bound once it plays: empty ones (not null),
/// several in one row, large ones (the tape grows), row after row.
@Test func boundTextsReadBackWhateverTheirSize() throws {
    let queue = try DatabaseQueue()
    let large = String(repeating: "é-large ", count: 64 * 1_024)
    let rows: [[String?]] = [
        ["", "one", nil], ["two", large, "three"], [large, "", "four"], ["five", "six", ""],
    ]
    let read = try queue.writeWithoutTransaction { db in
        try db.execute(sql: "CREATE TABLE t (a TEXT, b TEXT, c TEXT)")
        let tape = RowTape()
        var insert = BoundStatement(key: 0, tape: tape)
        for row in rows {
            for text in row { insert.bind(text) }
            insert.run()
        }
        let statement = try db.cachedStatement(sql: "INSERT INTO t VALUES (?, ?, ?)")
        try tape.play { _ in statement }
        #expect(tape.isEmpty)
        return try Row.fetchAll(db, sql: "SELECT a, b, c FROM t ORDER BY rowid").map {
            [$0["a"], $0["b"], $0["c"]] as [String?]
        }
    }
    #expect(read == rows)
}

/// Rows added to a chunked insert are all inserted, in order and whole: groups of the
/// statement of many rows while that many remain, the rest one by one, texts (some large)
/// bound in place until their group runs.
@Test(arguments: [0, 1, 3, 4, 7, 11])
func chunkedInsertsInsertEveryRowInOrder(count: Int) throws {
    let queue = try DatabaseQueue()
    let large = String(repeating: "large ", count: 50_000)
    let rows = (0..<count).map { ($0, $0 % 5 == 4 ? large : "row \($0)") }
    let read = try queue.writeWithoutTransaction { db in
        try db.execute(sql: "CREATE TABLE t (n INTEGER, text TEXT)")
        let tape = RowTape()
        var insert = ChunkedRows(
            many: BoundStatement(key: 4, tape: tape), one: BoundStatement(key: 1, tape: tape),
            perStatement: 4, rows: rows.count)
        for (number, text) in rows {
            insert.add { row in
                row.bind(number)
                row.bind(text)
            }
        }
        insert.finish()
        let statements = [
            1: try db.cachedStatement(sql: "INSERT INTO t VALUES (?, ?)"),
            4: try db.cachedStatement(
                sql: "INSERT INTO t VALUES " + ChunkedRows.values(columns: 2, rows: 4)),
        ]
        try tape.play { statements[Int($0)]! }
        return try Row.fetchAll(db, sql: "SELECT n, text FROM t ORDER BY rowid").map {
            ($0["n"], $0["text"]) as (Int, String)
        }
    }
    #expect(read.map(\.0) == rows.map(\.0))
    #expect(read.map(\.1) == rows.map(\.1))
}

/// The statuses and kinds bound as constants are their raw values, and read back as bound.
@Test func constantTextsAreTheRawValues() throws {
    let texts =
        TaskStatus.allCases.map { ($0.rawText, $0.rawValue) }
        + TaskKind.allCases.map { ($0.rawText, $0.rawValue) }
        + InstanceStatus.allCases.map { ($0.rawText, $0.rawValue) }
    let queue = try DatabaseQueue()
    let read = try queue.writeWithoutTransaction { db in
        try db.execute(sql: "CREATE TABLE t (a TEXT)")
        let tape = RowTape()
        var insert = BoundStatement(key: 0, tape: tape)
        for (constant, _) in texts {
            insert.bind(constant: constant)
            insert.run()
        }
        let statement = try db.cachedStatement(sql: "INSERT INTO t VALUES (?)")
        try tape.play { _ in statement }
        return try String.fetchAll(db, sql: "SELECT a FROM t ORDER BY rowid")
    }
    #expect(read == texts.map(\.1))
    #expect(texts.map(\.0.description) == texts.map(\.1))
}
