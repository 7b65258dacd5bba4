import ChoreoSim
import Testing

/// A reference queue: a plain array searched linearly for the smallest `(time, sequence)`,
/// where the sequence counts pushes (the order the queue keeps among equal times).
private struct ReferenceQueue {
    var events: [(time: Int64, sequence: UInt64, payload: Int)] = []
    var pushes: UInt64 = 0

    mutating func push(at time: Int64, _ payload: Int) {
        events.append((time, pushes, payload))
        pushes += 1
    }

    mutating func pop() -> (time: Int64, sequence: UInt64, payload: Int)? {
        guard
            let index = events.indices.min(by: {
                (events[$0].time, events[$0].sequence) < (events[$1].time, events[$1].sequence)
            })
        else { return nil }
        return events.remove(at: index)
    }
}

/// Counts how many payloads are alive, to check that the heap moves rather than leaks.
private final class Tracker {
    var alive = 0
}

private final class TrackedPayload {
    let tracker: Tracker
    let value: Int

    init(_ value: Int, tracker: Tracker) {
        self.value = value
        self.tracker = tracker
        tracker.alive += 1
    }

    deinit { tracker.alive -= 1 }
}

@Test(arguments: [4 as Int64, 1_000, 1_000_000_000])
func popsMatchSortedReferenceOnRandomInterleavedInput(timeRange: Int64) {
    var generator = Xoshiro256StarStar(seed: UInt64(timeRange))
    var queue = EventQueue<Int>(reservingCapacity: 64)
    var reference = ReferenceQueue()
    for step in 0..<6_000 {
        if generator.nextIndex(below: 5) < 3 {
            let time = Int64(generator.nextIndex(below: Int(timeRange)))
            queue.push(at: time, step)
            reference.push(at: time, step)
        } else {
            let popped = queue.pop()
            let expected = reference.pop()
            #expect(popped?.time == expected?.time)
            #expect(popped?.payload == expected?.payload)
        }
        let count = queue.count
        #expect(count == reference.events.count)
    }
    while let expected = reference.pop() {
        let popped = queue.pop()
        #expect(popped?.time == expected.time && popped?.payload == expected.payload)
    }
    let empty = queue.isEmpty
    #expect(empty)
    let popped = queue.pop()
    #expect(popped == nil)
}

@Test func largeQueuePopsEveryEventOnceInIncreasingOrderUnderTheHoldModel() {
    // Deep enough (20,000 events, eight levels) for pops to reach the levels below the
    // cached top of the heap, where the queue loads grandchildren ahead of need.
    // Every push is at or after the last popped time, so a correct queue pops strictly
    // increasing (time, push number) keys (the payload is the push number); together with
    // "each event popped once", that is a complete check of the order.
    var generator = Xoshiro256StarStar(seed: 20_000)
    var queue = EventQueue<Int>(reservingCapacity: 20_000)
    for index in 0..<20_000 {
        queue.push(at: Int64(generator.nextIndex(below: 5_000)), index)
    }
    var popped = [Bool](repeating: false, count: 60_000)
    var previous: (time: Int64, push: Int) = (-1, 0)
    var outOfOrder = 0
    var repeated = 0
    for index in 20_000..<60_000 {
        let event = queue.pop()!
        if !((previous.time, previous.push) < (event.time, event.payload)) {
            outOfOrder += 1
        }
        if popped[event.payload] { repeated += 1 }
        popped[event.payload] = true
        previous = (event.time, event.payload)
        let delay = generator.nextIndex(below: 4) == 0 ? 0 : generator.nextIndex(below: 5_000)
        queue.push(at: event.time + Int64(delay), index)
    }
    #expect(outOfOrder == 0)
    #expect(repeated == 0)
    let count = queue.count
    #expect(count == 20_000)
    #expect(popped.count(where: { $0 }) == 40_000)
}

@Test func eventsAtTheSameTimeComeOutInPushOrder() {
    var queue = EventQueue<Int>()
    for index in 0..<1_000 {
        queue.push(at: Int64(index % 3) * 10, index)
    }
    var order: [Int] = []
    while let event = queue.pop() {
        order.append(event.payload)
    }
    let expected =
        (0..<1_000).filter { $0 % 3 == 0 } + (0..<1_000).filter { $0 % 3 == 1 }
        + (0..<1_000).filter { $0 % 3 == 2 }
    #expect(order == expected)
}

@Test func timeNeverMovesBackwardsWhenEventsAreScheduledFromNow() {
    var generator = Xoshiro256StarStar(seed: 7)
    // Each payload is its push number, so among equal times payloads must increase.
    var queue = EventQueue<Int>(reservingCapacity: 1_000)
    for index in 0..<1_000 {
        queue.push(at: Int64(generator.nextIndex(below: 100)), index)
    }
    var now: Int64 = 0
    var lastPush = 0
    for push in 1_000..<51_000 {
        let event = queue.pop()!
        #expect(event.time >= now)
        if event.time == now { #expect(event.payload >= lastPush) }
        now = event.time
        lastPush = event.payload
        // Half the follow-up events land exactly at `now`, as zero delays do.
        let delay = generator.nextIndex(below: 2) == 0 ? 0 : generator.nextIndex(below: 50)
        queue.push(at: now + Int64(delay), push)
    }
    let count = queue.count
    #expect(count == 1_000)
}

@Test func removeAllEmptiesTheQueueAndKeepsItUsable() {
    var queue = EventQueue<String>()
    queue.push(at: 5, "a")
    queue.push(at: 5, "b")
    queue.removeAll()
    let emptied = queue.isEmpty && queue.count == 0
    #expect(emptied)
    let peeked = queue.peekTime
    #expect(peeked == nil)
    queue.push(at: 1, "c")
    queue.push(at: 1, "d")
    let popped = [queue.pop()?.payload, queue.pop()?.payload, queue.pop()?.payload]
    #expect(popped == ["c", "d", nil])
}

@Test func peekTimeIsTheEarliestPendingTime() {
    var queue = EventQueue<Int>()
    let peeked = queue.peekTime
    #expect(peeked == nil)
    queue.push(at: 30, 0)
    queue.push(at: 10, 1)
    queue.push(at: 20, 2)
    let earliest = queue.peekTime
    #expect(earliest == 10)
    let count = queue.count
    #expect(count == 3)
    _ = queue.pop()
    let next = queue.peekTime
    #expect(next == 20)
}

@Test func payloadsAreReleasedOncePoppedOrRemoved() {
    let tracker = Tracker()
    do {
        var queue = EventQueue<TrackedPayload>()
        var generator = Xoshiro256StarStar(seed: 3)
        for index in 0..<500 {
            queue.push(
                at: Int64(generator.nextIndex(below: 40)), TrackedPayload(index, tracker: tracker))
        }
        #expect(tracker.alive == 500)
        var seen = Set<Int>()
        for _ in 0..<200 {
            if let event = queue.pop() { seen.insert(event.payload.value) }
        }
        #expect(seen.count == 200)
        #expect(tracker.alive == 300)
        queue.removeAll()
        #expect(tracker.alive == 0)
        queue.push(at: 1, TrackedPayload(-1, tracker: tracker))
    }
    #expect(tracker.alive == 0)
}

/// Compiles only for a `Sendable` type.
private func isSendable<Value: Sendable & ~Copyable>(_ value: borrowing Value) -> Bool { true }

@Test func queueIsSendableWhenPayloadIs() {
    let queue = EventQueue<Int>()
    let sendable = isSendable(queue)
    #expect(sendable)
}

@Test func negativeTimeIsRefused() async {
    await #expect(processExitsWith: .failure) {
        var queue = EventQueue<Int>()
        queue.push(at: -1, 0)
    }
}

/// A reference queue kept sorted by `(time, sequence)`, for long runs; the sequence counts
/// pushes.
private struct SortedReference {
    var events: [(time: Int64, sequence: UInt64, payload: Int)] = []

    mutating func insert(_ event: (time: Int64, sequence: UInt64, payload: Int)) {
        var low = 0
        var high = events.count
        while low < high {
            let middle = (low + high) / 2
            if (events[middle].time, events[middle].sequence) < (event.time, event.sequence) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        events.insert(event, at: low)
    }

    mutating func pop() -> (time: Int64, sequence: UInt64, payload: Int)? {
        events.isEmpty ? nil : events.removeFirst()
    }
}

/// Pushes and pops at random against `SortedReference`, growing to about `peak` events and
/// shrinking again; `delay` draws how far after the last popped time each push lands.
private func checkAgainstReference(
    seed: UInt64, steps: Int, peak: Int, capacity: Int,
    delay: (inout Xoshiro256StarStar) -> Int64
) -> Int {
    var generator = Xoshiro256StarStar(seed: seed)
    var queue = EventQueue<Int>(reservingCapacity: capacity)
    var reference = SortedReference()
    var now: Int64 = 0
    var mismatches = 0
    for step in 0..<steps {
        let growing = step < steps / 2
        let pushChance = queue.count < peak && growing ? 3 : 1
        if queue.isEmpty || generator.nextIndex(below: 4) < pushChance {
            let time = now + min(delay(&generator), Int64.max - now)
            queue.push(at: time, step)
            reference.insert((time, UInt64(step), step))
        } else {
            let popped = queue.pop()
            let expected = reference.pop()
            if popped?.time != expected?.time || popped?.payload != expected?.payload {
                mismatches += 1
            }
            now = popped?.time ?? now
        }
        if queue.count != reference.events.count || queue.peekTime != reference.events.first?.time {
            mismatches += 1
        }
    }
    while let expected = reference.pop() {
        if queue.pop()?.payload != expected.payload { mismatches += 1 }
    }
    return mismatches + queue.count
}

@Test(arguments: [0, 1_000])
func growingFromAnyCapacityKeepsTheOrderOfTheHoldModel(capacity: Int) {
    // Starting small makes the chunk pool grow many times, some of them while a bucket is
    // being moved to lower ones; ties (a delay of 0 one time in 8) must keep push order.
    let mismatches = checkAgainstReference(
        seed: UInt64(capacity) + 11, steps: 30_000, peak: 6_000, capacity: capacity
    ) { generator in
        generator.nextIndex(below: 8) == 0 ? 0 : Int64(generator.nextIndex(below: 1 << 20))
    }
    #expect(mismatches == 0)
}

@Test func timesAcrossTheWholeRangeComeOutInOrder() {
    // Delays from 1 µs to 2⁶² µs reach every digit of the time, up to the last buckets.
    let mismatches = checkAgainstReference(
        seed: 5, steps: 8_000, peak: 500, capacity: 16
    ) { generator in
        let bits = generator.nextIndex(below: 63)
        return Int64(generator.nextIndex(below: Int.max) >> (63 - bits))
    }
    #expect(mismatches == 0)
    var queue = EventQueue<Int>()
    for (index, time) in [Int64.max, 0, Int64.max, 1 << 62, 1].enumerated() {
        queue.push(at: time, index)
    }
    var order: [Int] = []
    while let event = queue.pop() { order.append(event.payload) }
    #expect(order == [1, 4, 3, 0, 2])
}

@Test func pushesBeforeTheLastPoppedTimeAreStillOrdered() {
    // A simulation never does this; the queue rebuilds its buckets and stays correct.
    var queue = EventQueue<Int>()
    for index in 0..<40 { queue.push(at: 1_000 + Int64(index % 4), index) }
    let popped = queue.pop()?.payload
    #expect(popped == 0)
    queue.push(at: 500, 100)
    queue.push(at: 500, 101)
    queue.push(at: 1_000, 102)
    var order: [Int] = []
    while let event = queue.pop() { order.append(event.payload) }
    let atThousand = (1..<40).filter { $0 % 4 == 0 } + [102]
    let later = (1...3).flatMap { offset in (0..<40).filter { $0 % 4 == offset } }
    #expect(order == [100, 101] + atThousand + later)
}

@Test func manyEventsAtOneTimeComeOutInPushOrderAcrossChunks() {
    var queue = EventQueue<Int>(reservingCapacity: 8)
    for index in 0..<5_000 { queue.push(at: Int64(index % 2) * 1_000_000, index) }
    queue.push(at: 0, 5_000)
    var order: [Int] = []
    while let event = queue.pop() { order.append(event.payload) }
    let expected =
        (0..<5_000).filter { $0 % 2 == 0 } + [5_000] + (0..<5_000).filter { $0 % 2 == 1 }
    #expect(order == expected)
}

@Test func popNotAfterALimitLeavesLaterEventsQueued() {
    var queue = EventQueue<String>()
    queue.push(at: 30, "late")
    queue.push(at: 10, "early")
    queue.push(at: 20, "on time")
    queue.push(at: 20, "also on time")
    var popped: [String] = []
    while let event = queue.pop(notAfter: 20) { popped.append(event.payload) }
    #expect(popped == ["early", "on time", "also on time"])
    let left = queue.count
    #expect(left == 1)
    let late = queue.pop(notAfter: 30)?.payload
    #expect(late == "late")
    let none = queue.pop(notAfter: .max)
    #expect(none == nil)
}
