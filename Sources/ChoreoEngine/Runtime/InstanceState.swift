/// The live state of one workflow instance: one `NodeState` per step (and per synthetic
/// node), its history, its open tasks and timers.
public final class InstanceState {
    /// Engine-wide number of the instance; the handle effects and tasks carry.
    public let serial: Int
    /// `wf-2025-01-22-ai-model-update-001`.
    public let id: String
    public let program: WorkflowProgram
    /// The inputs as given at start (`workflow.initial_state`).
    public let inputs: Value
    public internal(set) var status: InstanceStatus = .running
    public let startedAt: Microseconds
    public internal(set) var endedAt: Microseconds?
    public internal(set) var nodes: [NodeState]
    public internal(set) var history = HistoryLog()
    /// Numbers of the tasks still open, in offer order.
    public internal(set) var openTasks: [Int] = []
    /// Timers still wanted, in the order set.
    public internal(set) var timers: [Int] = []
    /// The workflow outputs once the instance has ended (`null` before): its declared
    /// outputs, each from the last step (in definition order) that produced a field or alias
    /// of that name, `null` where none did.
    ///
    /// Collected when read, not when the instance ends: its nodes no longer change then, so
    /// the value is the same, and under load nobody reads it (collecting them and freeing
    /// them were some 260 instructions a task).
    public var outputs: Value {
        if let restoredOutputs { return restoredOutputs }
        guard status.isFinal else { return .null }
        return .object(
            program.outputSources.mapValues { source in
                for step in source.steps.reversed() {
                    guard let outputs = nodes[step].outputs else { continue }
                    let value = outputs[source.name]
                    if value != .null { return value }
                }
                return .null
            })
    }
    /// The outputs a snapshot of the ended instance held, kept as saved when restored.
    var restoredOutputs: Value?
    /// The error that ended the instance, if one did.
    public internal(set) var failure: StepError?
    /// Whether a compensation sequence is running or ran.
    public internal(set) var compensating = false

    init(serial: Int, id: String, program: WorkflowProgram, inputs: Value, now: Microseconds) {
        self.serial = serial
        self.id = id
        self.program = program
        self.inputs = inputs
        self.startedAt = now
        // Reserved, then appended to: code specialized for `NodeState` all through.
        // `Array(repeating:count:)` copies each node through the value witnesses (some 300
        // instructions a node), and `Array(unsafeUninitializedCapacity:)` allocates through
        // an unspecialized path that looks the storage type up at run time (some 360 a start).
        var nodes: [NodeState] = []
        nodes.reserveCapacity(program.nodeCount)
        for _ in 0..<program.nodeCount { nodes.append(NodeState()) }
        self.nodes = nodes
    }

    /// The state of the step with id `stepID`.
    public func node(_ stepID: String) -> NodeState? {
        program.definition.index(ofStep: stepID).map { nodes[$0] }
    }

    /// The deepest step that is under way: the one a dashboard calls "current".
    public var currentStep: String? {
        var current: String?
        for index in 0..<program.stepCount {
            let status = nodes[index].status
            if status == .offered || status == .claimed
                || (status == .waiting && nodes[index].attempts > 0)
            {
                return program.definition.steps[index].id
            }
            if status == .running { current = program.definition.steps[index].id }
        }
        return current
    }
}

extension Array where Element == Int {
    /// Appends `element`, with room for `initialCapacity` elements when the list has none
    /// yet: an instance's open tasks and timers are a few at a time (a parallel's branches),
    /// and growing a list from empty one element at a time reallocated it about twice an
    /// instance.
    mutating func append(_ element: Int, reservingAtFirst initialCapacity: Int) {
        if capacity == 0 { reserveCapacity(initialCapacity) }
        append(element)
    }
}

/// An error that ended a step: its type (`team_timeout`, `test_failure`, …) and message.
public struct StepError: Sendable, Hashable, Codable {
    public var errorType: String
    public var message: String
    /// The step the error was raised at (set when it fails that step).
    public var step: Int?

    public init(errorType: String, message: String, step: Int? = nil) {
        self.errorType = errorType
        self.message = message
        self.step = step
    }
}

/// The run-time state of one node (step or synthetic sequence) of an instance.
public struct NodeState: Sendable, Hashable, Codable {
    public internal(set) var status: StepStatus = .waiting
    /// Attempts offered so far (tasks and approvals).
    public internal(set) var attempts: Int32 = 0
    /// When the step began (first attempt), or -1.
    public internal(set) var startedAt: Microseconds = -1
    /// When its current attempt was offered, or -1.
    public internal(set) var offeredAt: Microseconds = -1
    /// When its current attempt was claimed, or -1.
    public internal(set) var claimedAt: Microseconds = -1
    /// When it ended, or -1.
    public internal(set) var endedAt: Microseconds = -1
    /// The open task (0 when none); for approvals, the first of its tasks.
    public internal(set) var task: Int = 0
    /// Sequence position of the running child; approvals counted for an approval.
    public internal(set) var cursor: Int32 = 0
    /// Parallel: children not yet ended. Approval: decisions still open.
    public internal(set) var pending: Int32 = 0
    /// Parallel: children that ended letting the workflow continue.
    public internal(set) var succeeded: Int32 = 0
    /// Condition: the branch taken (-1 before evaluation).
    public internal(set) var branch: Int8 = -1
    /// Whether an escalation decided `retry` (a further failure escalates again).
    public internal(set) var escalated = false
    /// The timeout timer of the current attempt (0 when none).
    public internal(set) var timer: Int = 0
    /// The first error among a parallel's children, or the step's own.
    public internal(set) var error: StepError?
    /// The step's outputs: every field returned, each declared pair under both names.
    public internal(set) var outputs: Value?
    /// The inputs resolved for the current attempt.
    public var inputs: Value? { offeredInputs?.value }
    /// The inputs of the current attempt, as offered (built when read if they are deferred);
    /// settable so that a store can restore deferred inputs into a snapshot's nodes.
    public var offeredInputs: OfferedInputs?
    /// A task's reported outcome.
    public internal(set) var outcome: Outcome = .success

    /// The stored fields; the offered inputs encode under `inputs`, as a value.
    private enum CodingKeys: String, CodingKey {
        case status, attempts, startedAt, offeredAt, claimedAt, endedAt, task, cursor, pending
        case succeeded, branch, escalated, timer, error, outputs
        case offeredInputs = "inputs"
        case outcome
    }
}

// Changes made together, through one access to the node: each separate assignment to
// `instance.nodes[i]` checks that the array is uniquely referenced again.
extension NodeState {
    /// Its next attempt is offered at `time` with `inputs`, as task `task` (0: the tasks
    /// are set apart, as an approval's are).
    mutating func offer(_ inputs: OfferedInputs, task: Int = 0, at time: Microseconds) {
        self.task = task
        attempts += 1
        offeredInputs = inputs
        status = .offered
        offeredAt = time
        claimedAt = -1
    }

    /// Its task was completed with `outputs` (the step's, aliases included).
    mutating func complete(outputs: Value, outcome: Outcome) {
        self.outputs = outputs
        self.outcome = outcome
        task = 0
    }

    /// The step begins at `time`; a step offered again keeps the time of its first start.
    mutating func markStarted(at time: Microseconds) {
        if startedAt < 0 { startedAt = time }
    }

    /// A sequence (or a condition, on its chosen `branch`) begins at `time`, from its
    /// first child.
    mutating func run(at time: Microseconds, branch: Int8? = nil) {
        markStarted(at: time)
        status = .running
        cursor = 0
        if let branch { self.branch = branch }
    }

    /// A parallel begins at `time` with its `children` children all to run.
    mutating func runParallel(at time: Microseconds, children: Int32) {
        markStarted(at: time)
        status = .running
        pending = children
        succeeded = 0
    }

    /// It ends with `status` at `time`; returns the timer it still had (0 for none), now
    /// dropped from it, for the caller to cancel.
    mutating func finish(_ status: StepStatus, at time: Microseconds) -> Int {
        self.status = status
        endedAt = time
        let timer = self.timer
        self.timer = 0
        return timer
    }

    /// A parallel's child ended, `succeeding` or with `error` (kept when it is the first);
    /// returns how many children are still under way.
    mutating func childEnded(succeeding: Bool, error: StepError?) -> Int32 {
        pending -= 1
        if succeeding {
            succeeded += 1
        } else if self.error == nil {
            self.error = error
        }
        return pending
    }
}

extension InstanceState: EvaluationContext {
    public func outputs(ofStep index: Int) -> Value? { nodes[index].outputs }

    public func inputs(ofStep index: Int) -> Value? { nodes[index].inputs }

    public func status(ofStep index: Int) -> String? { nodes[index].status.rawValue }

    public func workflow(_ field: Path.WorkflowField) -> Value {
        InstanceState.workflow(
            field, program: program, id: id, status: status, inputs: inputs,
            startedAt: startedAt, history: history)
    }

    /// A `workflow.<field>` value of an instance with these fields: shared by the live
    /// instance and by the frozen one deferred inputs are built from.
    static func workflow(
        _ field: Path.WorkflowField, program: WorkflowProgram, id: String,
        status: InstanceStatus, inputs: Value, startedAt: Microseconds, history: HistoryLog
    ) -> Value {
        switch field {
        case .id: return .string(id)
        case .name: return .string(program.definition.name)
        case .status: return .string(status.rawValue)
        case .initialState: return inputs
        case .startedAt: return .string(CivilTime(timestamp: startedAt).isoText)
        case .history: return .list(history.map { $0.value(program: program) })
        }
    }
}
