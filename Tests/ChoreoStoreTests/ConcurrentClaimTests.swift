import ChoreoEngine
import ChoreoStore
import Foundation
import Synchronization
import Testing

/// Several connections, each with its own store and engine, race to claim every task of
/// one file: each task has exactly one winner, and the database agrees with the winners.
@Test func concurrentStoresClaimEachTaskExactlyOnce() throws {
    let path = temporaryDatabase()
    let instances = 24
    do {
        let store = try SQLiteStore(path: path, workflows: [seedProgram])
        let engine = Engine(clock: ManualClock(now: seedStart), store: store)
        engine.register(seedProgram)
        for _ in 0..<instances {
            try engine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
        }
    }
    let wins = Mutex<[Int: [String]]>([:])
    let failures = Mutex<[String]>([])
    let claimers = 4
    DispatchQueue.concurrentPerform(iterations: claimers) { claimer in
        do {
            let store = try SQLiteStore(path: path, workflows: [seedProgram])
            let engine = Engine(clock: ManualClock(now: seedStart), store: store)
            engine.register(seedProgram)
            let agent = "agent-\(claimer)"
            // Each claimer walks the queue in its own order so that the races differ.
            var numbers = engine.tasks(team: "engineering-team").map(\.number)
            if claimer % 2 == 1 { numbers.reverse() }
            for number in numbers {
                do {
                    try engine.claim(task: number, team: "engineering-team", agent: agent)
                    wins.withLock { $0[number, default: []].append(agent) }
                } catch let error as EngineError where error.code == .alreadyClaimed {
                    continue
                }
            }
        } catch {
            failures.withLock { $0.append("\(error)") }
        }
    }
    #expect(failures.withLock { $0 } == [])
    let store = try SQLiteStore(path: path)
    let tasks = store.openTasks(team: "engineering-team")
    #expect(tasks.count == instances)
    let recorded = wins.withLock { $0 }
    for task in tasks {
        #expect(recorded[task.number]?.count == 1, "\(task.id): \(recorded[task.number] ?? [])")
        #expect(task.status == .claimed)
        #expect(task.claimedBy == recorded[task.number]?.first)
    }
}

/// A store that commits after another connection wrote (here a flush with nothing of its
/// own to write) still drops its caches at its next command, and reads the other's rows:
/// its own commits leave `PRAGMA data_version` as it was, so the value it keeps is the one
/// read before, not one read after its commit, which would take in the other's.
@Test func aStoreSeesWhatAnotherConnectionCommittedBeforeItsOwnCommit() throws {
    let path = temporaryDatabase()
    let first = try SQLiteStore(path: path, workflows: [seedProgram])
    let firstEngine = Engine(clock: ManualClock(now: seedStart), store: first)
    firstEngine.register(seedProgram)
    try firstEngine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
    guard let task = firstEngine.tasks(team: "engineering-team").first else {
        Issue.record("the seed's first task was not offered")
        return
    }
    #expect(task.status == .pending)

    let second = try SQLiteStore(path: path, workflows: [seedProgram])
    let secondEngine = Engine(clock: ManualClock(now: seedStart), store: second)
    secondEngine.register(seedProgram)
    try secondEngine.claim(task: task.number, team: "engineering-team", agent: "other")

    first.flush()
    #expect(first.task(task.number)?.status == .claimed)
    #expect(firstEngine.tasks(team: "engineering-team").first?.claimedBy == "other")
}

/// Between two commands, a read finds the file as the store left it (answered from the
/// caches, the version read without a turn on the connection's queue) until another
/// connection commits; the next read then drops the caches and reads the other's rows.
@Test func aReadBetweenCommandsSeesAnotherConnectionsCommit() throws {
    let path = temporaryDatabase()
    let first = try SQLiteStore(path: path, workflows: [seedProgram])
    let firstEngine = Engine(clock: ManualClock(now: seedStart), store: first)
    firstEngine.register(seedProgram)
    try firstEngine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
    let task = try #require(firstEngine.tasks(team: "engineering-team").first)
    #expect(first.task(task.number)?.status == .pending)
    #expect(first.task(task.number)?.status == .pending)

    let second = try SQLiteStore(path: path, workflows: [seedProgram])
    let secondEngine = Engine(clock: ManualClock(now: seedStart), store: second)
    secondEngine.register(seedProgram)
    try secondEngine.claim(task: task.number, team: "engineering-team", agent: "other")

    #expect(first.task(task.number)?.status == .claimed)
    #expect(first.task(task.number)?.claimedBy == "other")
    #expect(firstEngine.tasks(team: "engineering-team").first?.claimedBy == "other")
}
