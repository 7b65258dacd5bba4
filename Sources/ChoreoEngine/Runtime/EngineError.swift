/// A command the engine refused. Nothing changed.
public struct EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why, for programs.
    public enum Code: String, Sendable, Hashable {
        case unknownWorkflow = "unknown_workflow"
        case invalidInputs = "invalid_inputs"
        case unknownInstance = "unknown_instance"
        case unknownTask = "unknown_task"
        case wrongTeam = "wrong_team"
        case notApprover = "not_approver"
        case alreadyClaimed = "already_claimed"
        case notClaimed = "not_claimed"
        case taskClosed = "task_closed"
        case missingOutput = "missing_output"
        case invalidDecision = "invalid_decision"
        case wrongKind = "wrong_kind"
        case instanceFinished = "instance_finished"
        case limitExceeded = "limit_exceeded"
    }

    public var code: Code
    /// A sentence for people.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
