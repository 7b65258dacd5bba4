import ChoreoEngine
import Foundation
import GRDB
import Testing

@testable import ChoreoStore

/// One event of every kind (and each optional both ways), with a time that has a fraction.
let eventOfEveryKind: [HistoryEvent] = {
    let kinds: [HistoryEvent.Kind] = [
        .workflowStarted,
        .taskOffered(step: 1, task: 2, team: "qa-team", attempt: 1),
        .taskClaimed(step: 1, task: 2, team: "qa-team", agent: "agent \"7\""),
        .taskReleased(step: 1, task: 2, team: "qa-team"),
        .taskWithdrawn(step: 1, task: 2, team: "qa-team"),
        .stepCompleted(step: 1, outputs: ["b": 1.5, "a": ["z", true, nil]], outcome: .partial),
        .stepFailed(step: 1, errorType: "test_failure", message: "line\nbreak", attempt: 2),
        .conditionEvaluated(step: 1, result: true, explanation: "650 > 500"),
        .conditionEvaluated(step: 1, result: false, explanation: nil),
        .approvalWaiting(
            step: 1,
            approvers: [Approver(team: "executive-team", role: "cfo"), Approver(team: "x")]
        ),
        .approvalDecided(step: 1, team: "executive-team", role: "cfo", decision: .approve),
        .approvalDecided(step: 1, team: "executive-team", role: nil, decision: .reject),
        .approvalTimedOut(step: 1, onTimeout: .reject),
        .containerStarted(step: 0),
        .containerFinished(step: 0, status: .partial),
        .retryScheduled(step: 1, attempt: 2, at: seedStart + 90, errorType: "team_timeout"),
        .escalated(step: 1, task: 9, team: "operations-team", errorType: "critical_error"),
        .escalationDecided(step: 1, team: "operations-team", decision: .skip),
        .handlerStarted(errorType: "test_failure", action: "rollback", failedStep: 3),
        .handlerStarted(errorType: "test_failure", action: "rollback", failedStep: nil),
        .notificationSent(recipients: ["a", "b"], errorType: "e", step: 1, message: "m"),
        .workflowFinished(status: .rolledBack),
    ]
    return kinds.map { HistoryEvent(time: seedStart + 1_500_250, kind: $0) }
}()

/// The event JSON written straight from the event is the same text as the `Value` and
/// `Codable` paths give, for every kind of event and every event of the seed run.
@Test func eventJSONIsTheSameTextAsTheValueAndCodablePaths() throws {
    let (memory, _) = try referenceRun()
    let events = eventOfEveryKind + memory.allInstances[0].history
    let direct = JSONWriter()
    let reference = JSONWriter()
    for event in events {
        direct.reset()
        direct.writeData(of: event, program: seedProgram)
        reference.reset()
        reference.write(value: event.value(program: seedProgram))
        #expect(direct.bytes == reference.bytes, "\(event.kind)")

        direct.reset()
        direct.writeRecord(of: event)
        try StreamingJSONEncoder.encode(event, into: reference)
        #expect(
            String(decoding: direct.bytes, as: UTF8.self)
                == String(decoding: reference.bytes, as: UTF8.self))
        let decoded = try JSONDecoder().decode(HistoryEvent.self, from: Data(direct.bytes))
        #expect(decoded == event)
    }
}

/// The `workflow_events` view gives one row an event, with the seed's columns, whatever
/// write each event was stored with.
@Test func workflowEventsViewListsEveryEventInOrder() throws {
    let (memory, _) = try referenceRun()
    let path = temporaryDatabase()
    let clock = ManualClock(now: seedStart)
    do {
        let store = try SQLiteStore(path: path, workflows: [seedProgram])
        let engine = Engine(clock: clock, store: store)
        engine.register(seedProgram)
        let driver = Driver(clock: clock, engine: engine, timers: { store.pendingTimers })
        for move in seedScript { try driver.play(move) }
    }
    let instance = memory.allInstances[0]
    let rows = try DatabaseQueue(path: path).read { db in
        try Row.fetchAll(
            db,
            sql: """
                SELECT seq, time, event, step, data FROM workflow_events
                WHERE instance_id = ? ORDER BY seq
                """, arguments: [instance.id])
    }
    #expect(rows.count == instance.history.count)
    for (index, (row, event)) in zip(rows, instance.history).enumerated() {
        #expect(row["seq"] == index + 1)
        #expect(row["time"] == StoreTime.text(event.time))
        #expect(row["event"] == event.name)
        #expect(row["step"] == event.step.map { seedProgram.name(of: $0) })
        #expect(row["data"] == event.value(program: seedProgram).json)
    }
}

/// Every kind of event reads back equal from its `workflow_events` columns alone (time,
/// name, step id, data), so a stored event needs no record; those the columns cannot give
/// exactly (a synthetic node's, a time outside years 0-9999) keep theirs.
@Test func everyEventIsRebuiltFromItsColumns() throws {
    let (memory, _) = try referenceRun()
    let writer = JSONWriter()
    for event in eventOfEveryKind + memory.allInstances[0].history {
        #expect(!StoredEventRule.needsRecord(event, program: seedProgram), "\(event.kind)")
        writer.reset()
        writer.writeData(of: event, program: seedProgram)
        let data = try #require(Value(json: String(decoding: writer.bytes, as: UTF8.self)))
        let rebuilt = HistoryEvent(
            time: StoreTime.text(event.time), name: event.name,
            step: event.step.map { seedProgram.name(of: $0) }, data: data, program: seedProgram)
        #expect(rebuilt == event, "\(event.kind)")
    }
    let root = HistoryEvent(time: seedStart, kind: .containerStarted(step: seedProgram.rootNode))
    #expect(StoredEventRule.needsRecord(root, program: seedProgram))
    let farFuture = CivilTime(year: 10_000, month: 1, day: 1).timestamp
    let late = HistoryEvent(time: farFuture, kind: .workflowStarted)
    #expect(StoredEventRule.needsRecord(late, program: seedProgram))
    let retry = HistoryEvent(
        time: seedStart, kind: .retryScheduled(step: 1, attempt: 2, at: farFuture, errorType: "x"))
    #expect(StoredEventRule.needsRecord(retry, program: seedProgram))
}

/// Events written with their record (before schema v7, or where the columns fall short)
/// and without it read back alike, mixed in one instance's history.
@Test func eventsWithAndWithoutRecordsReadBackAlike() throws {
    let (instance, path) = try savedReferenceRun()
    let records = try DatabaseQueue(path: path).write { db in
        let before = try Int.fetchOne(
            db, sql: "SELECT count(*) FROM workflow_events WHERE record IS NOT NULL")
        // Every other event given its record back, as a v5 store wrote them.
        try db.execute(
            sql: "UPDATE workflow_event_batches SET events = ? WHERE instance_id = ?",
            arguments: [eventsText(instance.history, withRecord: { $0 % 2 == 0 }), instance.id])
        return before
    }
    #expect(records == 0)
    let reopened = try SQLiteStore(path: path, workflows: [seedProgram])
    #expect(reopened.instance(id: instance.id)?.history == instance.history)
}

/// The view gives an event the same columns whether its element is its data alone (schema
/// v8), `{time, event, step, data}` (v7) or that with its record (v5, v6): the seed run's
/// history and every kind of event, with a time that has a fraction.
@Test func theViewReadsEveryFormOfElementAlike() throws {
    let (instance, path) = try savedReferenceRun()
    let queue = try DatabaseQueue(path: path)
    let histories = [Array(instance.history), eventOfEveryKind]
    func rows(_ events: ([HistoryEvent]) -> String) throws -> [[DatabaseValue]] {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM workflow_event_batches")
            for (index, history) in histories.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO workflow_event_batches (instance_id, first_seq, events)
                        VALUES (?, ?, ?)
                        """, arguments: [instance.id, 1 + index * 1_000, events(history)])
            }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT instance_id, seq, time, event, step, data, record IS NULL
                    FROM workflow_events ORDER BY seq
                    """
            ).map { Array($0.databaseValues) }
        }
    }
    let dataAlone = try rows { history in
        let writer = JSONWriter()
        writer.append(UInt8(ascii: "["))
        for (position, event) in history.enumerated() {
            if position > 0 { writer.append(UInt8(ascii: ",")) }
            writer.writeEventElement(event, program: seedProgram)
        }
        writer.append(UInt8(ascii: "]"))
        return String(decoding: writer.bytes, as: UTF8.self)
    }
    let whole = try rows { eventsText($0, withRecord: { _ in false }) }
    let withRecords = try rows { eventsText($0) }
    #expect(dataAlone.count == instance.history.count + eventOfEveryKind.count)
    #expect(dataAlone == whole)
    #expect(dataAlone.map { $0.dropLast() } == withRecords.map { $0.dropLast() })
    #expect(withRecords.allSatisfy { $0.last == false.databaseValue })
    let fraction = try #require(dataAlone.last)
    #expect(fraction[2] == StoreTime.text(eventOfEveryKind.last!.time).databaseValue)
}

/// The reference run saved into a new database: its first instance, and the file's path.
private func savedReferenceRun() throws -> (instance: InstanceState, path: String) {
    let (memory, _) = try referenceRun()
    let path = temporaryDatabase()
    let store = try SQLiteStore(path: path, workflows: [seedProgram])
    try store.save(memory)
    return (memory.allInstances[0], path)
}

/// Node names quoted once are the text `writeString` gives each name, for every node of
/// the program (steps, the body, the compensation sequence) and past it, one of them with
/// a quote to escape; a writer asked for another program's names makes that program's.
@Test func quotedNodeNamesAreTheWrittenNames() throws {
    var definition = seedProgram.definition
    definition.name = "renamed \"workflow\""
    definition.steps[0].id = "step \"zero\""
    let renamed = WorkflowProgram(definition)
    let writer = JSONWriter()
    let reference = JSONWriter()
    for program in [seedProgram, renamed, seedProgram] {
        let names = writer.quotedNames(of: program)
        #expect(names.program === program)
        for node in 0...program.definition.steps.count + 3 {
            writer.reset()
            names.write(node, to: writer)
            reference.reset()
            reference.writeString(program.name(of: node))
            #expect(writer.bytes == reference.bytes, "node \(node)")
        }
    }
    writer.reset()
    writer.quotedNames(of: renamed).write(0, to: writer)
    #expect(String(decoding: writer.bytes, as: UTF8.self) == #""step \"zero\"""#)
}
