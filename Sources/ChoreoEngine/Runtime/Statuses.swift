/// The state of a workflow instance.
public enum InstanceStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case pending, running, completed, failed, rejected
    case rolledBack = "rolled_back"
    case timedOut = "timed_out"
    case cancelled

    /// Whether the instance has ended.
    public var isFinal: Bool { self != .pending && self != .running }
}

/// The state of one step in one instance.
public enum StepStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// Not reached yet (or waiting for a retry's backoff or an escalation decision).
    case waiting
    /// A task or approval is on its team's queue.
    case offered
    /// An agent has claimed it.
    case claimed
    /// A container (sequence, parallel, condition) whose children are under way.
    case running
    case completed
    /// Completed with outcome `partial`, or a parallel that tolerated failed children.
    case partial
    case failed
    case skipped
    case rejected
    case timedOut = "timed_out"
    case cancelled

    /// Whether the step has ended.
    public var isFinal: Bool {
        switch self {
        case .waiting, .offered, .claimed, .running: return false
        default: return true
        }
    }

    /// Whether the workflow goes on after a step that ended this way.
    public var letsWorkflowContinue: Bool {
        self == .completed || self == .partial || self == .skipped
    }
}

/// What a team task asks for.
public enum TaskKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Work: complete with outputs or fail with an error type.
    case task
    /// A decision: approve or reject.
    case approval
    /// A decision on a failed step: retry, skip or abort.
    case escalation
}

/// The state of a team task, as the team API and the database show it.
public enum TaskStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case pending, claimed, completed, failed, cancelled

    /// Whether the task still waits for its team.
    @inlinable public var isOpen: Bool { self == .pending || self == .claimed }
}

/// How an agent reports finished work.
public enum Outcome: String, Sendable, Hashable, CaseIterable, Codable {
    case success
    /// Done, with problems (the seed's test_sales: "2 failed scenarios").
    case partial
}

/// A decision on an approval or an escalation task.
public enum Decision: String, Sendable, Hashable, CaseIterable, Codable {
    case approve, reject
    case retry, skip, abort

    /// Whether the decision answers a task of `kind`.
    public func answers(_ kind: TaskKind) -> Bool {
        switch self {
        case .approve, .reject: return kind == .approval
        case .retry, .skip, .abort: return kind == .escalation
        }
    }

    /// The task output of the decision made without a comment, `{"decision": …}`: made
    /// once per decision, not a dictionary built at every decision.
    var output: Value {
        switch self {
        case .approve: Decision.outputs[0]
        case .reject: Decision.outputs[1]
        case .retry: Decision.outputs[2]
        case .skip: Decision.outputs[3]
        case .abort: Decision.outputs[4]
        }
    }

    /// `output` per decision, in declaration order.
    private static let outputs: [Value] = allCases.map { ["decision": .string($0.rawValue)] }
}

/// Error types the engine itself raises.
public enum EngineErrorType {
    /// A task or approval not done within its timeout.
    public static let teamTimeout = "team_timeout"
    /// An approver said no (or an approval timed out with `on_timeout: reject`).
    public static let approvalRejected = "approval_rejected"
    /// An approval timed out with `on_timeout: fail`.
    public static let approvalTimeout = "approval_timeout"
    /// An escalation decided `abort`.
    public static let aborted = "aborted"
}
