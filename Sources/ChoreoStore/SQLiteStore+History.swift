import ChoreoEngine
import Foundation
import GRDB

/// The history lives in `workflow_event_batches`: per instance and write, one row holding
/// the events that write added, as a JSON array of their `data` (since schema v8; which
/// holds the seed's columns, from which a load rebuilds each event exactly). Before v8 an
/// element was `{time, event, step, data}`, and before v7 it also held `record`, the event
/// as the engine's `Codable` gives it, as an element still does where the columns fall
/// short. The view `workflow_events` gives one row an event, whatever its element's form,
/// as the table of that name did before schema v5. The `state` snapshot leaves the
/// history out, so that a commit's cost does not grow with it.
extension SQLiteStore {
    /// Appends the history events of `instance` not yet written, as one row.
    func writeHistory(_ instance: InstanceState, using insert: inout ChunkedRows) throws {
        let written = writtenHistory[instance.serial] ?? 0
        guard written < instance.history.count else { return }
        json.reset()
        json.append(UInt8(ascii: "["))
        // Taken out while appended to, so that its arrays are not copied.
        var kept = keptHistory.removeValue(forKey: instance.serial)
        let keptBefore = kept?.byteCount ?? 0
        if kept?.count != written { kept = nil }
        // Where each event's data is in the text, kept after the loop at once.
        var data: [Range<Int>] = []
        if kept != nil { data.reserveCapacity(instance.history.count - written) }
        for seq in written..<instance.history.count {
            if seq > written { json.append(UInt8(ascii: ",")) }
            let range = json.writeEventElement(instance.history[seq], program: instance.program)
            if kept != nil { data.append(range) }
        }
        kept?.append(data, of: json.text)
        json.append(UInt8(ascii: "]"))
        keptHistoryBytes += (kept?.byteCount ?? 0) - keptBefore
        if keptHistoryBytes > keptHistoryLimit, let dropped = kept {
            // Past the limit: this instance's rows are written from its events from now on.
            keptHistoryBytes -= dropped.byteCount
            kept = nil
        }
        keptHistory[instance.serial] = kept
        insert.add { row in
            row.bind(instance.id)
            row.bind(written + 1)
            row.bind(json)
        }
        writtenHistory[instance.serial] = instance.history.count
    }

    /// The history of the instance with public id `instanceID`, from its events' columns
    /// (or records, where they have one).
    func readHistory(_ db: Database, instanceID: String, program: WorkflowProgram) throws
        -> [HistoryEvent]
    {
        let statement = try db.cachedStatement(
            sql: """
                SELECT seq, time, event, step, data, record FROM workflow_events
                WHERE instance_id = ? ORDER BY seq
                """)
        var history: [HistoryEvent] = []
        for row in try Row.fetchAll(statement, arguments: [instanceID]) {
            let seq: Int = row["seq"]
            guard seq == history.count + 1, let event = storedEvent(row, program: program)
            else {
                throw SQLiteStoreError.unreadableInstance(
                    path: path, instance: instanceID,
                    detail: "history event \(seq) is missing or unreadable")
            }
            history.append(event)
        }
        return history
    }

    /// The event a `workflow_events` row holds: from its record when it has one, else from
    /// its columns.
    private func storedEvent(_ row: Row, program: WorkflowProgram) -> HistoryEvent? {
        if let record: String = row["record"] {
            return try? decoder.decode(HistoryEvent.self, from: Data(record.utf8))
        }
        guard let time: String = row["time"], let name: String = row["event"],
            let data: String = row["data"], let value = Value(json: data)
        else { return nil }
        return HistoryEvent(
            time: time, name: name, step: row["step"], data: value, program: program)
    }
}

extension InstanceState {
    /// What the `state` column holds: the snapshot without its history.
    var storedSnapshot: InstanceSnapshot {
        var snapshot = snapshot
        snapshot.history = []
        return snapshot
    }
}

/// Schema v4's and v5's data steps.
enum HistoryMigration {
    /// v4: the history of every instance a v3 store wrote moves from its snapshot into the
    /// `record` column of its `workflow_events` rows.
    static func moveHistoryOutOfSnapshots(_ db: Database) throws {
        let decoder = JSONDecoder()
        let writer = JSONWriter()
        let setRecord = try db.makeStatement(
            sql: "UPDATE workflow_events SET record = ? WHERE instance_id = ? AND seq = ?")
        let setState = try db.makeStatement(
            sql: "UPDATE workflow_instances SET state = ? WHERE id = ?")
        for row in try Row.fetchAll(db, sql: "SELECT id, state FROM workflow_instances") {
            let id: String = row["id"]
            let state: String = row["state"]
            guard var snapshot = try? decoder.decode(InstanceSnapshot.self, from: Data(state.utf8))
            else { throw corrupt("instance \(id): its state is not a snapshot") }
            for (index, event) in snapshot.history.enumerated() {
                try StreamingJSONEncoder.encode(event, into: writer)
                try setRecord.execute(arguments: [text(writer), id, index + 1])
                guard db.changesCount == 1 else {
                    throw corrupt("instance \(id): history event \(index + 1) has no row")
                }
            }
            snapshot.history = []
            try StreamingJSONEncoder.encode(snapshot, into: writer)
            try setState.execute(arguments: [text(writer), id])
        }
    }

    /// Schema v5's data step: each instance's `workflow_events` rows become one row of
    /// `workflow_event_batches`, the events in order.
    static func moveEventsIntoBatches(_ db: Database) throws {
        let insert = try db.makeStatement(
            sql:
                "INSERT INTO workflow_event_batches (instance_id, first_seq, events) VALUES (?, 1, ?)"
        )
        let writer = JSONWriter()
        var instance: String?
        func finish() throws {
            guard let instance else { return }
            writer.append(UInt8(ascii: "]"))
            try insert.execute(arguments: [instance, text(writer)])
        }
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT instance_id, seq, time, event, step, data, record FROM workflow_events
                ORDER BY instance_id, seq
                """)
        var expected = 1
        while let row = try rows.next() {
            let id: String = row["instance_id"]
            if id != instance {
                try finish()
                instance = id
                expected = 1
                writer.reset()
                writer.append(UInt8(ascii: "["))
            } else {
                writer.append(UInt8(ascii: ","))
            }
            guard row["seq"] == expected, let data: String = row["data"],
                let record: String = row["record"]
            else { throw corrupt("instance \(id): history event \(expected) is missing") }
            expected += 1
            writer.appendRaw(#"{"time":"#)
            writer.writeString(row["time"])
            writer.appendRaw(#","event":"#)
            writer.writeString(row["event"])
            writer.appendRaw(#","step":"#)
            writer.writeOptional(row["step"])
            writer.appendRaw(#","data":"#)
            writer.appendText(data)
            writer.appendRaw(#","record":"#)
            writer.appendText(record)
            writer.append(UInt8(ascii: "}"))
        }
        try finish()
    }

    private static func text(_ writer: JSONWriter) -> String {
        String(decoding: writer.bytes, as: UTF8.self)
    }

    private static func corrupt(_ message: String) -> DatabaseError {
        DatabaseError(resultCode: .SQLITE_CORRUPT, message: message)
    }
}
