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
