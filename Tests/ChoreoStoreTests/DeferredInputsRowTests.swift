import ChoreoEngine
import Foundation
import GRDB
import Testing

@testable import ChoreoStore

/// The seed's `final_report` task row holds its inputs' value, history and all, byte for
/// byte as before they were deferred, whether the store commits every command or once.
@Test(arguments: [SQLiteStore.Mode.perCommand, .batched(commands: 1_000)])
func deferredInputsRowHoldsTheValuesText(mode: SQLiteStore.Mode) throws {
    let (memory, _) = try referenceRun()
    let path = temporaryDatabase()
    let clock = ManualClock(now: seedStart)
    let store = try SQLiteStore(path: path, mode: mode, workflows: [seedProgram])
    let engine = Engine(clock: clock, store: store)
    engine.register(seedProgram)
    let driver = Driver(clock: clock, engine: engine, timers: { store.pendingTimers })
    for move in seedScript { try driver.play(move) }
    store.flush()
    let (expected, stored) = try finalReportInputs(reference: memory, database: path)
    #expect(stored == expected)
    #expect(stored?.contains(#""workflow_history":[{"event":"workflow_started""#) == true)
}

/// A store that did not write an instance's earlier history (it opened the file mid-run)
/// writes the `final_report` row from the events, and the text is the same.
@Test(arguments: [1, seedScript.count - 4])
func deferredInputsRowIsTheSameAfterReopeningMidRun(reopenAt: Int) throws {
    let (memory, _) = try referenceRun()
    let path = temporaryDatabase()
    let clock = ManualClock(now: seedStart)
    for moves in [seedScript.prefix(reopenAt), seedScript.dropFirst(reopenAt)] {
        let store = try SQLiteStore(
            path: path, mode: .batched(commands: 1_000), workflows: [seedProgram])
        let engine = Engine(clock: clock, store: store)
        engine.register(seedProgram)
        let driver = Driver(clock: clock, engine: engine, timers: { store.pendingTimers })
        for move in moves { try driver.play(move) }
        store.flush()
    }
    let (expected, stored) = try finalReportInputs(reference: memory, database: path)
    #expect(stored == expected)
}

/// The `final_report` task's inputs as JSON in the reference run, and the `input_data`
/// of its row in the database at `path`.
private func finalReportInputs(reference memory: InMemoryStore, database path: String) throws
    -> (expected: String, stored: String?)
{
    let task = try #require(
        (1...memory.counters.lastTask).compactMap { memory.task($0) }
            .first { $0.stepID == "final_report" })
    let stored = try DatabaseQueue(path: path).read { db in
        try String.fetchOne(
            db, sql: "SELECT input_data FROM workflow_team_tasks WHERE number = ?",
            arguments: [task.number])
    }
    return (task.inputs.json, stored)
}

/// Kept history writes every prefix of the history as the events themselves write it.
@Test func keptHistoryWritesEveryPrefixAsTheEventsDo() {
    var kept = KeptHistory()
    let data = JSONWriter()
    let expected = JSONWriter()
    let written = JSONWriter()
    for prefix in 0...eventOfEveryKind.count {
        expected.reset()
        expected.writeHistory(
            HistoryLog(Array(eventOfEveryKind.prefix(prefix))), program: seedProgram)
        written.reset()
        kept.write(prefix: prefix, into: written)
        #expect(written.bytes == expected.bytes, "prefix \(prefix)")
        guard prefix < eventOfEveryKind.count else { break }
        data.reset()
        data.writeData(of: eventOfEveryKind[prefix], program: seedProgram)
        kept.append(data.bytes)
        #expect(kept.count == prefix + 1)
    }
}

/// The events of a history row kept at once are kept as one by one, whether each element
/// is its event's data alone or some carry their record (a time past year 9999).
@Test func keptHistoryTakesARowsEventsAsOneByOne() {
    let late = HistoryEvent(
        time: CivilTime(year: 10_000, month: 1, day: 1).timestamp, kind: .workflowStarted)
    for events in [eventOfEveryKind, [late] + eventOfEveryKind, eventOfEveryKind + [late]] {
        let row = JSONWriter()
        var ranges: [Range<Int>] = []
        row.append(UInt8(ascii: "["))
        for (index, event) in events.enumerated() {
            if index > 0 { row.append(UInt8(ascii: ",")) }
            ranges.append(row.writeEventElement(event, program: seedProgram))
        }
        var atOnce = KeptHistory()
        atOnce.append(Array(ranges.prefix(2)), of: row.text)
        atOnce.append(Array(ranges.dropFirst(2)), of: row.text)
        var oneByOne = KeptHistory()
        for range in ranges { oneByOne.append(UnsafeBufferPointer(rebasing: row.text[range])) }
        #expect(atOnce.count == events.count)
        let (expected, written) = (JSONWriter(), JSONWriter())
        for prefix in 0...events.count {
            expected.reset()
            oneByOne.write(prefix: prefix, into: expected)
            written.reset()
            atOnce.write(prefix: prefix, into: written)
            #expect(written.bytes == expected.bytes, "prefix \(prefix)")
        }
    }
}

/// Past its limit the store keeps no more history: instances dropped from it, or never
/// kept, write the `final_report` row from the events, and the text is the same.
@Test(arguments: [0, 3_000])
func deferredInputsRowIsTheSamePastTheKeptHistoryLimit(limit: Int) throws {
    let (memory, _) = try referenceRun()
    let path = temporaryDatabase()
    let clock = ManualClock(now: seedStart)
    let store = try SQLiteStore(
        path: path, mode: .batched(commands: 2), workflows: [seedProgram])
    store.keptHistoryLimit = limit
    let engine = Engine(clock: clock, store: store)
    engine.register(seedProgram)
    let driver = Driver(clock: clock, engine: engine, timers: { store.pendingTimers })
    for move in seedScript {
        try driver.play(move)
        #expect(store.keptHistoryBytes <= limit)
    }
    store.flush()
    let (expected, stored) = try finalReportInputs(reference: memory, database: path)
    #expect(stored == expected)
}
