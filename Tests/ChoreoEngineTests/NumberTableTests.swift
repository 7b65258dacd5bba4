import ChoreoEngine
import Testing

/// Random inserts, overwrites and removals of both kinds (a fixed LCG) agree with a `Dictionary` after
/// every step, through growth and the back-shifting of removals.
@Test func numberTableAgreesWithADictionary() {
    var table = NumberTable<Int>()
    var reference: [Int: Int] = [:]
    var state: UInt64 = 42
    func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int(state >> 33) % bound
    }
    for step in 0..<20_000 {
        // Keys cluster (sequential numbers, as the engine hands them out) and repeat.
        let key = next(4) == 0 ? -next(50) : next(600) + step / 10
        switch next(6) {
        case 0, 1:
            #expect(table.removeValue(forKey: key) == reference.removeValue(forKey: key))
        case 2:
            table.remove(key)  // destroyed where it is, not returned
            reference[key] = nil
        default:
            table[key] = step
            reference[key] = step
        }
        #expect(table[key] == reference[key])
        #expect(table.count == reference.count)
    }
    for key in -60..<3_000 {
        #expect(table[key] == reference[key])
    }
    #expect(table.values.sorted() == reference.values.sorted())
}

@Test func emptiedNumberTableFindsNothing() {
    var table = NumberTable<String>()
    for number in 1...100 { table[number] = "task-\(number)" }
    for number in 1...100 { table[number] = nil }
    #expect(table.isEmpty)
    #expect(table[50] == nil)
    #expect(table.values.isEmpty)
}

/// A copy of a table keeps its elements when the original changes (in place or not), and
/// the other way round.
@Test func aCopiedNumberTableKeepsItsOwnElements() {
    var original = NumberTable<[Int]>()
    for number in 1...40 { original[number] = [number] }
    let copy = original
    original.update(7) { $0.append(70) }
    original[8] = nil
    original[41] = [41]  // past half full: the original grows, the copy does not
    for number in 42...100 { original[number] = [number] }
    #expect(original[7] == [7, 70])
    #expect(copy[7] == [7])
    #expect(copy[8] == [8])
    #expect(copy[41] == nil)
    #expect(copy.count == 40)
    #expect(original.count == 99)
    var second = copy
    second.update(1) { $0 = [] }
    #expect(copy[1] == [1])
    #expect(second[1] == [])
}

/// `update` and `read` reach the element for a key and nothing else; a missing key runs
/// neither closure.
@Test func numberTableUpdatesAndReadsInPlace() {
    var table = NumberTable<String>()
    table[3] = "three"
    #expect(
        table.update(3) { text -> Int in
            text += "!"
            return text.count
        } == 6)
    #expect(table.read(3) { $0.uppercased() } == "THREE!")
    var ran = false
    #expect(table.update(4) { _ in ran = true } == nil)
    #expect(table.read(4) { _ in ran = true } == nil)
    #expect(!ran)
    #expect(table.count == 1)
}

/// Elements are released when removed, replaced, or when the last copy of the table goes.
@Test func numberTableReleasesItsElements() {
    final class Tracked {
        nonisolated(unsafe) static var alive = 0
        init() { Tracked.alive += 1 }
        deinit { Tracked.alive -= 1 }
    }
    do {
        var table = NumberTable<Tracked>()
        for number in 1...50 { table[number] = Tracked() }
        #expect(Tracked.alive == 50)
        table[1] = Tracked()
        #expect(Tracked.alive == 50)
        table.removeValue(forKey: 2)
        table[3] = nil
        table.remove(5)
        table.remove(500)  // none there: nothing changes
        #expect(Tracked.alive == 47)
        #expect(table.count == 47)
        let copy = table
        table.update(4) { $0 = Tracked() }  // copies the slots first: the copy keeps its 4
        #expect(Tracked.alive == 48)
        _ = copy
    }
    #expect(Tracked.alive == 0)
}

/// A task's summary, read where the in-memory store keeps it, follows the task through its
/// claim and completion, as the default (built from a copy) does; none for an unknown task.
@Test func taskSummariesFollowTheirTasks() throws {
    let harness = try Harness.seed()
    try harness.start()
    let task = try harness.openTask("engineering-team")
    func check(_ status: TaskStatus) throws {
        let stored = try #require(harness.store.task(task.number))
        let summary = try #require(harness.store.summary(ofTask: task.number))
        #expect(summary == TaskSummary(stored))
        #expect(summary.status == status)
        #expect(summary.kind == .task)
        #expect(summary.step == task.step)
        #expect(summary.instance == task.instance)
    }
    try check(.pending)
    try harness.engine.claim(task: task.number, team: "engineering-team", agent: "eng-1")
    try check(.claimed)
    try harness.engine.complete(
        task: task.number, output: ["compatibility_report": "ok", "cost_delta": 100])
    try check(.completed)
    #expect(harness.store.summary(ofTask: 999_999) == nil)
}

/// The in-memory store reads a task's claimed work where it keeps the task: only a claimed
/// task (not a pending or a closed one, nor an unknown number) is claimed work.
@Test func claimedWorkIsReadOnlyOfAClaimedTask() throws {
    let harness = try Harness.seed()
    try harness.start()
    let task = try harness.openTask("engineering-team")
    #expect(harness.store.claimedWork(ofTask: task.number) == nil)
    try harness.engine.claim(task: task.number, team: "engineering-team", agent: "eng-1")
    let work = try #require(harness.store.claimedWork(ofTask: task.number))
    #expect(work.step == task.step)
    #expect(work.instance == task.instance)
    try harness.engine.complete(
        task: task.number, output: ["compatibility_report": "ok", "cost_delta": 100])
    #expect(harness.store.claimedWork(ofTask: task.number) == nil)
    #expect(harness.store.claimedWork(ofTask: 999_999) == nil)
}
