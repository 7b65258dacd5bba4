/// A priority queue of simulation events, ordered by time, then by push order.
///
/// Time is an `Int64` count of microseconds; events due at the same time come out in the
/// order they were pushed (what SimPy's `_eid` and NIO's `insertOrder` give). No sequence
/// number is stored for that: the order of pushes is the order within a bucket (below).
/// An entry is the time and the payload alone, 16 bytes for a one-word payload: with a
/// stored sequence and the simulator's 13-byte event it was 32, and an event is copied
/// about 3.6 times between its push and its pop (about 60 instructions of a load test's
/// task went to copying the difference).
///
/// The queue is a radix heap (Ahuja, Mehlhorn, Orlin and Tarjan), which relies on what a
/// simulation guarantees: nothing is scheduled before the event last popped. Every pending
/// time is at or after a base time (the last popped time), and an event waits in the bucket
/// named by the highest base-16 digit in which its time differs from the base, and by its
/// own value of that digit: 15 buckets a digit, 16 digits, and bucket 0 for the base itself.
/// Buckets in that order hold ever later times, so the earliest event is in the lowest
/// bucket that is not empty. Popping takes the front of bucket 0; when bucket 0 is empty,
/// the base moves to the earliest time of the lowest bucket, the first event at that time
/// is popped, and that bucket's other events move to lower buckets (none moves up, so each
/// moves at most 16 times, and about 3 to 5 times in practice). Every bucket is first in,
/// first out, and equal times always share a bucket, so equal times keep their push order.
///
/// A push before the base (which a simulation never makes) rebuilds the buckets around the
/// new time, in time proportional to the events pending: slower, never wrong.
///
/// Measured on the 2-core machine (hold model: pop the earliest, push it again up to 1 s
/// later), against the 4-ary heap this replaced, which compared 128-bit keys, picked
/// siblings without branches and loaded grandchildren early: at 100,000 events pending
/// about 1.9 times as fast (ordo-one benchmark, median of seven runs' p50: 13 M push+pop/s
/// against 7 M), at 1,000 about 1.15 times (22 M against 19 M; 1.1 to 1.2 times in one
/// process, old and new alternately). A heap pays one dependent load per level, which
/// misses the cache once the heap outgrows it; here an event moves about 3 times (at
/// 1,000) to 5 times (at 100,000), each time read and appended in order. Digits of 4
/// bits: with 1-bit digits (65 buckets) events moved 5.9 times a pop at 1,000 and the
/// queue was slower than the heap; 8-bit digits would move them 2.2 times but need 2,000
/// buckets. 7 pops in 10 find the lowest bucket holding just the event due, and take it
/// without moving it. Also tried and slower: the heap with its keys and payloads in
/// separate arrays (0.94–0.99 times).
///
/// Events cannot be removed once pushed: the engine cancels a timer lazily, by checking a
/// generation number when the event comes out. The queue does not know the current time;
/// the clock that owns it refuses to schedule in the past.
///
/// A queue cannot be copied: it has one owner (a simulation's run loop), so no push or pop
/// asks whether its storage is shared. Copied on write, each of them called the runtime to
/// ask, about 8 instructions a push or pop and 37 of a load test's task.
///
/// ```swift
/// var queue = EventQueue<String>(reservingCapacity: 16)
/// queue.push(at: 2_000_000, "timeout")
/// queue.push(at: 1_000_000, "claim")
/// queue.pop()?.payload  // "claim"
/// ```
@frozen
public struct EventQueue<Payload>: ~Copyable {
    /// The buckets and their events, owned by this queue alone.
    @usableFromInline internal let storage: Storage

    /// Creates an empty queue with room for `capacity` events before it reallocates.
    @inlinable
    public init(reservingCapacity capacity: Int = 0) {
        precondition(capacity >= 0, "capacity \(capacity) is negative")
        storage = Storage(reservingCapacity: capacity)
    }

    /// The number of pending events.
    @inlinable
    public var count: Int { storage.count }

    /// Whether no event is pending.
    @inlinable
    public var isEmpty: Bool { storage.count == 0 }

    /// The time of the earliest pending event, or `nil` when the queue is empty.
    @inlinable
    public var peekTime: Int64? {
        storage.count == 0 ? nil : storage.buckets[storage.lowestOccupied()].earliest
    }

    /// Schedules `payload` at `time` (microseconds, not negative), after every event
    /// already pushed for that time.
    ///
    /// Inlined into its callers, as `pop(notAfter:)` is: left to the optimizer, each stayed a
    /// call that saved and restored registers, about 16 instructions a push and 8 a pop (70
    /// of a load test's task).
    @inlinable
    @inline(__always)
    public mutating func push(at time: Int64, _ payload: Payload) {
        precondition(time >= 0, "event time \(time) is negative")
        storage.insert(Entry(time: time, payload: payload))
    }

    /// Removes and returns the earliest event (the first pushed among equal times),
    /// or `nil` when the queue is empty.
    @inlinable
    public mutating func pop() -> (time: Int64, payload: Payload)? {
        pop(notAfter: .max)
    }

    /// Removes and returns the earliest event if it is due at or before `limit`, or `nil`
    /// when none is (the queue is empty, or its earliest event is later and stays).
    ///
    /// What a run loop with a time limit asks at each step: one look for the lowest bucket
    /// where `peekTime` and then `pop()` made two.
    @inlinable
    @inline(__always)
    public mutating func pop(notAfter limit: Int64) -> (time: Int64, payload: Payload)? {
        guard storage.count > 0, let entry = storage.removeEarliest(notAfter: limit) else {
            return nil
        }
        return (entry.time, entry.payload)
    }

    /// Removes every pending event, keeping the storage.
    @inlinable
    public mutating func removeAll() {
        storage.removeAll()
    }
}

// A queue's storage is its own (a queue cannot be copied), so sending a queue shares nothing
// another thread writes.
extension EventQueue: @unchecked Sendable where Payload: Sendable {}

extension EventQueue {
    /// One pending event.
    @frozen
    @usableFromInline
    internal struct Entry {
        @usableFromInline internal var time: Int64
        @usableFromInline internal var payload: Payload

        @inlinable
        internal init(time: Int64, payload: Payload) {
            self.time = time
            self.payload = payload
        }
    }

    /// A first-in, first-out list of events: a chain of chunks from the shared pool.
    ///
    /// `head` and `tail` are slots of the pool (chunk × `Storage.chunkSize` + offset).
    /// A bucket that was ever used keeps at least one chunk, and `tail` is always a free
    /// slot of its last chunk: when a chunk fills, the next one is chained at once. So the
    /// bucket is empty exactly when `head == tail`, and an empty bucket keeps its chunk for
    /// the next events (most buckets fill and empty again and again).
    @frozen
    @usableFromInline
    internal struct Bucket {
        /// The slot of the front event; -1 for a bucket never used.
        @usableFromInline internal var head: Int
        /// The slot the next event goes to; -1 for a bucket never used.
        @usableFromInline internal var tail: Int
        /// The earliest time in the bucket, `Int64.max` when it is empty.
        @usableFromInline internal var earliest: Int64

        @inlinable
        internal static var unused: Bucket { Bucket(head: -1, tail: -1, earliest: .max) }

        @inlinable
        internal init(head: Int, tail: Int, earliest: Int64) {
            self.head = head
            self.tail = tail
            self.earliest = earliest
        }
    }
}
