/// A unit of work or decision waiting for a team: what `tasks(team:)` lists and what
/// agents claim, complete, fail and decide.
public struct TeamTask: Sendable, Hashable, Codable {
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
    public var inputs: Value {
        get { offeredInputs.value }
        set { offeredInputs = OfferedInputs(newValue) }
    }
    /// The inputs as offered (built when read if they are deferred).
    var offeredInputs: OfferedInputs
    public var status: TaskStatus
    public var claimedBy: String?
    public var offeredAt: Microseconds
    public var claimedAt: Microseconds?
    public var endedAt: Microseconds?
    public var deadline: Microseconds?
    /// 1 for the first attempt at the step, 2 for the first retry, …
    public var attempt: Int
    public var output: Value?

    /// A task with every field given: what the engine offers and a store reads back.
    public init(
        number: Int, instance: Int, instanceID: String, step: Int, stepID: String,
        kind: TaskKind, team: String, role: String?, action: String, inputs: Value,
        status: TaskStatus, claimedBy: String?, offeredAt: Microseconds,
        claimedAt: Microseconds?, endedAt: Microseconds?, deadline: Microseconds?,
        attempt: Int, output: Value?
    ) {
        self.number = number
        self.instance = instance
        self.instanceID = instanceID
        self.step = step
        self.stepID = stepID
        self.kind = kind
        self.team = team
        self.role = role
        self.action = action
        self.offeredInputs = OfferedInputs(inputs)
        self.status = status
        self.claimedBy = claimedBy
        self.offeredAt = offeredAt
        self.claimedAt = claimedAt
        self.endedAt = endedAt
        self.deadline = deadline
        self.attempt = attempt
        self.output = output
    }

    /// The stored fields; the offered inputs encode under `inputs`, as a value.
    private enum CodingKeys: String, CodingKey {
        case number, instance, instanceID, step, stepID, kind, team, role, action
        case offeredInputs = "inputs"
        case status, claimedBy, offeredAt, claimedAt, endedAt, deadline, attempt, output
    }

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
