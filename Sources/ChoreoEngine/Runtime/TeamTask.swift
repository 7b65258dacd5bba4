/// A unit of work or decision waiting for a team: what `tasks(team:)` lists and what
/// agents claim, complete, fail and decide.
///
/// What the task was offered with never changes afterwards, so it lives in one shared
/// immutable object (`SharedTaskOffer`): copying a task retains that object instead of
/// a dozen strings and values. The properties read and write through it; writing one
/// replaces the object, so copies never see each other's changes.
public struct TeamTask: Sendable, Hashable, Codable {
    /// The number in `task-<n>`.
    public var number: Int
    /// The fields fixed at the offer, shared by every copy of the task.
    private var shared: SharedTaskOffer
    public var status: TaskStatus
    public var claimedBy: String?
    public var claimedAt: Microseconds?
    public var endedAt: Microseconds?
    public var output: Value?

    /// A task with every field given: what the engine offers and a store reads back.
    public init(
        number: Int, instance: Int, instanceID: String, step: Int, stepID: String,
        kind: TaskKind, team: String, role: String?, action: String, inputs: Value,
        status: TaskStatus, claimedBy: String?, offeredAt: Microseconds,
        claimedAt: Microseconds?, endedAt: Microseconds?, deadline: Microseconds?,
        attempt: Int, output: Value?
    ) {
        let offer = TaskOffer(
            instance: instance, instanceID: instanceID, step: step, stepID: stepID, kind: kind,
            team: team, role: role, action: action, inputs: OfferedInputs(inputs),
            offeredAt: offeredAt, deadline: deadline, attempt: attempt)
        self.init(
            number: number, offer: offer, status: status, claimedBy: claimedBy,
            claimedAt: claimedAt, endedAt: endedAt, output: output)
    }

    /// A task offered with `offer`.
    init(
        number: Int, offer: TaskOffer, status: TaskStatus, claimedBy: String?,
        claimedAt: Microseconds?, endedAt: Microseconds?, output: Value?
    ) {
        self.number = number
        self.shared = SharedTaskOffer(offer)
        self.status = status
        self.claimedBy = claimedBy
        self.claimedAt = claimedAt
        self.endedAt = endedAt
        self.output = output
    }

    /// Changes the fields fixed at the offer in a new shared object, leaving other copies be.
    private mutating func changeOffer(_ change: (inout TaskOffer) -> Void) {
        var offer = shared.offer
        change(&offer)
        shared = SharedTaskOffer(offer)
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

// MARK: - The fields fixed at the offer

extension TeamTask {
    /// The serial number of the task's instance.
    public var instance: Int {
        get { shared.offer.instance }
        set { changeOffer { $0.instance = newValue } }
    }
    /// The task's instance id.
    public var instanceID: String {
        get { shared.offer.instanceID }
        set { changeOffer { $0.instanceID = newValue } }
    }
    /// Index of the step in the workflow definition.
    public var step: Int {
        get { shared.offer.step }
        set { changeOffer { $0.step = newValue } }
    }
    /// The step's id.
    public var stepID: String {
        get { shared.offer.stepID }
        set { changeOffer { $0.stepID = newValue } }
    }
    /// Work, approval or escalation.
    public var kind: TaskKind {
        get { shared.offer.kind }
        set { changeOffer { $0.kind = newValue } }
    }
    /// The team whose queue the task is on.
    public var team: String {
        get { shared.offer.team }
        set { changeOffer { $0.team = newValue } }
    }
    /// For approvals: the role the approver must hold, if any.
    public var role: String? {
        get { shared.offer.role }
        set { changeOffer { $0.role = newValue } }
    }
    /// What the team is asked to do.
    public var action: String {
        get { shared.offer.action }
        set { changeOffer { $0.action = newValue } }
    }
    /// The step's inputs as resolved when the task was offered.
    public var inputs: Value {
        get { shared.offer.inputs.value }
        set { changeOffer { $0.inputs = OfferedInputs(newValue) } }
    }
    /// The inputs as offered (built when read if they are deferred).
    var offeredInputs: OfferedInputs {
        get { shared.offer.inputs }
        set { changeOffer { $0.inputs = newValue } }
    }
    /// When the task was offered.
    public var offeredAt: Microseconds {
        get { shared.offer.offeredAt }
        set { changeOffer { $0.offeredAt = newValue } }
    }
    /// When the task times out, if it does.
    public var deadline: Microseconds? {
        get { shared.offer.deadline }
        set { changeOffer { $0.deadline = newValue } }
    }
    /// 1 for the first attempt at the step, 2 for the first retry, …
    public var attempt: Int {
        get { shared.offer.attempt }
        set { changeOffer { $0.attempt = newValue } }
    }
}

// MARK: - Equality and coding as if every field were stored

extension TeamTask {
    public static func == (left: TeamTask, right: TeamTask) -> Bool {
        left.number == right.number && left.status == right.status
            && left.claimedBy == right.claimedBy && left.claimedAt == right.claimedAt
            && left.endedAt == right.endedAt && left.output == right.output
            && (left.shared === right.shared || left.shared.offer == right.shared.offer)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(number)
        hasher.combine(shared.offer)
        hasher.combine(status)
        hasher.combine(claimedBy)
        hasher.combine(claimedAt)
        hasher.combine(endedAt)
        hasher.combine(output)
    }

    /// The fields in the order they have always been encoded; the offered inputs encode
    /// under `inputs`, as a value.
    private enum CodingKeys: String, CodingKey {
        case number, instance, instanceID, step, stepID, kind, team, role, action, inputs
        case status, claimedBy, offeredAt, claimedAt, endedAt, deadline, attempt, output
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let offer = TaskOffer(
            instance: try container.decode(Int.self, forKey: .instance),
            instanceID: try container.decode(String.self, forKey: .instanceID),
            step: try container.decode(Int.self, forKey: .step),
            stepID: try container.decode(String.self, forKey: .stepID),
            kind: try container.decode(TaskKind.self, forKey: .kind),
            team: try container.decode(String.self, forKey: .team),
            role: try container.decodeIfPresent(String.self, forKey: .role),
            action: try container.decode(String.self, forKey: .action),
            inputs: try container.decode(OfferedInputs.self, forKey: .inputs),
            offeredAt: try container.decode(Microseconds.self, forKey: .offeredAt),
            deadline: try container.decodeIfPresent(Microseconds.self, forKey: .deadline),
            attempt: try container.decode(Int.self, forKey: .attempt))
        self.init(
            number: try container.decode(Int.self, forKey: .number), offer: offer,
            status: try container.decode(TaskStatus.self, forKey: .status),
            claimedBy: try container.decodeIfPresent(String.self, forKey: .claimedBy),
            claimedAt: try container.decodeIfPresent(Microseconds.self, forKey: .claimedAt),
            endedAt: try container.decodeIfPresent(Microseconds.self, forKey: .endedAt),
            output: try container.decodeIfPresent(Value.self, forKey: .output))
    }

    public func encode(to encoder: any Encoder) throws {
        let offer = shared.offer
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .number)
        try container.encode(offer.instance, forKey: .instance)
        try container.encode(offer.instanceID, forKey: .instanceID)
        try container.encode(offer.step, forKey: .step)
        try container.encode(offer.stepID, forKey: .stepID)
        try container.encode(offer.kind, forKey: .kind)
        try container.encode(offer.team, forKey: .team)
        try container.encodeIfPresent(offer.role, forKey: .role)
        try container.encode(offer.action, forKey: .action)
        try container.encode(offer.inputs, forKey: .inputs)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(claimedBy, forKey: .claimedBy)
        try container.encode(offer.offeredAt, forKey: .offeredAt)
        try container.encodeIfPresent(claimedAt, forKey: .claimedAt)
        try container.encodeIfPresent(endedAt, forKey: .endedAt)
        try container.encodeIfPresent(offer.deadline, forKey: .deadline)
        try container.encode(offer.attempt, forKey: .attempt)
        try container.encodeIfPresent(output, forKey: .output)
    }
}

/// What a task was offered with: the fields of `TeamTask` that never change after the offer.
struct TaskOffer: Sendable, Hashable {
    var instance: Int
    var instanceID: String
    var step: Int
    var stepID: String
    var kind: TaskKind
    var team: String
    var role: String?
    var action: String
    var inputs: OfferedInputs
    var offeredAt: Microseconds
    var deadline: Microseconds?
    var attempt: Int
}

/// One task's `TaskOffer`, shared by every copy of the task so that a copy retains one
/// object. Immutable: changing a field makes a new one.
final class SharedTaskOffer: Sendable {
    let offer: TaskOffer

    init(_ offer: TaskOffer) {
        self.offer = offer
    }
}
