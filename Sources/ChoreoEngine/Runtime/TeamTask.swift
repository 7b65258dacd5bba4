/// A unit of work or decision waiting for a team: what `tasks(team:)` lists and what
/// agents claim, complete, fail and decide.
///
/// What the task was offered with never changes afterwards (`TaskOffer`, read-only here);
/// what changes later (status, claim, end, output) is stored beside it. What every task
/// offered at one place of a workflow has in common (step, team, role, action) is one
/// shared object, the program's `TaskSite`, so that offering a task retains one reference
/// instead of four strings.
///
/// The offer is stored inline, not boxed: the engine and the simulator read tasks where
/// the store keeps them (`TaskSummary`) and seldom copy one, so a box shared by copies
/// saved little and cost an allocation and a free per task.
public struct TeamTask: Sendable, Hashable, Codable {
    /// The number in `task-<n>`.
    public var number: Int
    /// The fields fixed at the offer.
    @usableFromInline let offer: TaskOffer
    public var status: TaskStatus
    public var claimedBy: String?
    public var claimedAt: Microseconds?
    public var endedAt: Microseconds?
    public var output: Value?

    /// Pending task `number`, just offered with `offer`.
    ///
    /// Made by the memberwise initializer: a task built by an initializer of its own was
    /// copied on its way out and the original dropped (the optimizer keeps the copy for a
    /// value this large), retaining and releasing its every field, about 300 instructions
    /// an offer. The other initializers are in an extension, so that the memberwise one
    /// exists.
    static func pending(_ number: Int, offer: consuming TaskOffer) -> TeamTask {
        TeamTask(
            number: number, offer: offer, status: .pending, claimedBy: nil, claimedAt: nil,
            endedAt: nil, output: nil)
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

extension TeamTask {
    /// The task claimed by `agent` at `time`: what a store's claim changes.
    @inlinable
    public mutating func claim(by agent: String, at time: Microseconds) {
        status = .claimed
        claimedBy = agent
        claimedAt = time
    }

    /// The task closed with `status` at `time`, with `output`: what completing or failing
    /// work changes.
    @inlinable
    public mutating func close(_ status: TaskStatus, at time: Microseconds, output: Value) {
        self.status = status
        endedAt = time
        self.output = output
    }
}

extension TeamTask {
    /// A task with every field given: what a store reads back.
    public init(
        number: Int, instance: Int, instanceID: String, step: Int, stepID: String,
        kind: TaskKind, team: String, role: String?, action: String, inputs: Value,
        status: TaskStatus, claimedBy: String?, offeredAt: Microseconds,
        claimedAt: Microseconds?, endedAt: Microseconds?, deadline: Microseconds?,
        attempt: Int, output: Value?
    ) {
        let site = TaskSite(
            step: step, stepID: stepID, kind: kind, team: team, role: role, action: action)
        let offer = TaskOffer(
            instance: instance, instanceID: instanceID, site: site, inputs: OfferedInputs(inputs),
            offeredAt: offeredAt, deadline: deadline, attempt: attempt)
        self.init(
            number: number, offer: offer, status: status, claimedBy: claimedBy,
            claimedAt: claimedAt, endedAt: endedAt, output: output)
    }
}

// MARK: - The fields fixed at the offer

extension TeamTask {
    /// The serial number of the task's instance.
    public var instance: Int { offer.instance }
    /// The task's instance id.
    public var instanceID: String { offer.instanceID }
    /// Index of the step in the workflow definition; inlinable, as `kind` is, so that the
    /// simulator reads it where the task is (called, it copied the whole task first).
    @inlinable public var step: Int { offer.site.step }
    /// The step's id.
    public var stepID: String { offer.site.stepID }
    /// Work, approval or escalation.
    @inlinable public var kind: TaskKind { offer.site.kind }
    /// The team whose queue the task is on.
    public var team: String { offer.site.team }
    /// For approvals: the role the approver must hold, if any.
    public var role: String? { offer.site.role }
    /// What the team is asked to do.
    public var action: String { offer.site.action }
    /// The step's inputs as resolved when the task was offered.
    public var inputs: Value { offer.inputs.value }
    /// The inputs as offered (built when read if they are deferred).
    var offeredInputs: OfferedInputs { offer.inputs }
    /// For an approval: its step's outputs once this task's approver approves.
    var approvedOutputs: Value { offer.site.approvedOutputs }
    /// When the task was offered.
    public var offeredAt: Microseconds { offer.offeredAt }
    /// When the task times out, if it does.
    public var deadline: Microseconds? { offer.deadline }
    /// 1 for the first attempt at the step, 2 for the first retry, …
    public var attempt: Int { offer.attempt }
}

// MARK: - Coding as if every field were stored

extension TeamTask {
    /// The fields in the order they have always been encoded; the offered inputs encode
    /// under `inputs`, as a value.
    private enum CodingKeys: String, CodingKey {
        case number, instance, instanceID, step, stepID, kind, team, role, action, inputs
        case status, claimedBy, offeredAt, claimedAt, endedAt, deadline, attempt, output
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let site = TaskSite(
            step: try container.decode(Int.self, forKey: .step),
            stepID: try container.decode(String.self, forKey: .stepID),
            kind: try container.decode(TaskKind.self, forKey: .kind),
            team: try container.decode(String.self, forKey: .team),
            role: try container.decodeIfPresent(String.self, forKey: .role),
            action: try container.decode(String.self, forKey: .action))
        let offer = TaskOffer(
            instance: try container.decode(Int.self, forKey: .instance),
            instanceID: try container.decode(String.self, forKey: .instanceID),
            site: site,
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
        let site = offer.site
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .number)
        try container.encode(offer.instance, forKey: .instance)
        try container.encode(offer.instanceID, forKey: .instanceID)
        try container.encode(site.step, forKey: .step)
        try container.encode(site.stepID, forKey: .stepID)
        try container.encode(site.kind, forKey: .kind)
        try container.encode(site.team, forKey: .team)
        try container.encodeIfPresent(site.role, forKey: .role)
        try container.encode(site.action, forKey: .action)
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
/// Opaque outside the engine: a store receives one with each new task
/// (`Store.insertTask(_:offer:)`).
public struct TaskOffer: Sendable, Hashable {
    var instance: Int
    var instanceID: String
    @usableFromInline var site: TaskSite
    var inputs: OfferedInputs
    var offeredAt: Microseconds
    var deadline: Microseconds?
    var attempt: Int
}

/// Where in a workflow a task is offered, and to whom: the fields that every task offered
/// there shares. A program makes one per task step, approver and escalation, and every
/// offer there refers to it; a task read back from a store gets its own.
@usableFromInline
final class TaskSite: Sendable, Hashable {
    /// Index of the step in the workflow definition.
    @usableFromInline let step: Int
    let stepID: String
    @usableFromInline let kind: TaskKind
    let team: String
    let role: String?
    let action: String
    /// For an approval: its step's outputs once this approver approves, made once here
    /// rather than at every approval; `null` for other sites.
    let approvedOutputs: Value

    init(step: Int, stepID: String, kind: TaskKind, team: String, role: String?, action: String) {
        self.step = step
        self.stepID = stepID
        self.kind = kind
        self.team = team
        self.role = role
        self.action = action
        approvedOutputs =
            kind == .approval ? ["decision": "approve", "approved_by": .string(team)] : .null
    }

    @usableFromInline static func == (left: TaskSite, right: TaskSite) -> Bool {
        left === right
            || (left.step == right.step && left.stepID == right.stepID && left.kind == right.kind
                && left.team == right.team && left.role == right.role
                && left.action == right.action)
    }

    @usableFromInline func hash(into hasher: inout Hasher) {
        hasher.combine(step)
        hasher.combine(stepID)
        hasher.combine(kind)
        hasher.combine(team)
        hasher.combine(role)
        hasher.combine(action)
    }
}
