/// The seed's execution log: one line per event, `[2025-01-22 10:45:13] …`, outputs and
/// parallel offers as indented sub-lines.
public enum ExecutionLog {
    /// The log of one instance.
    public static func render(_ instance: InstanceState) -> String {
        let program = instance.program
        var lines: [String] = []
        let history = instance.history
        var position = 0
        while position < history.count {
            let event = history[position]
            position += 1
            guard let text = headline(event, program: program) else { continue }
            var entry = ["[\(CivilTime(timestamp: event.time).logText)] " + text]
            switch event.kind {
            case .stepCompleted(_, let outputs, _):
                if case .object(let fields) = outputs {
                    for key in fields.keys.sorted() {
                        entry.append("  - Output: \(key) = \(fields[key]!.json)")
                    }
                }
            case .containerStarted(let step) where program.kinds[step] == .parallel:
                // Offers made by the parallel at the same moment read as its bullets.
                while position < history.count,
                    case .taskOffered(let child, _, let team, _) = history[position].kind,
                    history[position].time == event.time, program.parents[child] == step
                {
                    entry.append("  - \(program.name(of: child)) assigned to \(team)")
                    position += 1
                }
            default:
                break
            }
            lines.append(contentsOf: entry)
            if entry.count > 1 { lines.append("") }
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The text after the timestamp, or `nil` for events the log leaves out (containers
    /// that finished as planned: the seed's log does not show them).
    static func headline(_ event: HistoryEvent, program: WorkflowProgram) -> String? {
        func name(_ step: Int) -> String { program.name(of: step) }
        switch event.kind {
        case .workflowStarted:
            return "Workflow started: \(program.definition.name)"
        case .taskOffered(let step, _, let team, let attempt):
            let retry = attempt > 1 ? " (attempt \(attempt))" : ""
            return "Step '\(name(step))' assigned to \(team)\(retry)"
        case .taskClaimed(let step, _, let team, _):
            return "\(team) claimed task '\(name(step))'"
        case .taskReleased(let step, _, let team):
            return "\(team) released task '\(name(step))'; it is offered again"
        case .taskWithdrawn(let step, _, let team):
            return "Task '\(name(step))' withdrawn from \(team)"
        case .stepCompleted(let step, _, let outcome):
            return "Step '\(name(step))' completed" + (outcome == .partial ? ": PARTIAL" : "")
        case .stepFailed(let step, let errorType, let message, let attempt):
            return "Step '\(name(step))' failed (attempt \(attempt)): \(errorType): \(message)"
        case .conditionEvaluated(let step, let result, let explanation):
            return "Condition '\(name(step))' evaluated: \(result)"
                + (explanation.map { " (\($0))" } ?? "")
        case .approvalWaiting(let step, let approvers):
            let who = approvers.map { $0.role?.uppercased() ?? $0.team }.joined(separator: ", ")
            return "Step '\(name(step))' waiting for \(who) approval"
        case .approvalDecided(let step, let team, let role, let decision):
            let verb = decision == .approve ? "approved" : "rejected"
            return "\(role?.uppercased() ?? team) \(verb) '\(name(step))'"
        case .approvalTimedOut(let step, let onTimeout):
            return "Approval '\(name(step))' timed out: \(onTimeout.rawValue)"
        case .containerStarted(let step):
            return "Starting \(program.kinds[step] == .parallel ? "parallel" : "sequence") "
                + "step '\(name(step))'"
        case .containerFinished(let step, let status):
            guard status != .completed, program.kinds[step] != .condition else { return nil }
            let kind = program.definition.steps[step].kindName.capitalized
            return "\(kind) step '\(name(step))' finished: \(status.rawValue)"
        case .retryScheduled(let step, let attempt, let at, let errorType):
            return "Retrying '\(name(step))' after \(errorType): attempt \(attempt) at "
                + CivilTime(timestamp: at).logText
        case .escalated(let step, _, let team, let errorType):
            return "Step '\(name(step))' escalated to \(team) (\(errorType))"
        case .escalationDecided(let step, let team, let decision):
            return "\(team) decided \(decision.rawValue) for '\(name(step))'"
        case .handlerStarted(let errorType, let action, _):
            return "Error handler for \(errorType): running \(action) handler steps"
        case .notificationSent(let recipients, _, _, let message):
            return "Notified \(recipients.joined(separator: ", ")): \(message)"
        case .workflowFinished(let status):
            switch status {
            case .completed: return "Workflow completed successfully"
            case .rolledBack: return "Workflow rolled back"
            case .timedOut: return "Workflow timed out"
            default: return "Workflow \(status.rawValue)"
            }
        }
    }
}
