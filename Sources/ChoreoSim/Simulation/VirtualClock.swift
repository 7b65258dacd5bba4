/// The simulator's clock: it moves only when the run loop takes the next event.
public final class VirtualClock: EngineClock {
    public internal(set) var now: Microseconds

    public init(now: Microseconds) {
        self.now = now
    }

    /// Moves to `time`; time never moves backwards.
    func advance(to time: Microseconds) {
        precondition(time >= now, "time never moves backwards (\(time) < \(now))")
        now = time
    }
}

/// A scheduled happening in the simulated world.
enum SimulationEvent: Sendable {
    /// Instance number `index` (0-based) arrives.
    case arrival(index: Int)
    /// An engine timer is due.
    case timer(id: Int)
    /// The agent of work slot `slot` has finished its claim delay, if the slot still holds
    /// work of `generation`.
    case claim(slot: Int, generation: UInt32)
    /// The agent of work slot `slot` reports (completes, fails, decides or vanishes), if the
    /// slot still holds work of `generation`.
    case finish(slot: Int, generation: UInt32)
    /// A team's calendar or outage window opens: look at its queue again.
    case wake(team: Int)
}

/// A simulated run that went out of bounds.
public struct SimulationError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
