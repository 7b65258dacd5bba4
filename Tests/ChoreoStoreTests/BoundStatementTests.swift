import ChoreoEngine
import GRDB
import Testing

@testable import ChoreoStore

/// Texts bound through the arena read back as bound: empty ones (not null), several in
/// one row, and one too large for the arena (left to SQLite to copy), row after row.
@Test func boundTextsReadBackWhateverTheirSize() throws {
    let queue = try DatabaseQueue()
    let large = String(repeating: "é-large ", count: BindArena.capacity / 4)
    let rows: [[String?]] = [
        ["", "one", nil], ["two", large, "three"], [large, "", "four"], ["five", "six", ""],
    ]
    let read = try queue.writeWithoutTransaction { db in
        try db.execute(sql: "CREATE TABLE t (a TEXT, b TEXT, c TEXT)")
        var insert = BoundStatement(
            try db.cachedStatement(sql: "INSERT INTO t VALUES (?, ?, ?)"), arena: BindArena())
        for row in rows {
            for text in row { insert.bind(text) }
            try insert.run()
        }
        return try Row.fetchAll(db, sql: "SELECT a, b, c FROM t ORDER BY rowid").map {
            [$0["a"], $0["b"], $0["c"]] as [String?]
        }
    }
    #expect(read == rows)
}

/// Rows added to a chunked insert are all inserted, in order and whole: groups of the
/// statement of many rows while that many remain, the rest one by one, texts (some too
/// large for the arena) bound in place until their group runs.
@Test(arguments: [0, 1, 3, 4, 7, 11])
func chunkedInsertsInsertEveryRowInOrder(count: Int) throws {
    let queue = try DatabaseQueue()
    let large = String(repeating: "large ", count: BindArena.capacity / 5)
    let rows = (0..<count).map { ($0, $0 % 5 == 4 ? large : "row \($0)") }
    let read = try queue.writeWithoutTransaction { db in
        try db.execute(sql: "CREATE TABLE t (n INTEGER, text TEXT)")
        let arena = BindArena()
        var insert = ChunkedRows(
            many: BoundStatement(
                try db.cachedStatement(
                    sql: "INSERT INTO t VALUES " + ChunkedRows.values(columns: 2, rows: 4)),
                arena: arena),
            one: BoundStatement(
                try db.cachedStatement(sql: "INSERT INTO t VALUES (?, ?)"), arena: arena),
            perStatement: 4, rows: rows.count)
        for (number, text) in rows {
            try insert.add { row in
                row.bind(number)
                row.bind(text)
            }
        }
        insert.finish()
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
        var insert = BoundStatement(
            try db.cachedStatement(sql: "INSERT INTO t VALUES (?)"), arena: BindArena())
        for (constant, _) in texts {
            insert.bind(constant: constant)
            try insert.run()
        }
        return try String.fetchAll(db, sql: "SELECT a FROM t ORDER BY rowid")
    }
    #expect(read == texts.map(\.1))
    #expect(texts.map(\.0.description) == texts.map(\.1))
}
