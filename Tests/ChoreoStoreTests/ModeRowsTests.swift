import ChoreoEngine
import Foundation
import GRDB
import Testing

@testable import ChoreoStore

/// A store that commits every command writes the same rows as one that batches: after
/// every move of the seed script (the batched store flushed), every table's rows are the
/// same text, column by column.
@Test func perCommandRowsAreTheBatchedRowsAfterEveryMove() throws {
    let live = ModeRun(mode: .perCommand)
    let batched = ModeRun(mode: .batched(commands: 1_000))
    for (position, move) in seedScript.enumerated() {
        try live.driver.play(move)
        try batched.driver.play(move)
        batched.store.flush()
        let expected = try batched.rows()
        #expect(try live.rows() == expected, "move \(position): \(move)")
        #expect(expected.contains { $0.hasPrefix("workflow_instances") })
    }
}

/// One scripted seed run on a store of its own, and the rows of its file.
private final class ModeRun {
    let path = temporaryDatabase()
    let store: SQLiteStore
    let driver: Driver

    init(mode: SQLiteStore.Mode) {
        let clock = ManualClock(now: seedStart)
        store = try! SQLiteStore(path: path, mode: mode, workflows: [seedProgram])
        let engine = Engine(clock: clock, store: store)
        engine.register(seedProgram)
        let store = store
        driver = Driver(clock: clock, engine: engine, timers: { store.pendingTimers })
    }

    func rows() throws -> [String] { try tableRows(at: path) }
}

/// Every row of the seed's tables in the file at `path` (`workflow_events` as the view gives
/// it: the batches' rows differ by design), one text a row with its table's name.
private func tableRows(at path: String) throws -> [String] {
    let tables = [
        "workflow_definitions", "workflow_instances", "workflow_team_tasks",
        "workflow_events", "timers", "counters",
    ]
    return try DatabaseQueue(path: path).read { db in
        try tables.flatMap { table in
            try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2").map {
                "\(table) \($0)"
            }
        }
    }
}

/// Task rows that a batch updates many to a statement (more claims of tasks whose rows
/// exist than `ChunkedRows.rowsPerStatement`) hold what updates one by one give.
@Test func taskRowsUpdatedManyToAStatementAreTheRowsUpdatedOneByOne() throws {
    let count = ChunkedRows.rowsPerStatement + 8
    func run(_ mode: SQLiteStore.Mode) throws -> [String] {
        let (path, clock, store, engine) = try seedInstancesWritten(count, mode: mode)
        clock.advance(by: minute)
        let tasks = engine.tasks(team: "engineering-team")
        #expect(tasks.count == count)
        for task in tasks {
            try engine.claim(task: task.number, team: task.team, agent: "agent-\(task.number)")
        }
        store.flush()
        return try tableRows(at: path)
    }
    let batched = try run(.batched(commands: 10_000))
    let claimed = batched.filter { $0.hasPrefix("workflow_team_tasks") && $0.contains("agent-") }
    #expect(claimed.count == count)
    #expect(try batched == run(.perCommand))
}

/// Rows that a batch writes many to a statement (40 instances of the seed, started in one
/// write and driven to their end in the next: each offer of the first step sets a timer,
/// each completion removes one, and tasks open at the first write are updated) are the
/// rows a store committing every command writes; so are instances whose status changed.
@Test func seedRunsWrittenInTwoBatchesAreThePerCommandRows() throws {
    let count = ChunkedRows.rowsPerStatement + 8
    func run(_ mode: SQLiteStore.Mode) throws -> [String] {
        let (path, clock, store, engine) = try seedInstancesWritten(count, mode: mode)
        try driveOpenTasksToTheEnd(clock: clock, engine: engine)
        store.flush()
        #expect(store.runningInstances.isEmpty)
        return try tableRows(at: path)
    }
    #expect(try run(.batched(commands: 100_000)) == run(.perCommand))
}

/// Scripted agents act on every open task of every team, a simulated second a round,
/// until a round finds none: every instance the engine holds has ended.
func driveOpenTasksToTheEnd(clock: ManualClock, engine: Engine) throws {
    let teams = seedProgram.definition.teams + [seedProgram.definition.escalationTeam]
    var rounds = 0
    var progressed = true
    while progressed {
        rounds += 1
        try #require(rounds < 1_000, "the instances should end")
        progressed = false
        clock.advance(by: Durations.second)
        for team in teams {
            for task in engine.tasks(team: team) {
                try act(on: task, engine: engine)
                progressed = true
            }
            engine.drainEffects { _ in }
        }
    }
}

/// What a scripted agent does with `task`: claims it, completes it with every declared
/// output (the seed's values where a condition reads them), approves, or skips.
func act(on task: TeamTask, engine: Engine) throws {
    switch (task.kind, task.status) {
    case (.task, .pending):
        try engine.claim(task: task.number, team: task.team, agent: "agent")
    case (.task, _):
        var fields: [String: Value] = [:]
        if case .task(let step) = seedProgram.definition.steps[task.step].kind {
            for pair in step.outputs { fields[pair.field] = "done" }
        }
        if task.stepID == "initial_assessment" { fields["cost_delta"] = 650 }
        if task.stepID == "analyze_results" { fields["recommendation"] = "proceed" }
        try engine.complete(task: task.number, output: .object(fields))
    case (.approval, _):
        try engine.decide(task: task.number, team: task.team, role: task.role, decision: .approve)
    case (.escalation, _):
        try engine.decide(task: task.number, team: task.team, decision: .skip)
    }
}

/// `count` seed instances started on a new database in `mode` and written: its path, the
/// clock, the store and the engine.
private func seedInstancesWritten(_ count: Int, mode: SQLiteStore.Mode) throws -> (
    path: String, clock: ManualClock, store: SQLiteStore, engine: Engine
) {
    let path = temporaryDatabase()
    let clock = ManualClock(now: seedStart)
    let store = try SQLiteStore(path: path, mode: mode, workflows: [seedProgram])
    let engine = Engine(clock: clock, store: store)
    engine.register(seedProgram)
    for _ in 0..<count {
        try engine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
    }
    store.flush()
    return (path, clock, store, engine)
}
