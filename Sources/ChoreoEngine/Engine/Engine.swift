/// The workflow engine: commands in, effects and history out.
///
/// The engine is synchronous and deterministic. It reads the time only from the clock it
/// is given and keeps state only in the store it is given; it never draws a random number
/// and never asks whether it is simulated. Drivers call a command, then read the effects.
///
/// ```swift
/// let clock = ManualClock(now: CivilTime.parse("2025-01-22T10:00:00Z")!)
/// let engine = Engine(clock: clock, store: InMemoryStore(), workflows: [definition])
/// let instance = try engine.start(workflow: "ai-model-update", inputs: inputs)
/// let task = engine.tasks(team: "engineering-team")[0]
/// try engine.claim(task: task.number, team: "engineering-team", agent: "eng-1")
/// try engine.complete(task: task.number, output: ["compatibility_report": "ok", "cost_delta": 650])
/// engine.drainEffects { effect in /* offer tasks, set timers */ }
/// ```
public final class Engine {
    public let clock: any EngineClock
    public let store: any Store
    private var programs: [String: WorkflowProgram] = [:]
    var effects: [Effect] = []
    /// The time of the command being run, read once from the clock.
    var now: Microseconds = 0
    /// Per program: the longest history an instance of it ended with, reserved for each
    /// new instance so that its history is allocated once instead of doubling its way up.
    /// Learned from instances that ended, so a burst of starts reserves nothing extra.
    var historyLengths: [ObjectIdentifier: Int] = [:]
    /// Per task node whose inputs follow the workflow's inputs (and steps' outputs) alone:
    /// the inputs last resolved, from the workflow inputs (and outputs) they were resolved
    /// from. Instances started with identical inputs (every instance of a load test), whose
    /// read steps returned identical outputs, share one value.
    var inputsResolved = NodeMemo()
    /// Per task step: the step outputs last built (or checked), from the output its
    /// completion returned.
    var outputsDeclared = NodeMemo()
    /// The last inputs a start accepted, with their program and the inputs as checked.
    var lastAccepted: (program: WorkflowProgram, given: Value, checked: Value)?
    /// The id prefix (`2025-01-22-ai-model-update`) of the last start, with its day's number
    /// and workflow name, so that the starts of one day build it once.
    var startPrefix: (day: Int64, workflow: String, text: String) = (-1, "", "")

    public init(clock: any EngineClock, store: any Store, workflows: [WorkflowDefinition] = []) {
        self.clock = clock
        self.store = store
        effects.reserveCapacity(64)
        for workflow in workflows { register(workflow) }
    }

    /// Makes `definition` startable by its name (replacing one of the same name).
    public func register(_ definition: WorkflowDefinition) {
        programs[definition.name] = WorkflowProgram(definition)
    }

    /// Makes an already prepared program startable by its name.
    public func register(_ program: WorkflowProgram) {
        programs[program.definition.name] = program
    }

    /// The prepared program of workflow `name`.
    public func program(named name: String) -> WorkflowProgram? { programs[name] }

    /// Names of the registered workflows, sorted.
    public var workflowNames: [String] { programs.keys.sorted() }

    /// Hands every effect produced since the last call to `body`, in order, and forgets them.
    public func drainEffects(_ body: (Effect) throws -> Void) rethrows {
        var position = 0
        // Effects produced by `body` (it may run further commands) are handed over too.
        while position < effects.count {
            let effect = effects[position]
            position += 1
            try body(effect)
        }
        // One at a time from the end: a drain hands over one or two effects, and
        // `removeAll(keepingCapacity:)` costs a generic range replacement each time.
        while !effects.isEmpty { effects.removeLast() }
    }

    /// Whether effects are waiting to be drained.
    public var hasEffects: Bool { !effects.isEmpty }

    /// Open tasks of `team` (pending and claimed), oldest first.
    public func tasks(team: String) -> [TeamTask] { store.openTasks(team: team) }

    /// The task `task-<number>`.
    public func task(_ number: Int) -> TeamTask? { store.task(number) }

    /// The instance with public id `id`.
    public func instance(id: String) -> InstanceState? { store.instance(id: id) }

    /// The instance with serial `serial`.
    public func instance(serial: Int) -> InstanceState? { store.instance(serial: serial) }

    /// Runs `body` as one command: one store transaction, one reading of the clock.
    func command<T, Failure: Error>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        now = clock.now
        store.beginCommand()
        defer { store.endCommand() }
        return try body()
    }

    /// Appends an event to the instance's history at the command's time.
    @inline(__always)
    func record(_ instance: InstanceState, _ kind: HistoryEvent.Kind) {
        instance.history.append(HistoryEvent(time: now, kind: kind))
    }
}

/// Per task node, the last value built and the argument it was built from: a value is a
/// function of its argument, so an identical argument (`Value.isIdentical`) gets the value
/// already built. Each entry holds its node, so that a node's address, once the node is
/// gone, cannot name another; entries are found by that address.
struct NodeMemo {
    private struct Entry {
        var node: TaskNode
        var argument: Value
        var value: Value
    }

    private var entries = NumberTable<Entry>()

    /// The value for `node` and `argument`: the last one built when `argument` is identical
    /// to its argument (with `sameStorage`, when it is a copy of it: a cheaper test that
    /// misses equal values built apart), else `build()`, kept for next time.
    mutating func value<Failure: Error>(
        for node: TaskNode, from argument: Value, sameStorage: Bool = false,
        _ build: () throws(Failure) -> Value
    ) throws(Failure) -> Value {
        let key = Int(bitPattern: UInt(bitPattern: ObjectIdentifier(node)))
        // `.none`, not `nil`: a `nil` literal where a `Value` fits is `Value.null`.
        let last = entries.read(key) { entry -> Value? in
            guard entry.node === node else { return .none }
            let same =
                sameStorage
                ? entry.argument.sharesStorage(with: argument)
                : entry.argument.isIdentical(to: argument)
            return same ? .some(entry.value) : .none
        }
        if case .some(.some(let last)) = last { return last }
        let value = try build()
        entries[key] = Entry(node: node, argument: argument, value: value)
        return value
    }
}
