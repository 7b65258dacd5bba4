import ChoreoEngine
import Foundation
import GRDB
import Testing

@testable import ChoreoStore

/// A database that an older schema laid out opens migrated, and the run goes on in it:
/// stopped halfway, or with the seed's `final_report` offered (its inputs, which read the
/// history, stored whole in the older snapshot).
@Test(
    arguments: ["v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9"],
    [seedScript.count / 2, seedScript.count - 2])
func anOlderDatabaseOpensMigratedAndTheRunGoesOn(version: String, half: Int) throws {
    let clock = ManualClock(now: seedStart)
    let path = try olderDatabase(version: version, playing: seedScript.prefix(half), clock: clock)
    let store = try SQLiteStore(path: path, workflows: [seedProgram])
    let engine = Engine(clock: clock, store: store)
    engine.register(seedProgram)
    let driver = Driver(clock: clock, engine: engine, timers: { store.pendingTimers })
    for move in seedScript.dropFirst(half) { try driver.play(move) }
    let (memory, expected) = try referenceRun()
    let reopened = try SQLiteStore(path: path, workflows: [seedProgram])
    let instance = try #require(reopened.allInstances.first)
    #expect(instance.snapshot == expected.last)
    let memoryTasks = (1...memory.counters.lastTask).compactMap { memory.task($0) }
    #expect(reopened.tasks(instance: instance.id) == memoryTasks)
    let (migrated, histories) = try DatabaseQueue(path: path).read { db in
        (
            try Int.fetchOne(db, sql: "PRAGMA user_version"),
            try String.fetchAll(
                db, sql: "SELECT json_extract(state, '$.history') FROM workflow_instances")
        )
    }
    #expect(migrated == Schema.version)
    #expect(histories == ["[]"], "the history is in workflow_events only")
}

/// A database laid out by the migrations up to `version`, holding what `moves` of the seed
/// script leave: played on a current store, then copied row by row into the older layout,
/// where each instance's `state` is its whole snapshot, history included before v4, and
/// from v6 its nodes whole (not rows) beside its deferred inputs' records; each history
/// event has its record before v7, and its element is more than its data before v8.
func olderDatabase(
    version: String, playing moves: some Sequence<Move>, clock: ManualClock
) throws -> String {
    let current = temporaryDatabase("current.db")
    var snapshots: [InstanceSnapshot] = []
    do {
        let store = try SQLiteStore(path: current, workflows: [seedProgram])
        let engine = Engine(clock: clock, store: store)
        engine.register(seedProgram)
        let driver = Driver(clock: clock, engine: engine, timers: { store.pendingTimers })
        for move in moves { try driver.play(move) }
        snapshots = store.allInstances.map(\.snapshot)
    }
    let path = temporaryDatabase("older.db")
    let queue = try DatabaseQueue(path: path)
    try Schema.migrator.migrate(queue, upTo: version)
    try queue.writeWithoutTransaction { db in
        try db.execute(sql: "ATTACH DATABASE ? AS current", arguments: [current])
        let events = version >= "v5" ? "workflow_event_batches" : "workflow_events"
        for table in [
            "workflow_definitions", "workflow_instances", "workflow_team_tasks", events,
            "timers", "counters",
        ] {
            // Stored columns only: `table_info` leaves out generated ones (v3's task `id`).
            let columns = try String.fetchAll(
                db, sql: "SELECT name FROM pragma_table_info(?, 'main')", arguments: [table]
            ).joined(separator: ", ")
            try db.execute(
                sql:
                    "INSERT INTO main.\(table) (\(columns)) SELECT \(columns) FROM current.\(table)"
            )
        }
        try db.execute(sql: "DETACH DATABASE current")
        for var snapshot in snapshots {
            if version == "v4" {
                for (index, event) in snapshot.history.enumerated() {
                    try db.execute(
                        sql:
                            "UPDATE workflow_events SET record = ? WHERE instance_id = ? AND seq = ?",
                        arguments: [
                            String(decoding: try JSONEncoder().encode(event), as: UTF8.self),
                            snapshot.id, index + 1,
                        ])
                }
            } else if version >= "v5" {
                try db.execute(
                    sql: "DELETE FROM workflow_event_batches WHERE instance_id = ?",
                    arguments: [snapshot.id])
                try db.execute(
                    sql: """
                        INSERT INTO workflow_event_batches (instance_id, first_seq, events)
                        VALUES (?, 1, ?)
                        """,
                    arguments: [
                        snapshot.id,
                        eventsText(snapshot.history, withRecord: { _ in version < "v7" }),
                    ])
            }
            // From v6 on, the state is the current store's (deferred inputs as their context)
            // with its nodes whole, or in v9 its nodes as v9's rows.
            guard version < "v6" else {
                let row = try #require(
                    try Row.fetchOne(
                        db, sql: "SELECT state, context FROM workflow_instances WHERE id = ?",
                        arguments: [snapshot.id]))
                try db.execute(
                    sql: "UPDATE workflow_instances SET state = ? WHERE id = ?",
                    arguments: [
                        version == "v9"
                            ? try version9RowsState(row["state"], context: row["context"])
                            : try wholeNodesState(row["state"], context: row["context"]),
                        snapshot.id,
                    ])
                continue
            }
            if version >= "v4" { snapshot.history = [] }
            let state = String(decoding: try JSONEncoder().encode(snapshot), as: UTF8.self)
            try db.execute(
                sql: "UPDATE workflow_instances SET state = ? WHERE id = ?",
                arguments: [state, snapshot.id])
        }
    }
    return path
}

/// A current `state` column with its nodes whole, as schema v6 to v8 wrote them: `nodes`
/// lists each node as its `Codable` conformance gives it, and there are no `nodeRows`.
func wholeNodesState(_ state: String, context: String) throws -> String {
    var stored = try JSONDecoder().decode(StoredSnapshot.self, from: Data(state.utf8))
    try stored.restoreNodes(context: context, program: seedProgram, decoder: JSONDecoder())
    let nodes = String(decoding: try JSONEncoder().encode(stored.snapshot.nodes), as: UTF8.self)
    let rows = try #require(state.range(of: #""nodes":[],"rows":["#))
    let after = try #require(state.range(of: #"],"history":[],"openTasks":"#))
    let whole =
        state[..<rows.lowerBound] + #""nodes":"# + nodes + #","history":[],"openTasks":"#
        + state[after.upperBound...]
    #expect(!whole.contains("nodeRows"))
    return whole
}

/// A current `state` column with its nodes as schema v9 wrote them: `nodeRows`, each
/// node's every field in v9's order, statuses as text, times whole, a step's outputs left
/// to the context.
func version9RowsState(_ state: String, context: String) throws -> String {
    var stored = try JSONDecoder().decode(StoredSnapshot.self, from: Data(state.utf8))
    try stored.restoreNodes(context: context, program: seedProgram, decoder: JSONDecoder())
    func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
    var rows: [String] = []
    for (index, node) in stored.snapshot.nodes.enumerated() {
        if node.isUntouched {
            rows.append("0")
            continue
        }
        let inContext = node.outputs != nil && index < seedProgram.stepCount
        let numbers: [Int64] = [
            Int64(node.attempts), node.startedAt, node.offeredAt, node.claimedAt,
            node.endedAt, Int64(node.task), Int64(node.cursor), Int64(node.pending),
            Int64(node.succeeded), Int64(node.branch), node.escalated ? 1 : 0,
            Int64(node.timer), inContext ? 1 : 0,
        ]
        var row =
            #"{"n":["# + (try json(node.status.rawValue)) + ","
            + (try json(node.outcome.rawValue)) + ","
            + numbers.map(String.init).joined(separator: ",") + "]"
        if let error = node.error { row += #","error":"# + (try json(error)) }
        if !inContext, let outputs = node.outputs { row += #","outputs":"# + (try json(outputs)) }
        if let inputs = node.inputs { row += #","inputs":"# + (try json(inputs)) }
        rows.append(row + "}")
    }
    let start = try #require(state.range(of: #""nodes":[],"rows":["#))
    let after = try #require(state.range(of: #"],"history":[],"openTasks":"#))
    let version9 =
        state[..<start.lowerBound] + #""nodes":[],"nodeRows":["# + rows.joined(separator: ",")
        + #"],"history":[],"openTasks":"# + state[after.upperBound...]
    #expect(version9.contains("1737540000000000") || !version9.contains(#""n":["#))
    return version9
}

/// A `workflow_event_batches.events` array of `history` as schema v5 to v7 wrote it, each
/// element `{time, event, step, data}`, those `withRecord` picks (by position) and those
/// whose columns fall short with their `record`, as every element had it before v7.
func eventsText(
    _ history: some Collection<HistoryEvent>, withRecord: (Int) -> Bool = { _ in true }
) -> String {
    let writer = JSONWriter()
    writer.append(UInt8(ascii: "["))
    for (position, event) in history.enumerated() {
        if position > 0 { writer.append(UInt8(ascii: ",")) }
        writer.writeWholeEventElement(
            event, program: seedProgram,
            record: withRecord(position) || StoredEventRule.needsRecord(event, program: seedProgram)
        )
    }
    writer.append(UInt8(ascii: "]"))
    return String(decoding: writer.bytes, as: UTF8.self)
}
