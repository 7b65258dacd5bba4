/// What `choreo validate` shows of a loaded workflow: counts and the step tree.
extension WorkflowDefinition {
    /// The number of steps of each kind, in the order task, condition, approval, parallel,
    /// sequence, leaving out kinds with none.
    public var stepCountsByKind: [(kind: String, count: Int)] {
        let kinds = ["task", "condition", "approval", "parallel", "sequence"]
        return kinds.compactMap { kind in
            let count = steps.count { $0.kindName == kind }
            return count > 0 ? (kind, count) : nil
        }
    }

    /// The steps of the error handlers' compensation sequences.
    public var handlerStepCount: Int {
        errorHandlers.reduce(0) { total, handler in
            guard case .custom(let roots) = handler.action else { return total }
            return total + roots.reduce(0) { $0 + subtreeSize(of: $1) }
        }
    }

    private func subtreeSize(of index: Int) -> Int {
        guard steps.indices.contains(index) else { return 0 }
        return 1 + steps[index].children.reduce(0) { $0 + subtreeSize(of: $1) }
    }

    /// The step tree as indented text, one line per step, then the error handlers:
    ///
    /// ```
    /// ├─ initial_assessment  task  engineering-team: assess_model_compatibility, timeout 2h
    /// ├─ check_cost_increase  condition  ${steps.initial_assessment.outputs.cost_delta > 500}
    /// │  └─ [if_true] cost_approval  approval  executive-team (cfo), timeout 1d, …
    /// ```
    public func renderTree() -> String {
        var lines = ["steps"]
        appendTree(body, prefix: "", into: &lines)
        if !errorHandlers.isEmpty {
            lines.append("error_handlers")
            for (position, handler) in errorHandlers.enumerated() {
                let isLast = position == errorHandlers.count - 1
                lines.append((isLast ? "└─ " : "├─ ") + handler.summary)
                if case .custom(let roots) = handler.action {
                    appendTree(roots, prefix: isLast ? "   " : "│  ", into: &lines)
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    private func appendTree(_ indices: [Int], prefix: String, into lines: inout [String]) {
        for (position, index) in indices.enumerated() where steps.indices.contains(index) {
            let step = steps[index]
            let isLast = position == indices.count - 1
            var label = ""
            if let parent = step.parent, case .condition(let condition) = steps[parent].kind {
                label = condition.ifTrue.contains(index) ? "[if_true] " : "[if_false] "
            }
            lines.append(prefix + (isLast ? "└─ " : "├─ ") + label + summary(of: step))
            appendTree(step.children, prefix: prefix + (isLast ? "   " : "│  "), into: &lines)
        }
    }

    private func summary(of step: Step) -> String {
        let head = "\(step.id)  \(step.kindName)"
        switch step.kind {
        case .task(let task):
            var text = "\(head)  \(task.team): \(task.action)"
            if let timeout = task.timeout { text += ", timeout \(Durations.format(timeout))" }
            if !task.outputs.isEmpty {
                let pairs = task.outputs.map {
                    $0.field == $0.alias ? $0.field : "\($0.field) as \($0.alias)"
                }
                text += ", outputs " + pairs.joined(separator: ", ")
            }
            return text
        case .condition(let condition):
            return "\(head)  \(condition.condition.canonicalText)"
        case .approval(let approval):
            let approvers = approval.approvers.map { approver in
                approver.role.map { "\(approver.team) (\($0))" } ?? approver.team
            }
            var text = "\(head)  " + approvers.joined(separator: ", ")
            if approval.quorum > 1 { text += ", quorum \(approval.quorum)" }
            if let timeout = approval.timeout {
                text +=
                    ", timeout \(Durations.format(timeout)), "
                    + "on timeout \(approval.onTimeout.rawValue)"
            }
            return text
        case .parallel(let parallel):
            return "\(head)  continue on \(parallel.continueOn.rawValue)"
        case .sequence:
            return head
        }
    }
}

extension ErrorHandler {
    /// One line: `team_timeout: retry, at most 2 attempts, then escalate`.
    public var summary: String {
        switch action {
        case .retry(let attempts, let backoff, let then):
            var text = "\(errorType): retry, at most \(attempts) attempts"
            if let backoff { text += ", backoff \(Durations.format(backoff))" }
            if let then { text += ", then \(then.rawValue)" }
            return text
        case .escalate:
            return "\(errorType): escalate"
        case .custom(let steps):
            return "\(errorType): custom, \(steps.count) step\(steps.count == 1 ? "" : "s")"
        case .notify(let recipients):
            return "\(errorType): notify " + recipients.joined(separator: ", ")
        }
    }
}
