import Testing

@testable import ChoreoEngine

/// An event whose time tells it apart.
private func event(_ time: Microseconds) -> HistoryEvent {
    HistoryEvent(time: time, kind: .workflowStarted)
}

/// A frozen copy keeps exactly the events it was taken with while the log goes on, across
/// several freezes; every position reads the event appended there.
@Test func aFrozenHistoryKeepsItsEventsWhileTheLogGoesOn() {
    var log = HistoryLog()
    log.reserveCapacity(8)
    for time in 0..<5 { log.append(event(Microseconds(time))) }
    let first = log.freeze()
    for time in 5..<7 { log.append(event(Microseconds(time))) }
    let second = log.freeze()
    let third = log.freeze()  // nothing new: the same events
    log.append(event(7))
    #expect(first.map(\.time) == [0, 1, 2, 3, 4])
    #expect(second.map(\.time) == [0, 1, 2, 3, 4, 5, 6])
    #expect(third == second)
    #expect(log.map(\.time) == Array(0..<8))
    #expect((0..<8).map { log[$0].time } == Array(0..<8))
    #expect(log.last?.time == 7)
    #expect(log == HistoryLog(log.map { $0 }))
    #expect(log != second)
}
