import ChoreoEngine

/// Time in live mode: timers that came due and claims that outlived their lease are
/// handled before every command and by the timer service in between.
extension LiveEngine {
    /// What one `catchUp()` did.
    public struct CatchUp: Sendable, Hashable {
        /// Timers fired, in the order they were due.
        public var timersFired = 0
        /// Tasks given back to their queues because their lease ran out.
        public var claimsReleased: [String] = []
    }

    /// Rounds of firing that one `catchUp()` makes at most: a timer set by a fired timer
    /// can itself be due (a retry without backoff), so firing repeats, within this bound.
    public static let catchUpRounds = 100

    /// Fires every timer due by now, oldest first, and gives every claim older than the
    /// lease back to its team's queue. After a restart, this is what fires the timers
    /// that came due while nothing ran.
    @discardableResult
    public func catchUp() -> CatchUp {
        var done = CatchUp()
        for _ in 0..<Self.catchUpRounds {
            let now = clock.now
            var progressed = false
            for timer in store.overdueTimers(now: now) {
                engine.timerFired(timer.id)
                drain()
                done.timersFired += 1
                progressed = true
            }
            for task in store.tasksClaimed(atOrBefore: now - lease) {
                do {
                    // Only the claim read here: another process may have released it and
                    // another agent claimed the task again since.
                    try command { () throws(EngineError) in
                        try engine.release(task: task.number, claimedAt: task.claimedAt)
                    }
                } catch {
                    continue  // A timer fired above may have closed the task already.
                }
                log(
                    "\(task.id) released: claimed by \(task.claimedBy ?? "?") longer than the lease"
                )
                done.claimsReleased.append(task.id)
                progressed = true
            }
            // Only what fired or was released can make more come due at once.
            if !progressed { return done }
        }
        log("catch-up stopped after \(Self.catchUpRounds) rounds; the rest waits for the next")
        return done
    }

    /// When something next comes due (a timer, or the end of a claim's lease), if anything
    /// will.
    public func nextDueTime() -> Microseconds? {
        let timer = store.nextTimerAt
        let lease = store.earliestClaimAt.map { $0 + self.lease }
        switch (timer, lease) {
        case (let timer?, let lease?): return min(timer, lease)
        default: return timer ?? lease
        }
    }

    /// Reads the effects of the last command: everything worth telling goes to the log.
    /// Timers need nothing here: they are in the database, where `catchUp()` finds them.
    func drain() {
        engine.drainEffects { effect in
            switch effect {
            case .taskOffered(let task, let team):
                log("\(TeamTask.id(task)) offered to \(team)")
            case .taskWithdrawn(let task, let team):
                log("\(TeamTask.id(task)) withdrawn from \(team)")
            case .notification(let instance, let recipients, let message):
                let id = engine.instance(serial: instance)?.id ?? "instance \(instance)"
                log("\(id): notify \(recipients.joined(separator: ", ")): \(message)")
            case .instanceFinished(let instance, let status):
                let id = engine.instance(serial: instance)?.id ?? "instance \(instance)"
                log("\(id) ended \(status.rawValue)")
            case .timerSet, .timerCancelled:
                break
            }
        }
    }
}
