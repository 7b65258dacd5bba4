import ChoreoEngine

/// History events read back from their `workflow_events` columns: the time, the event's
/// name, its step's id and its `data` determine it, so a stored event needs no second copy
/// as the engine's `Codable` record (schema v7).
///
/// An event keeps its record only where they do not: one about a synthetic node (the body
/// or a compensation sequence, whose names are not unique), or with a time the tables'
/// text cannot show exactly (before year 0 or after 9999). `StoredEventRule.needsRecord`
/// says which, and a test rebuilds every kind of event from its columns.
enum StoredEventRule {
    /// The times `StoreTime.text` and `CivilTime.isoText` write exactly.
    private static let exactTimes =
        CivilTime(year: 0, month: 1, day: 1)
        .timestamp..<CivilTime(year: 10_000, month: 1, day: 1).timestamp

    /// Whether `event` must be stored with its record to read back equal.
    static func needsRecord(_ event: HistoryEvent, program: WorkflowProgram) -> Bool {
        if let step = event.step, step >= program.stepCount { return true }
        if !exactTimes.contains(event.time) { return true }
        if case .retryScheduled(_, _, let at, _) = event.kind, !exactTimes.contains(at) {
            return true
        }
        return false
    }
}

extension HistoryEvent {
    /// The event whose `workflow_events` columns are these (`time` as the tables write it,
    /// `step` a step's id), or `nil` if they describe none.
    init?(
        time text: String, name: String, step stepID: String?, data: Value,
        program: WorkflowProgram
    ) {
        guard let time = StoreTime.parse(text), case .object(let members) = data else {
            return nil
        }
        var step: Int?
        if let stepID {
            guard let index = program.definition.index(ofStep: stepID) else { return nil }
            step = index
        }
        let fields = StoredEventFields(members: members)
        guard let kind = fields.kind(name: name, step: step) else { return nil }
        self.init(time: time, kind: kind)
    }
}

/// The members of an event's `data` object, read by the names `HistoryEvent.details` gives.
private struct StoredEventFields {
    let members: [String: Value]

    func kind(name: String, step: Int?) -> HistoryEvent.Kind? {
        switch name {
        case "workflow_started": return .workflowStarted
        case "workflow_finished":
            return enumeration("status").map { .workflowFinished(status: $0) }
        case "handler_started":
            guard let errorType = string("error_type"), let action = string("action") else {
                return nil
            }
            return .handlerStarted(errorType: errorType, action: action, failedStep: step)
        default:
            guard let step else { return nil }
            return stepKind(name: name, step: step)
        }
    }

    /// The kinds about a step.
    private func stepKind(name: String, step: Int) -> HistoryEvent.Kind? {
        switch name {
        case "task_offered":
            guard let task, let team = string("team"), let attempt = integer("attempt") else {
                return nil
            }
            return .taskOffered(step: step, task: task, team: team, attempt: attempt)
        case "task_claimed":
            guard let task, let team = string("team"), let agent = string("agent") else {
                return nil
            }
            return .taskClaimed(step: step, task: task, team: team, agent: agent)
        case "task_released", "task_withdrawn":
            guard let task, let team = string("team") else { return nil }
            return name == "task_released"
                ? .taskReleased(step: step, task: task, team: team)
                : .taskWithdrawn(step: step, task: task, team: team)
        case "step_completed":
            guard let outputs = members["outputs"], let outcome: Outcome = enumeration("outcome")
            else { return nil }
            return .stepCompleted(step: step, outputs: outputs, outcome: outcome)
        case "step_failed":
            guard let errorType = string("error_type"), let message = string("message"),
                let attempt = integer("attempt")
            else { return nil }
            return .stepFailed(step: step, errorType: errorType, message: message, attempt: attempt)
        case "condition_evaluated":
            guard case .bool(let result) = members["result"],
                let explanation = optionalString("explanation")
            else { return nil }
            return .conditionEvaluated(
                step: step, result: result, explanation: explanation.map { .init(text: $0) })
        case "step_started": return .containerStarted(step: step)
        case "step_finished":
            return enumeration("status").map { .containerFinished(step: step, status: $0) }
        default:
            return decisionKind(name: name, step: step)
        }
    }

    /// Approvals, retries, escalations and notifications.
    private func decisionKind(name: String, step: Int) -> HistoryEvent.Kind? {
        switch name {
        case "approval_waiting":
            guard case .list(let items) = members["approvers"] else { return nil }
            var approvers: [Approver] = []
            for item in items {
                guard case .object(let approver) = item else { return nil }
                let fields = StoredEventFields(members: approver)
                guard let team = fields.string("team"), let role = fields.optionalString("role")
                else { return nil }
                approvers.append(Approver(team: team, role: role))
            }
            return .approvalWaiting(step: step, approvers: approvers)
        case "approval_decided":
            guard let team = string("team"), let role = optionalString("role"),
                let decision: Decision = enumeration("decision")
            else { return nil }
            return .approvalDecided(step: step, team: team, role: role, decision: decision)
        case "approval_timed_out":
            return enumeration("on_timeout").map { .approvalTimedOut(step: step, onTimeout: $0) }
        case "retry_scheduled":
            guard let attempt = integer("attempt"), let at = string("at").flatMap(isoTime),
                let errorType = string("error_type")
            else { return nil }
            return .retryScheduled(step: step, attempt: attempt, at: at, errorType: errorType)
        case "escalated":
            guard let task, let team = string("team"), let errorType = string("error_type")
            else { return nil }
            return .escalated(step: step, task: task, team: team, errorType: errorType)
        case "escalation_decided":
            guard let team = string("team"), let decision: Decision = enumeration("decision")
            else { return nil }
            return .escalationDecided(step: step, team: team, decision: decision)
        case "notification_sent":
            guard case .list(let items) = members["recipients"],
                let errorType = string("error_type"),
                let message = string("message")
            else { return nil }
            var recipients: [String] = []
            for item in items {
                guard case .string(let recipient) = item else { return nil }
                recipients.append(recipient)
            }
            return .notificationSent(
                recipients: recipients, errorType: errorType, step: step, message: message)
        default:
            return nil
        }
    }

    func string(_ key: String) -> String? {
        guard case .string(let text) = members[key] else { return nil }
        return text
    }

    /// A string or `null`; `nil` when the member is missing or something else.
    func optionalString(_ key: String) -> String?? {
        switch members[key] {
        case .string(let text): return .some(text)
        case .null: return .some(nil)
        default: return nil
        }
    }

    func integer(_ key: String) -> Int? {
        guard case .number(let number) = members[key] else { return nil }
        return Int(exactly: number)
    }

    func enumeration<T: RawRepresentable<String>>(_ key: String) -> T? {
        string(key).flatMap(T.init(rawValue:))
    }

    /// `task-<n>`'s number.
    var task: Int? {
        guard let id = string("task"), id.hasPrefix("task-") else { return nil }
        return Int(id.dropFirst(5))
    }

    /// `2025-01-22T10:00:00.000090Z`, as `CivilTime.isoText` writes it, to microseconds.
    private func isoTime(_ text: String) -> Microseconds? {
        guard text.count > 11, text.hasSuffix("Z") else { return nil }
        var civil = text.dropLast()
        let separator = civil.index(civil.startIndex, offsetBy: 10)
        guard civil[separator] == "T" else { return nil }
        civil.replaceSubrange(separator...separator, with: " ")
        return StoreTime.parse(String(civil))
    }
}
