/// An instance's history: its events in order, as a collection that a copy can keep cheaply
/// while the instance goes on appending.
///
/// Deferred inputs (`OfferContext`) keep the history as it stood at the offer. With one
/// array, the instance's next event then copied every event before it (the seed's
/// `final_report` is offered near the end, after some forty events): a twentieth of a
/// load test's instructions. Here `freeze()` closes the events so far into a segment that
/// copies share, and later events go to a new tail, so neither side ever copies the other's
/// events. Plain arrays inside: value semantics as usual.
public struct HistoryLog: Sendable, RandomAccessCollection, Equatable {
    /// Closed runs of events, shared with the copies taken when they were closed.
    private var segments: [[HistoryEvent]] = []
    /// Events since the last segment was closed.
    private var tail: [HistoryEvent] = []
    /// Events in `segments`.
    private var frozenCount = 0

    public init() {}

    public init(_ events: [HistoryEvent]) {
        tail = events
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { frozenCount + tail.count }

    public subscript(position: Int) -> HistoryEvent {
        if position >= frozenCount { return tail[position - frozenCount] }
        var offset = position
        for segment in segments {
            if offset < segment.count { return segment[offset] }
            offset -= segment.count
        }
        preconditionFailure("history index \(position) out of range")
    }

    public static func == (left: HistoryLog, right: HistoryLog) -> Bool {
        left.elementsEqual(right)
    }

    mutating func append(_ event: HistoryEvent) {
        tail.append(event)
    }

    mutating func reserveCapacity(_ count: Int) {
        tail.reserveCapacity(count - frozenCount)
    }

    /// The history as it is now, to keep: the events so far become a segment that the
    /// copy and this log share, and this log's next events start a new one.
    mutating func freeze() -> HistoryLog {
        guard !tail.isEmpty else { return self }
        segments.append(tail)
        frozenCount += tail.count
        let room = tail.capacity - tail.count
        tail = []
        // Taken before the new tail is allocated, so that the copy does not share it: the
        // log's next event would copy a shared tail into one of its own.
        let frozen = self
        // The new tail gets the room the old one had left (see `reserveCapacity`).
        tail.reserveCapacity(room)
        return frozen
    }
}
