import ChoreoEngine

/// A history event's two JSON texts, written straight from the event: `data` (the
/// event as `HistoryEvent.value(program:)` gives it, keys sorted) and `record` (as the
/// event's `Codable` conformance encodes it, which `JSONDecoder` reads back).
///
/// Every task state change adds a history event or two, and building a `Value` of the
/// event, sorting its keys and encoding the record through `Encoder` cost more than the
/// rest of writing it. The texts are the same bytes as those paths give (a test holds
/// every kind of event to it).
extension JSONWriter {
    /// Appends the event's `data` object: `time` (ISO 8601), `event`, `step` (id) and its
    /// details, keys in sorted order.
    ///
    /// The event is taken (`consuming`), so that its details are moved out of it: matched
    /// on a borrowed event, they were copied, the whole event with them.
    func writeData(of event: consuming HistoryEvent, program: WorkflowProgram) {
        var object = SortedObjectWriter(writer: self, event: event, program: program)
        switch (consume event).kind {
        case .workflowStarted, .containerStarted:
            object.common()
        case .taskOffered(_, let task, let team, let attempt):
            object.member("attempt") { writeInteger(attempt) }
            object.common(then: "task") { writeTaskID(task) }
            object.member("team") { writeString(team) }
            object.time()
        case .taskClaimed(_, let task, let team, let agent):
            object.member("agent") { writeString(agent) }
            object.common(then: "task") { writeTaskID(task) }
            object.member("team") { writeString(team) }
            object.time()
        case .taskReleased(_, let task, let team), .taskWithdrawn(_, let task, let team):
            object.common(then: "task") { writeTaskID(task) }
            object.member("team") { writeString(team) }
            object.time()
        case .stepCompleted(_, let outputs, let outcome):
            object.name()
            object.member("outcome") { writeString(outcome.rawValue) }
            object.member("outputs") { write(value: outputs) }
            object.stepAndTime()
        case .stepFailed(_, let errorType, let message, let attempt):
            object.member("attempt") { writeInteger(attempt) }
            object.member("error_type") { writeString(errorType) }
            object.name()
            object.member("message") { writeString(message) }
            object.stepAndTime()
        case .conditionEvaluated(_, let result, let explanation):
            object.name()
            object.member("explanation") { writeOptional(explanation?.text) }
            object.member("result") { writeBool(result) }
            object.stepAndTime()
        case .approvalWaiting(_, let approvers):
            object.member("approvers") { writeApprovers(approvers) }
            object.common()
        case .approvalDecided(_, let team, let role, let decision):
            object.member("decision") { writeString(decision.rawValue) }
            object.name()
            object.member("role") { writeOptional(role) }
            object.step()
            object.member("team") { writeString(team) }
            object.time()
        case .approvalTimedOut(_, let onTimeout):
            object.name()
            object.member("on_timeout") { writeString(onTimeout.rawValue) }
            object.stepAndTime()
        case .containerFinished(_, let status):
            object.name()
            object.member("status") { writeString(status.rawValue) }
            object.stepAndTime()
        case .retryScheduled(_, let attempt, let at, let errorType):
            object.member("at") { writeISOTime(at) }
            object.member("attempt") { writeInteger(attempt) }
            object.member("error_type") { writeString(errorType) }
            object.common()
        case .escalated(_, let task, let team, let errorType):
            object.member("error_type") { writeString(errorType) }
            object.common(then: "task") { writeTaskID(task) }
            object.member("team") { writeString(team) }
            object.time()
        case .escalationDecided(_, let team, let decision):
            object.member("decision") { writeString(decision.rawValue) }
            object.name()
            object.step()
            object.member("team") { writeString(team) }
            object.time()
        case .handlerStarted(let errorType, let action, _):
            object.member("action") { writeString(action) }
            object.member("error_type") { writeString(errorType) }
            object.common()
        case .notificationSent(let recipients, let errorType, _, let message):
            object.member("error_type") { writeString(errorType) }
            object.name()
            object.member("message") { writeString(message) }
            object.member("recipients") { writeStrings(recipients) }
            object.stepAndTime()
        case .workflowFinished(let status):
            object.name()
            object.member("status") { writeString(status.rawValue) }
            object.time()
        }
        object.close()
    }

    /// `task-<n>`, quoted.
    func writeTaskID(_ number: Int) {
        appendRaw(#""task-"#)
        writeInteger(number)
        append(UInt8(ascii: "\""))
    }

    func writeOptional(_ text: String?) {
        guard let text else { return writeLiteral("null") }
        writeString(text)
    }

    func writeStrings(_ texts: [String]) {
        writeList(texts) { writeString($0) }
    }

    /// Approvers as `Approver.value` gives them: `{"role":…,"team":…}`.
    private func writeApprovers(_ approvers: [Approver]) {
        writeList(approvers) { approver in
            writeLiteral(#"{"role":"#)
            writeOptional(approver.role)
            writeLiteral(#","team":"#)
            writeString(approver.team)
            append(UInt8(ascii: "}"))
        }
    }
}

/// The members of one `data` object, written in the order the caller gives (sorted);
/// `event`, `step` and `time` are the members every event has.
///
/// It holds those three, not the event: a copy of the event (a retain of each of its
/// references, and their releases when dropped) cost some 300 instructions an event. Its
/// methods are inlined, and with them each member's closure: called, each paid a call and
/// its closure's.
private struct SortedObjectWriter {
    let writer: JSONWriter
    private let eventName: StaticString
    private let eventStep: Int?
    private let eventTime: Microseconds
    private let program: WorkflowProgram
    private var count = 0

    init(writer: JSONWriter, event: borrowing HistoryEvent, program: WorkflowProgram) {
        self.writer = writer
        eventName = event.quotedName
        eventStep = event.step
        eventTime = event.time
        self.program = program
        writer.append(UInt8(ascii: "{"))
    }

    @inline(__always)
    mutating func member(_ key: StaticString, _ value: () -> Void) {
        writer.writeKey(key, counting: &count)
        value()
    }

    @inline(__always)
    mutating func name() {
        let writer = writer
        let name = eventName
        member("event") { writer.appendRaw(name) }
    }

    /// `step`, when the event is about one.
    @inline(__always)
    mutating func step() {
        guard let step = eventStep else { return }
        let writer = writer
        let names = writer.quotedNames(of: program)
        member("step") { names.write(step, to: writer) }
    }

    @inline(__always)
    mutating func time() {
        let writer = writer
        let time = eventTime
        member("time") { writer.writeISOTime(time) }
    }

    @inline(__always)
    mutating func stepAndTime() {
        step()
        time()
    }

    /// `event`, `step`, then `key` (which sorts between `step` and `time`), without `time`.
    @inline(__always)
    mutating func common(then key: StaticString, _ value: () -> Void) {
        name()
        step()
        member(key, value)
    }

    /// `event`, `step` and `time`.
    @inline(__always)
    mutating func common() {
        name()
        stepAndTime()
    }

    func close() { writer.append(UInt8(ascii: "}")) }
}

extension JSONWriter {
    /// One element of a `workflow_event_batches.events` array, as schema v8 writes it: the
    /// event's `data` object, which holds its `time`, `event` and `step` (the view
    /// `workflow_events` reads them from it), or, for an event those do not determine
    /// (`StoredEventRule`), the whole element with its record. Returns where the `data`
    /// object is in the text.
    @discardableResult
    func writeEventElement(_ event: consuming HistoryEvent, program: WorkflowProgram)
        -> Range<Int>
    {
        guard StoredEventRule.needsRecord(event, program: program) else {
            let start = count
            writeData(of: event, program: program)
            return start..<count
        }
        return writeWholeEventElement(event, program: program, record: true)
    }

    /// An element as schema v5 to v7 wrote it: `{"time":…,"event":…,"step":…,"data":{…}}`,
    /// `time` as the tables write times and `step` the step's id or null, then
    /// `"record":{…}` when `record`. Returns where the `data` object is in the text.
    @discardableResult
    func writeWholeEventElement(_ event: HistoryEvent, program: WorkflowProgram, record: Bool)
        -> Range<Int>
    {
        appendRaw(#"{"time":"#)
        writeStoreTime(event.time)
        appendRaw(#","event":"#)
        writeString(event.name)
        appendRaw(#","step":"#)
        writeOptional(event.step.map { program.name(of: $0) })
        appendRaw(#","data":"#)
        let start = count
        writeData(of: copy event, program: program)
        let data = start..<count
        if record {
            appendRaw(#","record":"#)
            writeRecord(of: event)
        }
        append(UInt8(ascii: "}"))
        return data
    }
}
