import ChoreoEngine
import Foundation

/// The wall clock as an `EngineClock`: what live mode hands the engine.
///
/// The engine itself never reads the wall clock; the live wrapper gives it this one, the
/// simulator a virtual clock, tests a `ManualClock`.
public final class SystemClock: EngineClock, @unchecked Sendable {
    public init() {}

    /// Microseconds since the Unix epoch, now.
    public var now: Microseconds {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Microseconds(spec.tv_sec) * Durations.second + Microseconds(spec.tv_nsec / 1_000)
    }
}
