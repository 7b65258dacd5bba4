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

/// A `SimulationEvent` in one word, as the event queue keeps it: a queue entry (time and
/// event) is then 16 bytes. The enum takes two words and a tag byte, which made an entry
/// 32 bytes, and an event is copied 3 to 4 times between its push and its pop.
///
/// The low 3 bits say which event. Work events keep the slot in bits 3 to 31 and the
/// generation in the high 32; the others keep their number (an arrival's index, a timer's
/// id, a team) in bits 3 to 63.
struct PackedEvent: Sendable {
    private let bits: UInt64

    private static let arrival: UInt64 = 0
    private static let timer: UInt64 = 1
    private static let claim: UInt64 = 2
    private static let finish: UInt64 = 3
    private static let wake: UInt64 = 4
    /// Work slots below this fit in their 29 bits (the teams' agents, put together).
    static let slotLimit = 1 << 29

    @inline(__always)
    init(_ event: SimulationEvent) {
        switch event {
        case .arrival(let index): bits = Self.pack(index, kind: Self.arrival)
        case .timer(let id): bits = Self.pack(id, kind: Self.timer)
        case .claim(let slot, let generation):
            bits = Self.pack(slot, generation: generation, kind: Self.claim)
        case .finish(let slot, let generation):
            bits = Self.pack(slot, generation: generation, kind: Self.finish)
        case .wake(let team): bits = Self.pack(team, kind: Self.wake)
        }
    }

    /// The event this word holds.
    @inline(__always)
    var event: SimulationEvent {
        let number = Int(truncatingIfNeeded: bits &>> 3)
        let slot = number & (Self.slotLimit - 1)
        let generation = UInt32(truncatingIfNeeded: bits &>> 32)
        switch bits & 7 {
        case Self.arrival: return .arrival(index: number)
        case Self.timer: return .timer(id: number)
        case Self.claim: return .claim(slot: slot, generation: generation)
        case Self.finish: return .finish(slot: slot, generation: generation)
        default: return .wake(team: number)
        }
    }

    @inline(__always)
    private static func pack(_ number: Int, kind: UInt64) -> UInt64 {
        precondition(number >= 0 && number < 1 << 61, "event number \(number) is out of range")
        return UInt64(number) &<< 3 | kind
    }

    @inline(__always)
    private static func pack(_ slot: Int, generation: UInt32, kind: UInt64) -> UInt64 {
        precondition(slot >= 0 && slot < slotLimit, "work slot \(slot) is out of range")
        return UInt64(generation) &<< 32 | UInt64(slot) &<< 3 | kind
    }
}

/// A simulated run that went out of bounds.
public struct SimulationError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
