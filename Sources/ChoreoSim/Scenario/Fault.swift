/// Something that goes wrong in the simulated world.
public enum Fault: Sendable, Hashable {
    /// The team claims nothing and its work in progress pauses from `at` (offset from the
    /// scenario start) for `duration`.
    case outage(team: String, at: Microseconds, duration: Microseconds)
    /// Work matching `target` fails with `failure`'s probability and error type.
    case failure(target: FaultTarget, failure: FailureSpec)
    /// The team's work takes `factor` times as long from `at` for `duration`.
    case slow(team: String, factor: Double, at: Microseconds, duration: Microseconds)
    /// An agent that claims work matching `target` vanishes with `probability`: the claim is
    /// released after `lease` and the task is offered again.
    case agentLost(target: FaultTarget, probability: Double, lease: Microseconds)
    /// The team never answers approvals or escalations.
    case silent(team: String)
}

/// Which work a fault applies to.
public enum FaultTarget: Sendable, Hashable {
    case step(String)
    case action(String)
    case team(String)
}

/// Working time of a team: days of the week and hours of the day, in a fixed UTC offset.
public struct WorkCalendar: Sendable, Hashable {
    /// Bit `d` set when weekday `d` (0 = Monday … 6 = Sunday) is a working day.
    public var days: UInt8
    /// Start and end of the working day, in minutes after midnight (end after start).
    public var startMinute: Int
    public var endMinute: Int
    /// Offset of the calendar's zone from UTC.
    public var offset: Microseconds

    public init(days: UInt8, startMinute: Int, endMinute: Int, offset: Microseconds = 0) {
        precondition(days != 0 && startMinute < endMinute, "a calendar needs working time")
        self.days = days
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.offset = offset
    }
}
