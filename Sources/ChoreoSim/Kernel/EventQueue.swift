/// A priority queue of simulation events, ordered by `(time, sequence)`.
///
/// Time is an `Int64` count of microseconds; the sequence is an increasing counter that
/// the queue assigns at each push, so events due at the same time come out in the order
/// they were pushed (SimPy's `_eid`, NIO's `insertOrder`). The queue is a 4-ary heap over
/// one contiguous array of entries: four siblings share a cache line or two, the tree is
/// half as deep as a binary heap, and popping picks the earliest sibling without branching.
///
/// Events cannot be removed by sequence: the engine cancels a timer lazily, by checking a
/// generation number when the event comes out. The queue does not know the current time;
/// the clock that owns it refuses to schedule in the past.
///
/// ```swift
/// var queue = EventQueue<String>(reservingCapacity: 16)
/// queue.push(at: 2_000_000, "timeout")
/// queue.push(at: 1_000_000, "claim")
/// queue.pop()?.payload  // "claim"
/// ```
@frozen
public struct EventQueue<Payload> {
    /// One pending event; its key `(time, sequence)` is kept in the entry itself so that
    /// comparing siblings reads one contiguous run of memory.
    @frozen
    @usableFromInline
    internal struct Entry {
        @usableFromInline internal var time: Int64
        @usableFromInline internal var sequence: UInt64
        @usableFromInline internal var payload: Payload

        @inlinable
        internal init(time: Int64, sequence: UInt64, payload: Payload) {
            self.time = time
            self.sequence = sequence
            self.payload = payload
        }
    }

    /// The heap: `entries[0]` is the earliest event; the children of `i` are `4i+1...4i+4`.
    @usableFromInline internal var entries: [Entry]

    /// The sequence the next push receives.
    @usableFromInline internal var nextSequence: UInt64

    /// Where `pop()` stores the keys it loads ahead of need (see `touchGrandchildren`),
    /// so that the optimizer keeps those loads. Never read.
    @usableFromInline internal var prefetchSink: Int64

    /// Creates an empty queue with room for `capacity` events before it reallocates.
    @inlinable
    public init(reservingCapacity capacity: Int = 0) {
        precondition(capacity >= 0, "capacity \(capacity) is negative")
        entries = []
        entries.reserveCapacity(capacity)
        nextSequence = 0
        prefetchSink = 0
    }

    /// The number of pending events.
    @inlinable
    public var count: Int { entries.count }

    /// Whether no event is pending.
    @inlinable
    public var isEmpty: Bool { entries.isEmpty }

    /// The time of the earliest pending event, or `nil` when the queue is empty.
    @inlinable
    public var peekTime: Int64? { entries.first?.time }

    /// Schedules `payload` at `time` (microseconds, not negative) and returns its sequence.
    ///
    /// Sequences start at 0 and increase by one per push for the life of the queue,
    /// `removeAll()` included, so a sequence never names two events.
    @inlinable
    @discardableResult
    public mutating func push(at time: Int64, _ payload: Payload) -> UInt64 {
        precondition(time >= 0, "event time \(time) is negative")
        let sequence = nextSequence
        nextSequence += 1
        entries.append(Entry(time: time, sequence: sequence, payload: payload))
        entries.withUnsafeMutableBufferPointer { buffer in
            Self.siftUp(buffer.baseAddress.unsafelyUnwrapped, from: buffer.count &- 1)
        }
        return sequence
    }

    /// Removes and returns the earliest event (the first pushed among equal times),
    /// or `nil` when the queue is empty.
    @inlinable
    public mutating func pop() -> (time: Int64, sequence: UInt64, payload: Payload)? {
        guard let last = entries.popLast() else { return nil }
        guard !entries.isEmpty else { return (last.time, last.sequence, last.payload) }
        let (first, touched) = entries.withUnsafeMutableBufferPointer { buffer in
            Self.siftDown(buffer.baseAddress.unsafelyUnwrapped, count: buffer.count, last)
        }
        prefetchSink = touched
        return (first.time, first.sequence, first.payload)
    }

    /// Removes every pending event, keeping the storage; sequences keep counting.
    @inlinable
    public mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
    }
}

extension EventQueue: Sendable where Payload: Sendable {}
extension EventQueue.Entry: Sendable where Payload: Sendable {}

// MARK: - Heap maintenance

extension EventQueue {
    /// Whether `(time, sequence)` comes before `(otherTime, otherSequence)`.
    ///
    /// Times are never negative, so both words compare as unsigned. Where the standard
    /// library has `UInt128` without an availability floor (not on macOS 14), the key is
    /// compared as one 128-bit number: `cmp` + `sbb`, one flag for the selects. Measured on
    /// Linux, that made push+pop at 1,000 events about 1.3 times as fast as comparing
    /// the two words lexicographically, and twice as fast as `a.time < b.time || ...`,
    /// whose short-circuit the compiler turns into branches.
    @inlinable
    @inline(__always)
    internal static func precedes(
        _ time: Int64, _ sequence: UInt64, _ otherTime: Int64, _ otherSequence: UInt64
    ) -> Bool {
        #if canImport(Darwin)
            return (time, sequence) < (otherTime, otherSequence)
        #else
            let key = UInt128(UInt64(bitPattern: time)) &<< 64 | UInt128(sequence)
            let otherKey = UInt128(UInt64(bitPattern: otherTime)) &<< 64 | UInt128(otherSequence)
            return key < otherKey
        #endif
    }

    /// All ones if `(time, sequence)` comes before `(otherTime, otherSequence)`, else 0.
    ///
    /// For selecting with `and`/`xor` instead of a conditional move: LLVM's x86 backend
    /// turns a conditional move whose result feeds the next load address into a branch
    /// (it did so here when the queue was specialized in another module), and which
    /// sibling is earliest is a coin toss for the branch predictor. Computed without a
    /// comparison, as the borrow of a 128-bit subtraction: both keys are below 2¹²⁷
    /// because times are never negative, so the top bit of `key - otherKey` is the borrow.
    @inlinable
    @inline(__always)
    internal static func precedesMask(
        _ time: Int64, _ sequence: UInt64, _ otherTime: Int64, _ otherSequence: UInt64
    ) -> UInt64 {
        #if canImport(Darwin)
            return precedes(time, sequence, otherTime, otherSequence) ? .max : 0
        #else
            let key = UInt128(UInt64(bitPattern: time)) &<< 64 | UInt128(sequence)
            let otherKey = UInt128(UInt64(bitPattern: otherTime)) &<< 64 | UInt128(otherSequence)
            let borrow = UInt64(truncatingIfNeeded: (key &- otherKey) &>> 127)
            return 0 &- borrow
        #endif
    }

    /// Moves the entry at `index` up until its parent precedes it.
    @inlinable
    internal static func siftUp(_ base: UnsafeMutablePointer<Entry>, from index: Int) {
        let time = base[index].time
        let sequence = base[index].sequence
        var hole = index
        guard hole > 0 else { return }
        let entry = (base + hole).move()
        while hole > 0 {
            let parent = (hole &- 1) &>> 2
            guard precedes(time, sequence, base[parent].time, base[parent].sequence) else {
                break
            }
            (base + hole).initialize(to: (base + parent).move())
            hole = parent
        }
        (base + hole).initialize(to: entry)
    }

    /// Takes the root out of the heap of `count` entries at `base`, refills the heap with
    /// `last` (the entry just removed from the end), and returns the old root together
    /// with the keys `touchGrandchildren` loaded.
    ///
    /// The hole left by the root moves down to the earliest child until `last` fits.
    /// The earliest of four siblings is chosen as a tournament (0 against 1, 2 against 3,
    /// then the winners) over keys held in registers, with selects rather than branches:
    /// sibling order is random, so a branch would be mispredicted half the time.
    @inlinable
    internal static func siftDown(
        _ base: UnsafeMutablePointer<Entry>, count: Int, _ last: Entry
    ) -> (Entry, Int64) {
        let first = base.move()
        var touched: Int64 = 0
        let lastTime = last.time
        let lastSequence = last.sequence
        var hole = 0
        while true {
            let child = hole &* 4 &+ 1
            let grandchild = child &* 4 &+ 1
            if grandchild >= coldStart, grandchild &+ 15 < count {
                touched ^= touchGrandchildren(base, from: grandchild)
            }
            var best: Int
            var bestTime: Int64
            var bestSequence: UInt64
            if child &+ 3 < count {
                (best, bestTime, bestSequence) = earliestOfFour(base, from: child)
            } else if child < count {
                (best, bestTime, bestSequence) = earliestOfFew(base, from: child, count: count)
            } else {
                break
            }
            if precedes(lastTime, lastSequence, bestTime, bestSequence) { break }
            (base + hole).initialize(to: (base + best).move())
            hole = best
        }
        (base + hole).initialize(to: last)
        return (first, touched)
    }

    /// The first index past the heap's top six levels (1 + 4 + ... + 1,024 entries), which
    /// every pop walks through and which therefore stay in cache.
    @inlinable
    internal static var coldStart: Int { 1_365 }

    /// Loads a key from every cache line that the keys of the sixteen grandchildren from
    /// `grandchild` occupy, and returns them folded together.
    ///
    /// Swift has no prefetch instruction; these loads are one. Below the top levels each
    /// step down misses the cache, and each step's address depends on the step before, so
    /// a large heap pays one memory latency per level, one after another. Loading the
    /// grandchildren while the children are compared starts the next level's misses a
    /// level early, in parallel: at 100,000 events this doubled push+pop throughput on the
    /// 2-core machine where it was measured, and it costs nothing on small heaps, which
    /// never reach `coldStart`. In each group of four siblings the loads are the first
    /// time, the third time and the fourth sequence: for entries of up to 32 bytes
    /// (payloads up to 16 bytes) they are at most 64 bytes apart, so every cache line
    /// holding one of the group's keys holds one of them. Larger entries are only
    /// partly touched, which is slower, never wrong.
    @inlinable
    @inline(__always)
    internal static func touchGrandchildren(
        _ base: UnsafeMutablePointer<Entry>, from grandchild: Int
    ) -> Int64 {
        var touched: Int64 = 0
        var group = grandchild
        for _ in 0..<4 {
            touched ^= base[group].time ^ base[group &+ 2].time
            touched ^= Int64(bitPattern: base[group &+ 3].sequence)
            group &+= 4
        }
        return touched
    }

    /// The index and key of the earliest of the four siblings starting at `child`.
    @inlinable
    @inline(__always)
    internal static func earliestOfFour(
        _ base: UnsafeMutablePointer<Entry>, from child: Int
    ) -> (Int, Int64, UInt64) {
        let time0 = base[child].time
        let sequence0 = base[child].sequence
        let time1 = base[child &+ 1].time
        let sequence1 = base[child &+ 1].sequence
        let time2 = base[child &+ 2].time
        let sequence2 = base[child &+ 2].sequence
        let time3 = base[child &+ 3].time
        let sequence3 = base[child &+ 3].sequence

        let oneFirst = precedes(time1, sequence1, time0, sequence0)
        let indexA = oneFirst ? child &+ 1 : child
        let timeA = oneFirst ? time1 : time0
        let sequenceA = oneFirst ? sequence1 : sequence0

        let threeFirst = precedes(time3, sequence3, time2, sequence2)
        let indexB = threeFirst ? child &+ 3 : child &+ 2
        let timeB = threeFirst ? time3 : time2
        let sequenceB = threeFirst ? sequence3 : sequence2

        // The winner's index is the next level's address, so it is selected with a mask
        // (see `precedesMask`); its key only feeds the comparison with the entry sinking
        // down, and conditional moves for it stay conditional moves.
        let bFirstMask = precedesMask(timeB, sequenceB, timeA, sequenceA)
        let index = indexA ^ ((indexA ^ indexB) & Int(truncatingIfNeeded: bFirstMask))
        let bFirst = precedes(timeB, sequenceB, timeA, sequenceA)
        return (index, bFirst ? timeB : timeA, bFirst ? sequenceB : sequenceA)
    }

    /// The index and key of the earliest sibling from `child` to the end of the heap,
    /// for the one parent whose children do not number four.
    @inlinable
    internal static func earliestOfFew(
        _ base: UnsafeMutablePointer<Entry>, from child: Int, count: Int
    ) -> (Int, Int64, UInt64) {
        var best = child
        var bestTime = base[child].time
        var bestSequence = base[child].sequence
        var index = child &+ 1
        while index < count {
            if precedes(base[index].time, base[index].sequence, bestTime, bestSequence) {
                best = index
                bestTime = base[index].time
                bestSequence = base[index].sequence
            }
            index &+= 1
        }
        return (best, bestTime, bestSequence)
    }
}
