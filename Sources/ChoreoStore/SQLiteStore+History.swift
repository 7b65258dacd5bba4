import ChoreoEngine
import Foundation
import GRDB

/// The history lives in `workflow_events`, one row an event, appended as it grows: the
/// seed's columns (time, name, step, data) and `record`, the event as the engine's
/// `Codable` gives it, from which a load rebuilds the history exactly. The `state`
/// snapshot leaves the history out, so that a commit's cost does not grow with it.
extension SQLiteStore {
    /// Appends the history events of `instance` not yet written.
    func writeHistory(_ instance: InstanceState, using insert: inout BoundStatement) throws {
        let written = writtenHistory[instance.serial] ?? 0
        guard written < instance.history.count else { return }
        let program = instance.program
        for seq in written..<instance.history.count {
            let event = instance.history[seq]
            insert.bind(instance.id)
            insert.bind(seq + 1)
            insert.bind(StoreTime.text(event.time))
            insert.bind(event.name)
            insert.bind(event.step.map { program.name(of: $0) })
            json.reset()
            json.writeData(of: event, program: program)
            insert.bind(json)
            json.reset()
            json.writeRecord(of: event)
            insert.bind(json)
            try insert.run()
        }
        writtenHistory[instance.serial] = instance.history.count
    }

    /// The history of the instance with public id `instanceID`, from its event records.
    func readHistory(_ db: Database, instanceID: String) throws -> [HistoryEvent] {
        let statement = try db.cachedStatement(
            sql: "SELECT seq, record FROM workflow_events WHERE instance_id = ? ORDER BY seq")
        var history: [HistoryEvent] = []
        for row in try Row.fetchAll(statement, arguments: [instanceID]) {
            let seq: Int = row["seq"]
            guard seq == history.count + 1, let record: String = row["record"],
                let event = try? decoder.decode(HistoryEvent.self, from: Data(record.utf8))
            else {
                throw SQLiteStoreError.unreadableInstance(
                    path: path, instance: instanceID,
                    detail: "history event \(seq) is missing or unreadable")
            }
            history.append(event)
        }
        return history
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

/// Schema v3's data step: the history of every instance a v2 store wrote moves from its
/// snapshot into the `record` column of its `workflow_events` rows.
enum HistoryMigration {
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

    private static func text(_ writer: JSONWriter) -> String {
        String(decoding: writer.bytes, as: UTF8.self)
    }

    private static func corrupt(_ message: String) -> DatabaseError {
        DatabaseError(resultCode: .SQLITE_CORRUPT, message: message)
    }
}
