/// What a command asks of the world outside the engine. The driver (simulator, MCP
/// server, tests) reads them with `Engine.drainEffects(_:)` after each command.
public enum Effect: Sendable, Hashable {
    /// A task is on `team`'s queue.
    case taskOffered(task: Int, team: String)
    /// A task left its team's queue without being done (timeout, cancellation, the
    /// instance ended); an agent working on it can stop.
    case taskWithdrawn(task: Int, team: String)
    /// Call `Engine.timerFired(_:)` with `timer` at `at`.
    case timerSet(timer: Int, at: Microseconds)
    /// The timer is no longer wanted; firing it anyway is harmless.
    case timerCancelled(timer: Int)
    /// Tell `recipients` about an error.
    case notification(instance: Int, recipients: [String], message: String)
    /// The instance ended with `status`.
    case instanceFinished(instance: Int, status: InstanceStatus)
}
