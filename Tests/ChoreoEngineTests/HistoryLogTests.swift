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

/// The address of a dictionary's storage: it stays put when the dictionary is changed in
/// place, and moves when a change must copy storage that something else also holds.
private func storageAddress(of dictionary: [String: Value]) -> UInt {
    withUnsafeBytes(of: dictionary) { $0.load(as: UInt.self) }
}

/// Every event a log or a copy wrote is released exactly once, whichever buffer it ended in:
/// after copies appended past each other, moved to buffers of their own, grew and reserved
/// room, and were all dropped, the outputs' storage is held by the test's two references
/// alone. One release too many leaves `fields` the only holder, so changing it does not
/// copy; an event leaked still holds it after `fields` moved away, so changing `spare`
/// copies. (Two releases too many free it under the test, which crashes.)
@Test func historyEventsAreReleasedExactlyOnce() {
    var fields: [String: Value] = [:]
    fields.reserveCapacity(8)  // So that adding a key below grows nothing in place.
    fields["score"] = 1
    fields["verdict"] = "pass"
    var spare = fields
    func completed(_ step: Int) -> HistoryEvent {
        HistoryEvent(
            time: Microseconds(step),
            kind: .stepCompleted(step: step, outputs: .object(fields), outcome: .success))
    }
    do {
        var log = HistoryLog()
        log.reserveCapacity(4)
        for step in 0..<3 { log.append(completed(step)) }
        var copy = log
        log.append(completed(3))  // In place: the buffer's fourth and last slot.
        copy.append(completed(30))  // Past the log's events: to a buffer of its own.
        copy.append(completed(31))
        for step in 4..<10 { log.append(completed(step)) }  // Past the capacity, twice.
        copy.reserveCapacity(100)  // To a third buffer of the copy's.
        copy.append(completed(32))
        #expect(log.map(\.time) == Array(0..<10))
        #expect(copy.map(\.time) == [0, 1, 2, 30, 31, 32])
        #expect(log.map(\.step) == Array(0..<10))
        #expect(copy.map(\.step) == [0, 1, 2, 30, 31, 32])
        for event in log + Array(copy) {
            guard case .stepCompleted(_, let outputs, _) = event.kind else {
                Issue.record("\(event.kind) is not a completed step")
                continue
            }
            #expect(outputs == .object(fields))
        }
    }
    let shared = storageAddress(of: fields)
    #expect(storageAddress(of: spare) == shared)
    fields["extra"] = 2
    #expect(storageAddress(of: fields) != shared, "an event was released twice")
    spare["extra"] = 2
    #expect(storageAddress(of: spare) == shared, "an event was never released")
}
