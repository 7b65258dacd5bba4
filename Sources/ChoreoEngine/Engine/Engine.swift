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
    var historyLengths = HistoryLengths()
    /// Per task node whose inputs follow the workflow's inputs (and steps' outputs) alone:
    /// the inputs last resolved, from the workflow inputs (and outputs) they were resolved
    /// from. Instances started with identical inputs (every instance of a load test), whose
    /// read steps returned identical outputs, share one value.
    var inputsResolved = NodeMemo()
    /// Per task step without aliased outputs: the step outputs last checked, from the
    /// output its completion returned.
    var outputsDeclared = NodeMemo()
    /// Per task step with aliased outputs: the outputs last built, the fields they were
    /// built from, and where each field took its value from, so that outputs returned with
    /// the same fields need no hashing.
    var aliasedOutputs = OutputsMemo()
    /// The program last started, found by its name without hashing it again.
    var lastStarted: WorkflowProgram?
    /// The last inputs a start accepted, with their program and the inputs as checked.
    var lastAccepted: (program: WorkflowProgram, given: Value, checked: Value)?
    /// The id prefix (`2025-01-22-ai-model-update`) of the last start, with its day's number
    /// and workflow name, so that the starts of one day build it once.
    var startPrefix: (day: Int64, workflow: String, text: String) = (-1, "", "")
    /// The open-task and timer lists of an instance that ended, emptied, with their room:
    /// handed to the next instance started (see `recycleLists(of:)`).
    var spareLists: (openTasks: [Int], timers: [Int]) = ([], [])

    public init(clock: any EngineClock, store: any Store, workflows: [WorkflowDefinition] = []) {
        self.clock = clock
        self.store = store
        effects.reserveCapacity(64)
        for workflow in workflows { register(workflow) }
    }

    /// Makes `definition` startable by its name (replacing one of the same name).
    public func register(_ definition: WorkflowDefinition) {
        register(WorkflowProgram(definition))
    }

    /// Makes an already prepared program startable by its name.
    public func register(_ program: WorkflowProgram) {
        programs[program.definition.name] = program
        lastStarted = nil
    }

    /// The prepared program of workflow `name`.
    public func program(named name: String) -> WorkflowProgram? { programs[name] }

    /// Names of the registered workflows, sorted.
    public var workflowNames: [String] { programs.keys.sorted() }

    /// Hands every effect produced since the last call to `body`, in order, and forgets them.
    /// `body` may run further commands (their effects are handed over in this drain too),
    /// but not drain again. An effect handed over is forgotten even when `body` throws;
    /// the rest stay.
    public func drainEffects(_ body: (Effect) throws -> Void) rethrows {
        var position = 0
        do {
            // Effects produced by `body` (it may run further commands) are handed over too.
            while position < effects.count {
                // Moved out, leaving a placeholder without references in its place: a copy
                // retained the effect's team name and released it again (some 85
                // instructions an effect). The placeholders are removed below, unread.
                var effect = Effect.timerCancelled(timer: 0)
                swap(&effect, &effects[position])
                position += 1
                try body(effect)
            }
        } catch {
            effects.removeFirst(position)
            throw error
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
        try command(handing: ()) { (_: consuming ()) throws(Failure) -> T in try body() }
    }

    /// `command(_:)` handing `argument` to `body`, which may consume it: a closure cannot
    /// consume what it captures, so a value it keeps would be copied.
    func command<Argument, T, Failure: Error>(
        handing argument: consuming Argument, _ body: (consuming Argument) throws(Failure) -> T
    ) throws(Failure) -> T {
        now = clock.now
        store.beginCommand()
        defer { store.endCommand() }
        return try body(consume argument)
    }

    /// Appends an event to the instance's history at the command's time. The event is
    /// taken, not borrowed, so that one carrying a value (a step's outputs) is moved into
    /// the history rather than copied.
    @inline(__always)
    func record(_ instance: InstanceState, _ kind: consuming HistoryEvent.Kind) {
        instance.history.append(HistoryEvent(time: now, kind: kind))
    }
}

/// Per task node, the last value built and the argument it was built from: a value is a
/// function of its argument, so an identical argument (`Value.isIdentical`) gets the value
/// already built. Each entry holds its node, so that a node's address, once the node is
/// gone, cannot name another; entries are found by that address.
///
/// A look-up and a `keep` after a miss, not one call given a closure that builds the value:
/// forming the closure copied what it captured (the instance, the node, the argument) on
/// every call, hit or miss, some 120 instructions a look-up.
struct NodeMemo {
    private struct Entry {
        var node: TaskNode
        var argument: Value
        var value: Value
    }

    private var entries = NumberTable<Entry>()

    /// The value last built for `node` when `argument` is identical to its argument (with
    /// `sameStorage`, when it is a copy of it: a cheaper test that misses equal values
    /// built apart); `nil` otherwise, for the caller to build it and `keep` it.
    ///
    /// Inlined: called, it had the engine retain the memo's table and the node around the
    /// call (the memo is a stored property of the engine, which the call might change).
    @inline(__always)
    func value(for node: TaskNode, from argument: Value, sameStorage: Bool = false) -> Value? {
        // Read through its address: a closure given the entry (`read`) copied its values.
        // `.none`, not `nil`: a `nil` literal where a `Value` fits is `Value.null`.
        guard let entry = entries.address(of: node.tableKey), entry.pointee.node === node
        else { return .none }
        // Storage first, without a call: the call made the entry's argument be copied (for
        // the call's length), and a copy of it (every load-test instance's inputs) is the
        // usual hit.
        guard
            entry.pointee.argument.sharesStorage(with: argument)
                || (!sameStorage && entry.pointee.argument.isIdentical(to: argument))
        else { return .none }
        return .some(entry.pointee.value)
    }

    /// Keeps `value`, built for `node` from `argument`, for the next look-up.
    mutating func keep(_ value: Value, for node: TaskNode, from argument: Value) {
        entries[node.tableKey] = Entry(node: node, argument: argument, value: value)
    }

    /// The value last built for `node` from `inputs` and the outputs of steps `steps` of
    /// `instance`, when each is identical to the one it was built from; `nil` otherwise.
    /// Compared with the last ones in place, so that the list of them is built (an
    /// allocation, then a comparison of every element) only when the value is.
    func value(
        for node: TaskNode, fromInputs inputs: Value, outputsOf steps: [Int],
        in instance: InstanceState
    ) -> Value? {
        guard let entry = entries.address(of: node.tableKey), entry.pointee.node === node,
            case .list(let kept) = entry.pointee.argument,
            kept.count == steps.count + 1, NodeMemo.matches(kept[0], inputs)
        else { return .none }
        for (position, step) in steps.enumerated() {
            guard NodeMemo.matches(kept[position + 1], instance.nodes[step].outputs) else {
                return .none
            }
        }
        return .some(entry.pointee.value)
    }

    /// Whether `kept` is `value` (missing, kept as `null`): its storage first, without a
    /// call, then identical; the usual hit is a copy of it (an input or output reused).
    @inline(__always)
    private static func matches(_ kept: Value, _ value: Value?) -> Bool {
        guard let value else { return kept.isIdentical(to: .null) }
        return kept.sharesStorage(with: value) || kept.isIdentical(to: value)
    }

    /// Keeps `value`, built for `node` from `inputs` and the outputs of steps `steps` of
    /// `instance`, for the next look-up.
    mutating func keep(
        _ value: Value, for node: TaskNode, fromInputs inputs: Value, outputsOf steps: [Int],
        in instance: InstanceState
    ) {
        var read: [Value] = []
        read.reserveCapacity(steps.count + 1)
        read.append(inputs)
        for step in steps { read.append(instance.nodes[step].outputs ?? .null) }
        keep(value, for: node, from: .list(read))
    }
}

/// Per task node with aliased outputs: the fields last returned, the outputs built from
/// them (every field, and each declared pair under both names), and for each field built,
/// in order, the position among the returned fields of the one it took its value from.
///
/// Which fields are built, and from which, depends only on which fields were returned, not
/// on their values. Fields returned are compared with the last ones in one pass, pair by
/// pair (objects copied from one template list the same keys in the same order):
/// - all identical (`Value.isIdentical`): the outputs last built;
/// - the same keys in the same order, other values (a simulated report with drawn values):
///   the outputs by `mapValues` over the last ones, the same table layout, each value taken
///   from its source, and no key hashed, where building them anew hashed every field and
///   alias two or three times;
/// - else: built anew, and learned for next time.
///
/// One pass answers both: testing identity, then the keys' order, in two passes copied
/// every key and value twice (a retain and a release apiece), about 80 instructions a task.
struct OutputsMemo {
    private struct Entry {
        var node: TaskNode
        var returned: [String: Value]
        var built: [String: Value]
        /// `nil` when the outputs built are not the returned values put in place (a NaN,
        /// unequal to itself, fails the check): such outputs are only reused whole.
        var sources: [Int]?
    }

    /// How returned fields compare with the last ones.
    private enum Likeness {
        case identical
        case sameKeys
        case different
    }

    private var entries = NumberTable<Entry>()

    /// The outputs for `fields` returned at `node`: the last ones when `fields` is identical
    /// to the fields last returned, widened from them when it has their keys in their order,
    /// else `build()`'s, learned for next time.
    mutating func outputs(
        for node: TaskNode, from fields: [String: Value],
        _ build: () throws(EngineError) -> Value
    ) throws(EngineError) -> Value {
        let key = node.tableKey
        let found = entries.update(key) { entry -> Value? in
            guard entry.node === node else { return .none }
            switch OutputsMemo.likeness(of: fields, to: entry.returned) {
            case .identical:
                return .some(.object(entry.built))
            case .sameKeys:
                guard let sources = entry.sources else { return .none }
                let built = OutputsMemo.widen(fields, like: entry.built, sources)
                entry.returned = fields
                entry.built = built
                return .some(.object(built))
            case .different:
                return .none
            }
        }
        if case .some(.some(let outputs)) = found { return outputs }
        let outputs = try build()
        if case .object(let built) = outputs {
            entries[key] = Entry(
                node: node, returned: fields, built: built,
                sources: OutputsMemo.sources(of: built, from: fields, at: node))
        }
        return outputs
    }

    /// Whether `fields` are identical to `last`, or have its keys in its order, walking both
    /// once, pair by pair; keys out of line fall back to `Value.isIdentical`, which finds
    /// each by hashing.
    private static func likeness(of fields: [String: Value], to last: [String: Value])
        -> Likeness
    {
        // A copy of the last fields (a simulated agent's constant report) without reading it.
        if fields.sharesStorage(with: last) { return .identical }
        guard fields.count == last.count else { return .different }
        var identical = true
        var position = last.startIndex
        var otherPosition = fields.startIndex
        while position != last.endIndex {
            let (key, value) = last[position]
            let (otherKey, otherValue) = fields[otherPosition]
            // Storage first, without a call: keys copied from one template, and values
            // kept from it, share theirs, and a call made each pair be copied around it.
            let sameKey = key.sharesStorage(with: otherKey)
            guard sameKey || key == otherKey else {
                return Value.object(last).isIdentical(to: .object(fields))
                    ? .identical : .different
            }
            if identical {
                identical =
                    (sameKey || key.isIdentical(to: otherKey))
                    && (value.sharesStorage(with: otherValue) || value.isIdentical(to: otherValue))
            }
            last.formIndex(after: &position)
            fields.formIndex(after: &otherPosition)
        }
        return identical ? .identical : .sameKeys
    }

    /// For each field of `built`, in order, the position in `returned` of the field it took
    /// its value from, under its name or its pair's other name; `nil` when putting
    /// `returned`'s values in place does not give `built` back.
    private static func sources(
        of built: [String: Value], from returned: [String: Value], at node: TaskNode
    ) -> [Int]? {
        var positions = [String: Int](minimumCapacity: returned.count)
        for (position, key) in returned.keys.enumerated() { positions[key] = position }
        var sources: [Int] = []
        sources.reserveCapacity(built.count)
        for key in built.keys {
            if let position = positions[key] {
                sources.append(position)
                continue
            }
            let partner =
                node.step.outputs.first { $0.alias == key }?.field
                ?? node.step.outputs.first { $0.field == key }?.alias
            guard let partner, let position = positions[partner] else { return nil }
            sources.append(position)
        }
        guard widen(returned, like: built, sources) == built else { return nil }
        return sources
    }

    /// `built`'s fields, in its layout, each with the value of the returned field its
    /// source names. Where the returned values are is lined up on the stack (their indices,
    /// plain numbers), not the values: copying them there and destroying them after retained
    /// and released each, some 250 instructions a completion.
    private static func widen(
        _ fields: [String: Value], like built: [String: Value], _ sources: [Int]
    ) -> [String: Value] {
        withUnsafeTemporaryAllocation(of: [String: Value].Index.self, capacity: fields.count) {
            indices in
            var index = fields.startIndex
            for slot in indices.indices {
                indices.initializeElement(at: slot, to: index)
                fields.formIndex(after: &index)
            }
            defer { indices.deinitialize() }
            var position = 0
            return built.mapValues { _ in
                defer { position += 1 }
                return fields.values[indices[sources[position]]]
            }
        }
    }
}

extension TaskNode {
    /// The node's address as a `NumberTable` key: what the memos find a node's entry by
    /// (each entry holds its node, so that the address of a node gone cannot name another).
    var tableKey: Int { Int(bitPattern: UInt(bitPattern: ObjectIdentifier(self))) }
}
