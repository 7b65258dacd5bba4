import Testing

@testable import ChoreoEngine

/// An instance's open-task and timer lists get room for several numbers at their first
/// append, and keep every number appended, in order, past that room.
@Test func openListsReserveRoomAtTheirFirstAppend() {
    var numbers: [Int] = []
    numbers.append(7, reservingAtFirst: 4)
    #expect(numbers == [7])
    #expect(numbers.capacity >= 4)
    for number in 8...12 { numbers.append(number, reservingAtFirst: 4) }
    #expect(numbers == [7, 8, 9, 10, 11, 12])
}

/// Two steps, each with a timeout, in a workflow with a timeout: a running instance always
/// holds a task and two timers.
private let twoTimedSteps = """
    name: timed
    timeout: 8h
    steps:
      - { id: draft, team: alpha, action: draft, timeout: 1h }
      - { id: review, team: beta, action: review, timeout: 2h }
    """

/// An instance that ended gives its task and timer lists to the next one started
/// (`recycleLists(of:)`): each new instance holds exactly its own task and timers, none of
/// an ended one's, and every ended instance's lists stay empty.
@Test func anEndedInstancesListsHoldOnlyTheNextInstancesOwnNumbers() throws {
    let harness = try Harness(yaml: twoTimedSteps)
    var ended: [InstanceState] = []
    var numbersSeen: (tasks: Set<Int>, timers: Set<Int>) = ([], [])
    for _ in 0..<3 {
        let instance = try harness.start([:])
        let task = try harness.openTask("alpha")
        #expect(task.instance == instance.serial)
        #expect(instance.openTasks == [task.number])
        let timers = instance.timers.compactMap { harness.store.timer($0) }
        #expect(timers.count == 2 && timers.count == instance.timers.count)
        #expect(timers.allSatisfy { $0.instance == instance.serial })
        #expect(timers.map(\.purpose).contains(.workflowTimeout))
        #expect(
            timers.contains {
                if case .stepTimeout(_, let timed) = $0.purpose { return timed == task.number }
                return false
            })
        #expect(numbersSeen.tasks.isDisjoint(with: instance.openTasks))
        #expect(numbersSeen.timers.isDisjoint(with: instance.timers))
        numbersSeen.tasks.formUnion(instance.openTasks)
        numbersSeen.timers.formUnion(instance.timers)

        try harness.work("alpha")
        #expect(instance.openTasks.count == 1 && instance.timers.count == 2)  // The review's.
        numbersSeen.tasks.formUnion(instance.openTasks)
        numbersSeen.timers.formUnion(instance.timers)
        try harness.work("beta")
        #expect(instance.status == .completed)
        ended.append(instance)
        for instance in ended {
            #expect(instance.openTasks.isEmpty)
            #expect(instance.timers.isEmpty)
        }
    }
}
