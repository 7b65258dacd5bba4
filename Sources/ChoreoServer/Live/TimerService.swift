import ChoreoEngine

/// Fires timers and ends expired leases while a live engine serves: sleeps until the next
/// thing comes due (at most `pollInterval`, so that what another process on the same
/// database scheduled is seen too), then catches the engine up.
///
/// ```swift
/// let timers = Task { await TimerService(engine: live).run() }
/// // … serve …
/// timers.cancel()
/// ```
public struct TimerService: Sendable {
    public let engine: LiveEngine
    /// The longest sleep between two looks at the database.
    public let pollInterval: Duration

    public init(engine: LiveEngine, pollInterval: Duration = .seconds(1)) {
        precondition(pollInterval > .zero, "the service must wake up")
        self.engine = engine
        self.pollInterval = pollInterval
    }

    /// Runs until the task running it is cancelled.
    public func run() async {
        while !Task.isCancelled {
            await engine.catchUp()
            let next = await engine.nextDueTime()
            let now = engine.clock.now
            var wait = pollInterval
            // Something still due after catching up (past the round limit, or a claim that
            // cannot be released) waits for the next poll rather than spinning.
            if let next, next > now { wait = min(wait, .microseconds(next - now)) }
            // Woken early by cancellation: the loop's condition ends the service.
            try? await Task.sleep(for: wait)
        }
    }
}
