import Testing

@testable import ChoreoEngine

/// An event whose time tells it apart.
private func event(_ time: Microseconds) -> HistoryEvent {
    HistoryEvent(time: time, kind: .workflowStarted)
}

/// A copy keeps exactly the events it was taken with while the log goes on appending in
/// the buffer they share, across several copies; every position reads the event appended
/// there.
@Test func aCopyOfAHistoryKeepsItsEventsWhileTheLogGoesOn() {
    var log = HistoryLog()
    log.reserveCapacity(8)
    for time in 0..<5 { log.append(event(Microseconds(time))) }
    let first = log
    for time in 5..<7 { log.append(event(Microseconds(time))) }
    let second = log
    let third = log  // nothing new: the same events
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

/// Copies share the events written so far, yet each is its own value: a copy that appends
/// after the log went on does not see the log's later events, nor the log the copy's, and
/// a log built from an array or grown past its room reads every event in order.
@Test func copiesOfAHistoryAppendIndependently() {
    var log = HistoryLog()
    for time in 0..<3 { log.append(event(Microseconds(time))) }
    var copy = log
    log.append(event(3))
    copy.append(event(30))
    copy.append(event(31))
    var copyOfCopy = copy
    copyOfCopy.append(event(32))
    copy.append(event(40))
    #expect(log.map(\.time) == [0, 1, 2, 3])
    #expect(copy.map(\.time) == [0, 1, 2, 30, 31, 40])
    #expect(copyOfCopy.map(\.time) == [0, 1, 2, 30, 31, 32])
    var grown = HistoryLog((0..<3).map { event(Microseconds($0)) })
    grown.reserveCapacity(2)  // less than it holds: nothing to do
    for time in 3..<40 { grown.append(event(Microseconds(time))) }
    #expect(grown.map(\.time) == Array(0..<40))
    #expect(HistoryLog([]).isEmpty)
}
