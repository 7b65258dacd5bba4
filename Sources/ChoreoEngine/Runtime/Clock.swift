@_exported import ChoreoModel

/// Where the engine reads the time: the only source of `now` it has.
///
/// The simulator hands it a virtual clock, live mode a system clock, tests a
/// `ManualClock`. The engine never asks which.
public protocol EngineClock: AnyObject {
    /// Microseconds since the Unix epoch.
    var now: Microseconds { get }
}

/// A clock that moves only when told: for tests and scripted drivers.
///
/// ```swift
/// let clock = ManualClock(now: CivilTime.parse("2025-01-22T10:00:00Z")!)
/// clock.advance(by: 15 * Durations.minute)
/// ```
public final class ManualClock: EngineClock {
    public private(set) var now: Microseconds

    public init(now: Microseconds = 0) {
        self.now = now
    }

    /// Moves time forward by `duration` (never backwards).
    public func advance(by duration: Microseconds) {
        precondition(duration >= 0, "time never moves backwards")
        now += duration
    }

    /// Moves time forward to `time` (never backwards).
    public func advance(to time: Microseconds) {
        precondition(time >= now, "time never moves backwards")
        now = time
    }
}
