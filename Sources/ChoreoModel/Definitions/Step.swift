/// One step of a workflow, with its place in the tree.
public struct Step: Sendable, Hashable {
    /// Unique in the whole workflow, handler steps included.
    public var id: String
    /// Position in `WorkflowDefinition.steps`.
    public var index: Int
    /// The enclosing step (condition, parallel or sequence), or `nil` at the top level and
    /// at the top of a handler's compensation sequence.
    public var parent: Int?
    public var kind: Kind
    /// Where the step starts in its file.
    public var location: SourceLocation
    /// Whether the id was generated (`<parent-id>.<team>`) rather than written.
    public var hasGeneratedID: Bool

    public init(
        id: String, index: Int, parent: Int?, kind: Kind, location: SourceLocation = .start,
        hasGeneratedID: Bool = false
    ) {
        self.id = id
        self.index = index
        self.parent = parent
        self.kind = kind
        self.location = location
        self.hasGeneratedID = hasGeneratedID
    }

    /// What the step does.
    public enum Kind: Sendable, Hashable {
        case task(TaskStep)
        case condition(ConditionStep)
        case approval(ApprovalStep)
        case parallel(ParallelStep)
        case sequence(SequenceStep)
    }

    /// `task`, `condition`, `approval`, `parallel` or `sequence`.
    public var kindName: String {
        switch kind {
        case .task: return "task"
        case .condition: return "condition"
        case .approval: return "approval"
        case .parallel: return "parallel"
        case .sequence: return "sequence"
        }
    }

    /// The steps directly inside this one, in order (both branches for a condition).
    public var children: [Int] {
        switch kind {
        case .task, .approval: return []
        case .condition(let condition): return condition.ifTrue + condition.ifFalse
        case .parallel(let parallel): return parallel.steps
        case .sequence(let sequence): return sequence.steps
        }
    }

    /// The team that does the step: a task's team, an approval's first approver's team.
    public var team: String? {
        switch kind {
        case .task(let task): return task.team
        case .approval(let approval): return approval.approvers.first?.team
        default: return nil
        }
    }
}

/// Work offered to a team: `team` does `action` with `inputs` and returns outputs.
public struct TaskStep: Sendable, Hashable {
    public var team: String
    public var action: String
    /// An object template; resolved when the task is offered.
    public var inputs: Template
    /// Declared outputs: each field the agent must return, visible under its alias too.
    public var outputs: [OutputAlias]
    /// From offer to completion.
    public var timeout: Microseconds?

    public init(
        team: String, action: String, inputs: Template = .object([]),
        outputs: [OutputAlias] = [], timeout: Microseconds? = nil
    ) {
        self.team = team
        self.action = action
        self.inputs = inputs
        self.outputs = outputs
        self.timeout = timeout
    }
}

/// `field: alias` in a task's `outputs:`; either name satisfies it, both are readable.
public struct OutputAlias: Sendable, Hashable {
    public var field: String
    public var alias: String
    public var location: SourceLocation

    public init(field: String, alias: String, location: SourceLocation = .start) {
        self.field = field
        self.alias = alias
        self.location = location
    }
}

/// Runs `ifTrue` or `ifFalse` (each as a sequence) by the truth of `condition`.
public struct ConditionStep: Sendable, Hashable {
    public var condition: Template
    public var ifTrue: [Int]
    public var ifFalse: [Int]

    public init(condition: Template, ifTrue: [Int], ifFalse: [Int]) {
        self.condition = condition
        self.ifTrue = ifTrue
        self.ifFalse = ifFalse
    }
}

/// A decision asked of one or more approvers.
public struct ApprovalStep: Sendable, Hashable {
    public var approvers: [Approver]
    public var message: Template?
    public var timeout: Microseconds?
    public var onTimeout: OnTimeout
    /// How many approvals are needed; the first rejection rejects.
    public var quorum: Int

    public init(
        approvers: [Approver], message: Template? = nil, timeout: Microseconds? = nil,
        onTimeout: OnTimeout = .reject, quorum: Int = 1
    ) {
        self.approvers = approvers
        self.message = message
        self.timeout = timeout
        self.onTimeout = onTimeout
        self.quorum = quorum
    }
}

/// A team, and optionally a role within it, allowed to decide an approval.
public struct Approver: Sendable, Hashable, Codable {
    public var team: String
    public var role: String?

    public init(team: String, role: String? = nil) {
        self.team = team
        self.role = role
    }
}

/// What an approval's timeout decides.
public enum OnTimeout: String, Sendable, Hashable, CaseIterable, Codable {
    case reject, approve, fail
}

/// Children started together.
public struct ParallelStep: Sendable, Hashable {
    public var steps: [Int]
    public var continueOn: ContinueOn

    public init(steps: [Int], continueOn: ContinueOn = .allSuccess) {
        self.steps = steps
        self.continueOn = continueOn
    }
}

/// When a parallel step lets the workflow go on.
public enum ContinueOn: String, Sendable, Hashable, CaseIterable {
    case allSuccess = "all_success"
    case partialSuccess = "partial_success"
    case always
}

/// Children run one after another.
public struct SequenceStep: Sendable, Hashable {
    public var steps: [Int]

    public init(steps: [Int]) {
        self.steps = steps
    }
}
