import ChoreoEngine

/// The `state` column, written without an `Encoder`: an instance's snapshot (history left
/// out) as `InstanceSnapshot`'s `Codable` conformance gives it, but for its nodes, which
/// `rows` lists in a compact form (`NodeRow`; since schema v10, `nodeRows` in v9). A load
/// turns them back into `NodeState`s (`NodeRow.nodes`).
///
/// A node's row is its fields in a fixed order, without their names, and without its
/// outputs when the `context` column holds them (every step's do): written at every write
/// of its instance, it costs less than the named members did to compare with a kept copy.
/// A node's inputs are fixed at each offer: they are written once per attempt and kept.
/// Inputs the engine builds only when read (the seed's `final_report`, whose inputs hold
/// the whole history) are left out of their node and listed after the other members as
/// what they are built from (`DeferredInputsRecord`).
extension JSONWriter {
    func writeSnapshot(of instance: InstanceState, nodes cache: inout WrittenNodes) {
        appendRaw(#"{"format":"#)
        writeInteger(InstanceSnapshot.currentFormat)
        appendRaw(#","serial":"#)
        writeInteger(instance.serial)
        appendRaw(#","id":"#)
        writeString(instance.id)
        appendRaw(#","workflow":"#)
        writeString(instance.program.definition.name)
        appendRaw(#","inputs":"#)
        // An instance's inputs never change: written once, then copied.
        if let inputs = cache.instanceInputs {
            append(contentsOf: inputs)
        } else {
            let start = count
            write(value: instance.inputs)
            cache.instanceInputs = bytes(from: start)
        }
        appendRaw(#","status":"#)
        writeString(instance.status.rawValue)
        appendRaw(#","startedAt":"#)
        writeInteger(instance.startedAt)
        if let endedAt = instance.endedAt {
            appendRaw(#","endedAt":"#)
            writeInteger(endedAt)
        }
        appendRaw(#","nodes":[],"rows":["#)
        cache.fit(nodeCount: instance.nodes.count)
        var deferred: [(node: Int, context: OfferContext)] = []
        let defers = instance.program.defersInputs
        let steps = instance.program.stepCount
        // Through the buffer, so that each node is read in place rather than copied (its
        // outputs, inputs and error retained and released).
        instance.nodes.withUnsafeBufferPointer { nodes in
            guard let first = nodes.baseAddress else { return }
            for index in nodes.indices {
                if index > 0 { append(UInt8(ascii: ",")) }
                var isDeferred = false
                // Only the steps the program defers can have deferred inputs: the others are
                // not asked (the answer is a copy of the template and context).
                if nodes[index].attempts > 0, index < defers.count, defers[index],
                    let inputs = nodes[index].offeredInputs?.deferred
                {
                    deferred.append((index, inputs.context))
                    isDeferred = true
                }
                writeNodeRow(
                    first + index, index: index, startedAt: instance.startedAt,
                    outputsInContext: index < steps, deferred: isDeferred, cache: &cache)
            }
        }
        appendRaw(#"],"history":[],"openTasks":"#)
        writeIntegers(instance.openTasks)
        appendRaw(#","timers":"#)
        writeIntegers(instance.timers)
        appendRaw(#","outputs":"#)
        write(value: instance.outputs)
        if let failure = instance.failure {
            appendRaw(#","failure":"#)
            writeError(failure)
        }
        appendRaw(#","compensating":"#)
        writeBool(instance.compensating)
        if !deferred.isEmpty {
            appendRaw(#","deferredInputs":"#)
            writeList(deferred) { writeDeferredInputsRecord(node: $0.node, context: $0.context) }
        }
        append(UInt8(ascii: "}"))
    }

    /// A node whole, as its `Codable` conformance gives it (its inputs as a value).
    func writeNodeState(_ node: NodeState) {
        writeNodeState(of: NodeRow(node))
    }

    /// A node's row: `0` for a node as the engine makes it (most nodes of an instance
    /// that has just started), else `{"n":[…]` with its fields in `NodeRow`'s order (since
    /// schema v10), those at their initial value at the end left out, then its error, its
    /// outputs when the context does not hold them, its inputs as kept for the attempt
    /// unless they are `deferred`, and `}`. Times are written from `startedAt`, the
    /// instance's start.
    ///
    /// The node is read field by field where it is. Passed as a value, it was copied whole
    /// (its error, outputs and inputs retained, then released) for every node at every
    /// write: the compiler cannot tell that the writing in between leaves it unchanged.
    func writeNodeRow(
        _ node: UnsafePointer<NodeState>, index: Int, startedAt: Microseconds,
        outputsInContext: Bool, deferred: Bool, cache: inout WrittenNodes
    ) {
        if node.isUntouched {
            cache.inputs[index] = nil
            return append(UInt8(ascii: "0"))
        }
        let outputsFlag = node.pointee.outputs != nil && outputsInContext
        let fields = node.changedFieldCount(outputsInContext: outputsFlag)
        appendRaw(#"{"n":["#)
        writeInteger(node.pointee.status.rowCode)
        // Spelled out, not looped over an array of them: the array would be allocated.
        if fields > 1 { writeElement(node.pointee.outcome == .partial ? 1 : 0) }
        if fields > 2 { writeElement(node.pointee.attempts) }
        if fields > 3 { writeElement(outputsFlag ? 1 : 0) }
        if fields > 4 { writeTime(node.pointee.startedAt, from: startedAt) }
        if fields > 5 { writeTime(node.pointee.endedAt, from: startedAt) }
        if fields > 6 { writeTime(node.pointee.offeredAt, from: startedAt) }
        if fields > 7 { writeTime(node.pointee.claimedAt, from: startedAt) }
        if fields > 8 { writeElement(node.pointee.task) }
        if fields > 9 { writeElement(node.pointee.cursor) }
        if fields > 10 { writeElement(node.pointee.pending) }
        if fields > 11 { writeElement(node.pointee.succeeded) }
        if fields > 12 { writeElement(node.pointee.branch) }
        if fields > 13 { writeElement(node.pointee.escalated ? 1 : 0) }
        if fields > 14 { writeElement(node.pointee.timer) }
        append(UInt8(ascii: "]"))
        if let error = node.pointee.error {
            appendRaw(#","error":"#)
            writeError(error)
        }
        if !outputsInContext, let outputs = node.pointee.outputs {
            appendRaw(#","outputs":"#)
            write(value: outputs)
        }
        if deferred {
            cache.inputs[index] = nil
        } else if node.pointee.attempts > 0 {
            writeInputs(of: node, index: index, cache: &cache)
        } else if let inputs = node.pointee.offeredInputs?.value {
            appendRaw(#","inputs":"#)
            write(value: inputs)
        }
        append(UInt8(ascii: "}"))
    }

    /// `,` and a node's time as microseconds after the instance's start (`null` for a time
    /// not set): a few digits where the time itself has sixteen, whole seconds as
    /// `<seconds>e6` (JSON's exponent, which `JSONDecoder` reads back as the integer), as
    /// a simulation's times mostly are. Wrapping, so that every time comes back exactly
    /// (`CompactNodeRow.time`), even one before the start.
    @inline(__always)
    private func writeTime(_ time: Microseconds, from start: Microseconds) {
        guard time != -1 else { return appendRaw(",null") }
        let offset = time &- start
        let (seconds, fraction) = offset.quotientAndRemainder(dividingBy: 1_000_000)
        guard fraction == 0, seconds != 0 else { return writeElement(offset) }
        writeElement(seconds)
        appendRaw("e6")
    }

    /// `,` and `number`: a list's element after its first.
    @inline(__always)
    private func writeElement<T: BinaryInteger>(_ number: T) {
        append(UInt8(ascii: ","))
        writeInteger(number)
    }

    /// `,"inputs":…` of an offered node: the bytes kept for its attempt, or written and kept.
    private func writeInputs(
        of node: UnsafePointer<NodeState>, index: Int, cache: inout WrittenNodes
    ) {
        let attempts = node.pointee.attempts
        let offeredAt = node.pointee.offeredAt
        if let kept = cache.inputs[index], kept.attempts == attempts, kept.offeredAt == offeredAt {
            append(contentsOf: kept.bytes)
            return
        }
        let start = count
        if let inputs = node.pointee.offeredInputs?.value {
            appendRaw(#","inputs":"#)
            write(value: inputs)
        }
        cache.inputs[index] = WrittenNodes.Inputs(
            attempts: attempts, offeredAt: offeredAt, bytes: bytes(from: start))
    }

    /// A `StepError` as its `Codable` conformance gives it.
    func writeError(_ error: StepError) {
        appendRaw(#"{"errorType":"#)
        writeString(error.errorType)
        appendRaw(#","message":"#)
        writeString(error.message)
        if let step = error.step {
            appendRaw(#","step":"#)
            writeInteger(step)
        }
        append(UInt8(ascii: "}"))
    }

    private func writeIntegers(_ numbers: [Int]) {
        writeList(numbers) { writeInteger($0) }
    }
}

/// Per instance: each offered node's `"inputs"` member with the attempt (number and offer
/// time) it belongs to, each step's `context` entry, and the instance's inputs, as last
/// written.
struct WrittenNodes {
    /// An attempt's inputs, which never change.
    struct Inputs {
        /// What `bytes` start with, before the inputs' JSON.
        static let memberPrefix = Array(#","inputs":"#.utf8)

        var attempts: Int32
        var offeredAt: Microseconds
        var bytes: [UInt8]
    }

    /// A step's `context` entry (`"id":{…}`, empty when the step is left out), and the
    /// status and outputs it was written from (no status: not written yet).
    struct ContextStep {
        /// Where a node keeps its outputs: an entry's are compared with them where they are.
        static let outputsOffset = MemoryLayout<NodeState>.offset(of: \NodeState.outputs)!

        static let unwritten = ContextStep(status: nil, outputs: nil, bytes: [])

        var status: StepStatus?
        var outputs: Value?
        var bytes: [UInt8]

        /// Whether the step is in the context (an entry of a step left out is empty).
        var hasText: Bool { !bytes.isEmpty }
    }

    var inputs: [Inputs?] = []
    var contextSteps: [ContextStep] = []
    /// The instance's status as its row holds it, once this store wrote the row.
    var status: InstanceStatus?
    /// The instance's inputs, as the snapshot holds them.
    var instanceInputs: [UInt8]?
    /// The `context` column's inputs, and the offset in them where the steps go.
    var contextInputs: (bytes: [UInt8], stepsAt: Int)?

    mutating func fit(nodeCount: Int) {
        guard inputs.count != nodeCount else { return }
        inputs = Array(repeating: nil, count: nodeCount)
        contextSteps = Array(repeating: .unwritten, count: nodeCount)
    }
}

extension NodeState {
    /// Whether the node is as the engine makes it, before its step begins: every field at
    /// its initial value (`NodeRow.untouched` on reading).
    var isUntouched: Bool { withUnsafePointer(to: self) { $0.isUntouched } }
}

/// A node's checks, made on the node where it is, field by field: a property of
/// `NodeState` read through `pointee` copied the node whole first (its references retained
/// and released).
extension UnsafePointer<NodeState> {
    /// `NodeState.isUntouched`.
    @inline(__always)
    var isUntouched: Bool {
        pointee.status == .waiting && pointee.attempts == 0 && pointee.startedAt == -1
            && pointee.offeredAt == -1 && pointee.claimedAt == -1 && pointee.endedAt == -1
            && pointee.task == 0 && pointee.cursor == 0 && pointee.pending == 0
            && pointee.succeeded == 0 && pointee.branch == -1 && !pointee.escalated
            && pointee.timer == 0 && pointee.error == nil && pointee.outputs == nil
            && pointee.offeredInputs == nil && pointee.outcome == .success
    }

    /// How many of a node row's fields (`NodeRow`'s order, `outputsInContext` the fourth)
    /// are written: up to the last one that is not at its initial value, and at least the
    /// status.
    @inline(__always)
    func changedFieldCount(outputsInContext: Bool) -> Int {
        if pointee.timer != 0 { return 15 }
        if pointee.escalated { return 14 }
        if pointee.branch != -1 { return 13 }
        if pointee.succeeded != 0 { return 12 }
        if pointee.pending != 0 { return 11 }
        if pointee.cursor != 0 { return 10 }
        if pointee.task != 0 { return 9 }
        if pointee.claimedAt != -1 { return 8 }
        if pointee.offeredAt != -1 { return 7 }
        if pointee.endedAt != -1 { return 6 }
        if pointee.startedAt != -1 { return 5 }
        if outputsInContext { return 4 }
        if pointee.attempts != 0 { return 3 }
        if pointee.outcome != .success { return 2 }
        return 1
    }
}

extension StepStatus {
    /// The status's number in a node row (since schema v10): fixed here, whatever order
    /// the cases are declared in.
    var rowCode: Int {
        switch self {
        case .waiting: 0
        case .offered: 1
        case .claimed: 2
        case .running: 3
        case .completed: 4
        case .partial: 5
        case .failed: 6
        case .skipped: 7
        case .rejected: 8
        case .timedOut: 9
        case .cancelled: 10
        }
    }

    /// The status whose `rowCode` is `code`, if any.
    init?(rowCode code: Int) {
        guard let status = StepStatus.allCases.first(where: { $0.rowCode == code }) else {
            return nil
        }
        self = status
    }

    /// `rawValue` as JSON text, in double quotes: the context writes one per step, and a
    /// constant is copied where a `String` is made and checked for escapes.
    var quotedRawValue: StaticString {
        switch self {
        case .waiting: #""waiting""#
        case .offered: #""offered""#
        case .claimed: #""claimed""#
        case .running: #""running""#
        case .completed: #""completed""#
        case .partial: #""partial""#
        case .failed: #""failed""#
        case .skipped: #""skipped""#
        case .rejected: #""rejected""#
        case .timedOut: #""timed_out""#
        case .cancelled: #""cancelled""#
        }
    }
}
