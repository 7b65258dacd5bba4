import ChoreoEngine
import Testing

@testable import ChoreoStore

/// A loaded team's open tasks are listed oldest first, whatever order they opened and
/// closed in: new tasks appended, older ones read back from the database in between,
/// tasks reopened, closed twice, and a team named by a string of its own storage.
@Test func aTeamsOpenTasksAreListedOldestFirst() {
    func task(_ number: Int, _ status: TaskStatus, team: String = "engineering-team")
        -> TeamTask
    {
        TeamTask(
            number: number, instance: 1, instanceID: "wf-1", step: 0, stepID: "step",
            kind: .task, team: team, role: nil, action: "act", inputs: .null, status: status,
            claimedBy: nil, offeredAt: 0, claimedAt: nil, endedAt: nil, deadline: nil,
            attempt: 1, output: nil)
    }
    var cache = TaskCache()
    var open: Set<Int> = []
    func expectListed() {
        #expect(cache.openTasks(team: "engineering-team").map(\.number) == open.sorted())
    }
    cache.load(team: "engineering-team", openTasks: [task(5, .pending), task(2, .claimed)])
    open = [2, 5]
    expectListed()
    for number in [7, 8, 9] {
        cache.put(task(number, .pending))
        open.insert(number)
    }
    expectListed()
    // Closed from the middle, the front and the back; closed again; reopened.
    for (number, status) in [
        (8, TaskStatus.completed), (2, .completed), (9, .failed), (8, .cancelled),
        (8, .pending), (3, .pending), (5, .claimed),
    ] {
        cache.put(task(number, status))
        if status.isOpen { open.insert(number) } else { open.remove(number) }
        expectListed()
    }
    // The team's name as a string of its own, not the one the tasks were made with.
    let sameName = String("engineering-team".reversed().reversed())
    cache.put(task(10, .pending, team: sameName))
    #expect(cache.openTasks(team: sameName).map(\.number) == open.sorted() + [10])
}
