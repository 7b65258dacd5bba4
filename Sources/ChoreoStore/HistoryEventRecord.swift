import ChoreoEngine

/// A history event's `record`: the JSON its `Codable` conformance gives
/// (`{"time":…,"kind":{"taskOffered":{"step":3,"task":5,"team":"…","attempt":1}}}`, each
/// case's values in declaration order, a `nil` left out), written without an `Encoder`.
extension JSONWriter {
    func writeRecord(of event: HistoryEvent) {
        appendRaw(#"{"time":"#)
        writeInteger(event.time)
        appendRaw(#","kind":{"#)
        var fields = RecordFields(writer: self)
        switch event.kind {
        case .workflowStarted:
            fields.start("workflowStarted")
        case .taskOffered(let step, let task, let team, let attempt):
            fields.start("taskOffered")
            fields.step(step)
            fields.integer("task", task)
            fields.string("team", team)
            fields.integer("attempt", attempt)
        case .taskClaimed(let step, let task, let team, let agent):
            fields.start("taskClaimed")
            fields.step(step)
            fields.integer("task", task)
            fields.string("team", team)
            fields.string("agent", agent)
        case .taskReleased(let step, let task, let team):
            fields.start("taskReleased")
            fields.step(step)
            fields.integer("task", task)
            fields.string("team", team)
        case .taskWithdrawn(let step, let task, let team):
            fields.start("taskWithdrawn")
            fields.step(step)
            fields.integer("task", task)
            fields.string("team", team)
        case .stepCompleted(let step, let outputs, let outcome):
            fields.start("stepCompleted")
            fields.step(step)
            fields.key("outputs")
            write(value: outputs)
            fields.string("outcome", outcome.rawValue)
        case .stepFailed(let step, let errorType, let message, let attempt):
            fields.start("stepFailed")
            fields.step(step)
            fields.string("errorType", errorType)
            fields.string("message", message)
            fields.integer("attempt", attempt)
        case .conditionEvaluated(let step, let result, let explanation):
            fields.start("conditionEvaluated")
            fields.step(step)
            fields.key("result")
            writeBool(result)
            if let explanation { fields.string("explanation", explanation.text) }
        case .approvalWaiting(let step, let approvers):
            fields.start("approvalWaiting")
            fields.step(step)
            fields.key("approvers")
            writeApproverRecords(approvers)
        case .approvalDecided(let step, let team, let role, let decision):
            fields.start("approvalDecided")
            fields.step(step)
            fields.string("team", team)
            if let role { fields.string("role", role) }
            fields.string("decision", decision.rawValue)
        case .approvalTimedOut(let step, let onTimeout):
            fields.start("approvalTimedOut")
            fields.step(step)
            fields.string("onTimeout", onTimeout.rawValue)
        case .containerStarted(let step):
            fields.start("containerStarted")
            fields.step(step)
        case .containerFinished(let step, let status):
            fields.start("containerFinished")
            fields.step(step)
            fields.string("status", status.rawValue)
        case .retryScheduled(let step, let attempt, let at, let errorType):
            fields.start("retryScheduled")
            fields.step(step)
            fields.integer("attempt", attempt)
            fields.key("at")
            writeInteger(at)
            fields.string("errorType", errorType)
        case .escalated(let step, let task, let team, let errorType):
            fields.start("escalated")
            fields.step(step)
            fields.integer("task", task)
            fields.string("team", team)
            fields.string("errorType", errorType)
        case .escalationDecided(let step, let team, let decision):
            fields.start("escalationDecided")
            fields.step(step)
            fields.string("team", team)
            fields.string("decision", decision.rawValue)
        case .handlerStarted(let errorType, let action, let failedStep):
            fields.start("handlerStarted")
            fields.string("errorType", errorType)
            fields.string("action", action)
            if let failedStep { fields.integer("failedStep", failedStep) }
        case .notificationSent(let recipients, let errorType, let step, let message):
            fields.start("notificationSent")
            fields.key("recipients")
            writeStrings(recipients)
            fields.string("errorType", errorType)
            fields.step(step)
            fields.string("message", message)
        case .workflowFinished(let status):
            fields.start("workflowFinished")
            fields.string("status", status.rawValue)
        }
        appendRaw("}}}")
    }

    /// Approvers as their `Codable` conformance gives them: `{"team":…,"role":…}`.
    private func writeApproverRecords(_ approvers: [Approver]) {
        writeList(approvers) { approver in
            appendRaw(#"{"team":"#)
            writeString(approver.team)
            if let role = approver.role {
                appendRaw(#","role":"#)
                writeString(role)
            }
            append(UInt8(ascii: "}"))
        }
    }
}

/// The members of a record's case object: `"<case>":{` then its values, comma-separated.
private struct RecordFields {
    let writer: JSONWriter
    private var count = 0

    init(writer: JSONWriter) {
        self.writer = writer
    }

    func start(_ name: StaticString) {
        writer.append(UInt8(ascii: "\""))
        writer.appendRaw(name)
        writer.appendRaw(#"":{"#)
    }

    mutating func key(_ key: StaticString) {
        writer.writeKey(key, counting: &count)
    }

    mutating func step(_ step: Int) { integer("step", step) }

    mutating func integer(_ name: StaticString, _ value: Int) {
        key(name)
        writer.writeInteger(value)
    }

    mutating func string(_ name: StaticString, _ value: String) {
        key(name)
        writer.writeString(value)
    }
}
