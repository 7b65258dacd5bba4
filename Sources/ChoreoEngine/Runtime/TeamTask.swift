/// A unit of work or decision waiting for a team: what `tasks(team:)` lists and what
/// agents claim, complete, fail and decide.
public struct TeamTask: Sendable, Hashable {
    /// The number in `task-<n>`.
    public var number: Int
    public var instance: Int
    public var instanceID: String
    /// Index of the step in the workflow definition.
    public var step: Int
    public var stepID: String
    public var kind: TaskKind
    public var team: String
    /// For approvals: the role the approver must hold, if any.
    public var role: String?
    public var action: String
    /// The step's inputs as resolved when the task was offered.
    public var inputs: Value
    public var status: TaskStatus
    public var claimedBy: String?
    public var offeredAt: Microseconds
    public var claimedAt: Microseconds?
    public var endedAt: Microseconds?
    public var deadline: Microseconds?
    /// 1 for the first attempt at the step, 2 for the first retry, …
    public var attempt: Int
    public var output: Value?

    /// `task-<n>`.
    public var id: String { TeamTask.id(number) }

    /// The public identifier of task number `number`.
    public static func id(_ number: Int) -> String { "task-\(number)" }

    /// The task number in `task-<n>`, or `nil` for anything else.
    public static func number(fromID id: String) -> Int? {
        guard id.hasPrefix("task-"), let number = Int(id.dropFirst(5)), number > 0 else {
            return nil
        }
        return number
    }
}
