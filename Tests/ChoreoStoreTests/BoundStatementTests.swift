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
