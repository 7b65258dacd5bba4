/// History events as JSON-like values: what `workflow.history` yields and what JSON Lines
/// timelines print.
extension HistoryEvent {
    /// The event's name in JSON (`step_completed`).
    public var name: String {
        switch kind {
        case .workflowStarted: return "workflow_started"
        case .taskOffered: return "task_offered"
        case .taskClaimed: return "task_claimed"
        case .taskReleased: return "task_released"
        case .taskWithdrawn: return "task_withdrawn"
        case .stepCompleted: return "step_completed"
        case .stepFailed: return "step_failed"
        case .conditionEvaluated: return "condition_evaluated"
        case .approvalWaiting: return "approval_waiting"
        case .approvalDecided: return "approval_decided"
        case .approvalTimedOut: return "approval_timed_out"
        case .containerStarted: return "step_started"
        case .containerFinished: return "step_finished"
        case .retryScheduled: return "retry_scheduled"
        case .escalated: return "escalated"
        case .escalationDecided: return "escalation_decided"
        case .handlerStarted: return "handler_started"
        case .notificationSent: return "notification_sent"
        case .workflowFinished: return "workflow_finished"
        }
    }

    /// The event as an object: `time` (ISO 8601), `event`, `step` (id) and its details.
    public func value(program: WorkflowProgram) -> Value {
        var object = [String: Value](minimumCapacity: 8)
        object["time"] = .string(CivilTime(timestamp: time).isoText)
        object["event"] = .string(name)
        if let step { object["step"] = .string(program.name(of: step)) }
        for (key, value) in details { object[key] = value }
        return .object(object)
    }

    /// The event's own fields, beyond time, name and step.
    public var details: [(String, Value)] {
        switch kind {
        case .workflowStarted, .containerStarted:
            return []
        case .taskOffered(_, let task, let team, let attempt):
            return [
                ("task", .string(TeamTask.id(task))), ("team", .string(team)),
                ("attempt", .number(Double(attempt))),
            ]
        case .taskClaimed(_, let task, let team, let agent):
            return [
                ("task", .string(TeamTask.id(task))), ("team", .string(team)),
                ("agent", .string(agent)),
            ]
        case .taskReleased(_, let task, let team), .taskWithdrawn(_, let task, let team):
            return [("task", .string(TeamTask.id(task))), ("team", .string(team))]
        case .stepCompleted(_, let outputs, let outcome):
            return [("outputs", outputs), ("outcome", .string(outcome.rawValue))]
        case .stepFailed(_, let errorType, let message, let attempt):
            return [
                ("error_type", .string(errorType)), ("message", .string(message)),
                ("attempt", .number(Double(attempt))),
            ]
        case .conditionEvaluated(_, let result, let explanation):
            return [
                ("result", .bool(result)),
                ("explanation", explanation.map { .string($0.text) } ?? .null),
            ]
        case .approvalWaiting(_, let approvers):
            return [("approvers", .list(approvers.map(\.value)))]
        case .approvalDecided(_, let team, let role, let decision):
            return [
                ("team", .string(team)), ("role", role.map(Value.string) ?? .null),
                ("decision", .string(decision.rawValue)),
            ]
        case .approvalTimedOut(_, let onTimeout):
            return [("on_timeout", .string(onTimeout.rawValue))]
        case .containerFinished(_, let status):
            return [("status", .string(status.rawValue))]
        case .retryScheduled(_, let attempt, let at, let errorType):
            return [
                ("attempt", .number(Double(attempt))),
                ("at", .string(CivilTime(timestamp: at).isoText)),
                ("error_type", .string(errorType)),
            ]
        case .escalated(_, let task, let team, let errorType):
            return [
                ("task", .string(TeamTask.id(task))), ("team", .string(team)),
                ("error_type", .string(errorType)),
            ]
        case .escalationDecided(_, let team, let decision):
            return [("team", .string(team)), ("decision", .string(decision.rawValue))]
        case .handlerStarted(let errorType, let action, _):
            return [("error_type", .string(errorType)), ("action", .string(action))]
        case .notificationSent(let recipients, let errorType, _, let message):
            return [
                ("recipients", .list(recipients.map(Value.string))),
                ("error_type", .string(errorType)), ("message", .string(message)),
            ]
        case .workflowFinished(let status):
            return [("status", .string(status.rawValue))]
        }
    }
}

extension Approver {
    /// `{team, role}` as a value.
    public var value: Value {
        .object(["team": .string(team), "role": role.map(Value.string) ?? .null])
    }
}
