/// One entry of an instance's history: what happened, when (engine time).
///
/// Steps are referred to by index into the definition; renderers look up names. Every
/// line of the seed's execution log comes from one of these.
public struct HistoryEvent: Sendable, Hashable, Codable {
    public var time: Microseconds
    public var kind: Kind

    public init(time: Microseconds, kind: Kind) {
        self.time = time
        self.kind = kind
    }

    /// What happened.
    public enum Kind: Sendable, Hashable, Codable {
        case workflowStarted
        /// A task offered to a team (`Step 'x' assigned to team`).
        case taskOffered(step: Int, task: Int, team: String, attempt: Int)
        case taskClaimed(step: Int, task: Int, team: String, agent: String)
        /// A claimed task given back to its team's queue.
        case taskReleased(step: Int, task: Int, team: String)
        /// A task withdrawn from its team (timeout, cancellation, the workflow ended).
        case taskWithdrawn(step: Int, task: Int, team: String)
        /// The agent's returned fields, as returned.
        case stepCompleted(step: Int, outputs: Value, outcome: Outcome)
        case stepFailed(step: Int, errorType: String, message: String, attempt: Int)
        case conditionEvaluated(step: Int, result: Bool, explanation: ConditionExplanation?)
        case approvalWaiting(step: Int, approvers: [Approver])
        case approvalDecided(step: Int, team: String, role: String?, decision: Decision)
        /// The approval's timeout passed; `decision` is what `on_timeout` decided.
        case approvalTimedOut(step: Int, onTimeout: OnTimeout)
        case containerStarted(step: Int)
        case containerFinished(step: Int, status: StepStatus)
        /// Attempt `attempt` of the step will be offered at `at`.
        case retryScheduled(step: Int, attempt: Int, at: Microseconds, errorType: String)
        case escalated(step: Int, task: Int, team: String, errorType: String)
        case escalationDecided(step: Int, team: String, decision: Decision)
        /// A custom handler's compensation sequence starts.
        case handlerStarted(errorType: String, action: String, failedStep: Int?)
        case notificationSent(recipients: [String], errorType: String, step: Int, message: String)
        case workflowFinished(status: InstanceStatus)
    }

    /// The step the event is about, if any.
    public var step: Int? {
        switch kind {
        case .workflowStarted, .workflowFinished: return nil
        case .handlerStarted(_, _, let step): return step
        case .taskOffered(let step, _, _, _), .taskClaimed(let step, _, _, _),
            .taskReleased(let step, _, _), .taskWithdrawn(let step, _, _),
            .stepCompleted(let step, _, _), .stepFailed(let step, _, _, _),
            .conditionEvaluated(let step, _, _), .approvalWaiting(let step, _),
            .approvalDecided(let step, _, _, _), .approvalTimedOut(let step, _),
            .containerStarted(let step), .containerFinished(let step, _),
            .retryScheduled(let step, _, _, _), .escalated(let step, _, _, _),
            .escalationDecided(let step, _, _), .notificationSent(_, _, let step, _):
            return step
        }
    }
}
