/// An instance's history: its events in order, as a collection that a copy can keep cheaply
/// while the instance goes on appending.
///
/// Deferred inputs (`OfferContext`) keep the history as it stood at the offer. With one
/// array, the instance's next event then copied every event before it (the seed's
/// `final_report` is offered near the end, after some forty events): a twentieth of a
/// load test's instructions. Events are written once and never changed, so a log and its
/// copies share one buffer, each reading its own first `count` events: a log appends in
/// place while its events are all the buffer holds (no copy appended past it) and there is
/// room, and otherwise moves its events to a buffer of its own first. Keeping a copy thus
/// costs a retain; closing the events into a shared segment and starting a new tail, as
/// before, cost two allocations and two frees an instance (some 80 instructions a task).
///
/// Value semantics as usual. `@unchecked Sendable` (a `ManagedBuffer` cannot be `Sendable`):
/// only the engine appends (`append` is internal), on the thread that runs its commands,
/// and a copy that another thread holds reads only events that are never written again.
public struct HistoryLog: @unchecked Sendable, RandomAccessCollection, Equatable {
    /// The events, shared with copies; nil until the first is appended.
    private var buffer: HistoryBuffer?
    /// The events of this log: the first `length` in `buffer`.
    private var length = 0

    public init() {}

    public init(_ events: [HistoryEvent]) {
        reserveCapacity(events.count)
        for event in events { append(event) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { length }

    public subscript(position: Int) -> HistoryEvent {
        precondition(position >= 0 && position < length, "history index \(position) out of range")
        return buffer.unsafelyUnwrapped.withUnsafeMutablePointerToElements { $0[position] }
    }

    public static func == (left: HistoryLog, right: HistoryLog) -> Bool {
        left.elementsEqual(right)
    }

    /// Appends `event`. Of the logs that share a buffer, only one may append on one thread
    /// at a time: two appending at once would both find the buffer theirs and write the
    /// same slot. The engine keeps that: only an instance's own history appends (`append` is
    /// internal), on the thread that runs the engine's commands; copies only read.
    ///
    /// Inlined into each place that records an event (some 20 of them), and the rare move
    /// to a new buffer kept out of line: called, the append cost some 80 instructions a task
    /// more.
    @inline(__always)
    mutating func append(_ event: consuming HistoryEvent) {
        if !canWriteInPlace(count: length + 1) { makeRoomToAppend() }
        let buffer = buffer.unsafelyUnwrapped
        // Moved in through the slot's address, which stays valid while `buffer` (held here)
        // lives: a closure would copy the event it captured.
        let slot = buffer.withUnsafeMutablePointerToElements { $0 + length }
        slot.initialize(to: event)
        buffer.header.written += 1
        length += 1
    }

    /// Moves the events to a buffer of their own with room for as many again, and for at
    /// least 4: a floor of 16 took 100,000 instances started at once (a few events each,
    /// nothing learned yet for `reserveCapacity`) from 638 to 725 MB resident.
    @inline(never)
    private mutating func makeRoomToAppend() {
        moveToNewBuffer(capacity: Swift.max(2 * length, 4))
    }

    /// Makes room for `count` events in all.
    mutating func reserveCapacity(_ count: Int) {
        if count > length, !canWriteInPlace(count: count) { moveToNewBuffer(capacity: count) }
    }

    /// Whether the buffer can hold `count` events of this log, written in place: no copy
    /// has appended past this log's events, and there is room.
    private func canWriteInPlace(count: Int) -> Bool {
        guard let buffer else { return false }
        return buffer.header.written == length && count <= buffer.header.capacity
    }

    /// Copies this log's events into a new buffer for `capacity` events, its own alone.
    private mutating func moveToNewBuffer(capacity: Int) {
        let moved = HistoryBuffer.make(capacity: capacity)
        if let buffer {
            buffer.withUnsafeMutablePointerToElements { events in
                moved.withUnsafeMutablePointerToElements {
                    $0.initialize(from: events, count: length)
                }
            }
        }
        moved.header.written = length
        buffer = moved
    }
}

/// The events of a `HistoryLog` and of its copies, in one allocation: `written` of them,
/// each written once and never changed, in room for `capacity`.
final class HistoryBuffer: ManagedBuffer<HistoryBuffer.Counts, HistoryEvent> {
    struct Counts {
        var written: Int
        let capacity: Int
    }

    /// An empty buffer with room for `capacity` events.
    static func make(capacity: Int) -> HistoryBuffer {
        let buffer = create(minimumCapacity: capacity) { _ in
            Counts(written: 0, capacity: capacity)
        }
        return unsafeDowncast(buffer, to: HistoryBuffer.self)
    }

    deinit {
        _ = withUnsafeMutablePointers { counts, events in
            events.deinitialize(count: counts.pointee.written)
        }
    }
}
