import ChoreoEngine

/// The `state` column, written without an `Encoder`: an instance's snapshot (history left
/// out) as `InstanceSnapshot`'s `Codable` conformance gives it, which `JSONDecoder` reads
/// back (a test holds the two to the same bytes).
///
/// Between two writes of an instance most of its nodes do not change: each node's bytes
/// are kept (`WrittenNodes`) and copied while its fields are the same. A node's inputs are
/// fixed at each offer: they are written once per attempt and kept too. Inputs the engine
/// builds only when read (the seed's `final_report`, whose inputs hold the whole history)
/// are left out of their node and listed after the other members as what they are built
/// from (`DeferredInputsRecord`).
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
        appendRaw(#","nodes":["#)
        cache.fit(nodeCount: instance.nodes.count)
        var deferred: [(node: Int, context: OfferContext)] = []
        let defers = instance.program.defersInputs
        for (index, node) in instance.nodes.enumerated() {
            if index > 0 { append(UInt8(ascii: ",")) }
            var isDeferred = false
            // Only the steps the program defers can have deferred inputs: the others are
            // not asked (the answer is a copy of the template and context).
            if node.attempts > 0, index < defers.count, defers[index],
                let inputs = node.offeredInputs?.deferred
            {
                deferred.append((index, inputs.context))
                isDeferred = true
            }
            writeNode(node, index: index, deferred: isDeferred, cache: &cache)
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
        writeNodeHead(node)
        if let inputs = node.inputs {
            appendRaw(#","inputs":"#)
            write(value: inputs)
        }
        appendRaw(#","outcome":"#)
        writeString(node.outcome.rawValue)
        append(UInt8(ascii: "}"))
    }

    /// A node: its fields up to the outputs as kept while they stay the same, its inputs
    /// as kept for the attempt (not twice in memory) unless they are `deferred`, its outcome.
    private func writeNode(
        _ node: NodeState, index: Int, deferred: Bool, cache: inout WrittenNodes
    ) {
        if let kept = cache.nodes[index], kept.node.isWrittenTheSame(as: node) {
            append(contentsOf: kept.head)
        } else {
            let start = count
            writeNodeHead(node)
            cache.nodes[index] = WrittenNodes.Node(node: node, head: bytes(from: start))
            cache.contextSteps[index] = nil
        }
        if deferred {
            cache.inputs[index] = nil
        } else if node.attempts > 0 {
            writeInputs(of: node, index: index, cache: &cache)
        } else if let inputs = node.inputs {
            appendRaw(#","inputs":"#)
            write(value: inputs)
        }
        appendRaw(#","outcome":"#)
        writeString(node.outcome.rawValue)
        append(UInt8(ascii: "}"))
    }

    /// A node's members before its inputs, from the opening brace.
    private func writeNodeHead(_ node: NodeState) {
        appendRaw(#"{"status":"#)
        writeString(node.status.rawValue)
        appendRaw(#","attempts":"#)
        writeInteger(node.attempts)
        appendRaw(#","startedAt":"#)
        writeInteger(node.startedAt)
        appendRaw(#","offeredAt":"#)
        writeInteger(node.offeredAt)
        appendRaw(#","claimedAt":"#)
        writeInteger(node.claimedAt)
        appendRaw(#","endedAt":"#)
        writeInteger(node.endedAt)
        appendRaw(#","task":"#)
        writeInteger(node.task)
        appendRaw(#","cursor":"#)
        writeInteger(node.cursor)
        appendRaw(#","pending":"#)
        writeInteger(node.pending)
        appendRaw(#","succeeded":"#)
        writeInteger(node.succeeded)
        appendRaw(#","branch":"#)
        writeInteger(node.branch)
        appendRaw(#","escalated":"#)
        writeBool(node.escalated)
        appendRaw(#","timer":"#)
        writeInteger(node.timer)
        if let error = node.error {
            appendRaw(#","error":"#)
            writeError(error)
        }
        if let outputs = node.outputs {
            appendRaw(#","outputs":"#)
            write(value: outputs)
        }
    }

    /// `,"inputs":…` of an offered node: the bytes kept for its attempt, or written and kept.
    private func writeInputs(of node: NodeState, index: Int, cache: inout WrittenNodes) {
        if let kept = cache.inputs[index], kept.attempts == node.attempts,
            kept.offeredAt == node.offeredAt
        {
            append(contentsOf: kept.bytes)
            return
        }
        let start = count
        if let inputs = node.inputs {
            appendRaw(#","inputs":"#)
            write(value: inputs)
        }
        cache.inputs[index] = WrittenNodes.Inputs(
            attempts: node.attempts, offeredAt: node.offeredAt, bytes: bytes(from: start))
    }

    /// A `StepError` as its `Codable` conformance gives it.
    private func writeError(_ error: StepError) {
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

/// Per instance: each node's JSON up to its inputs as last written, and each offered
/// node's `"inputs"` member with the attempt (number and offer time) it belongs to.
struct WrittenNodes {
    struct Node {
        /// The node as written (its inputs compared by attempt).
        var node: NodeState
        /// Its JSON up to its inputs (kept apart, in `inputs`).
        var head: [UInt8]
    }

    /// An attempt's inputs, which never change.
    struct Inputs {
        /// What `bytes` start with, before the inputs' JSON.
        static let memberPrefix = Array(#","inputs":"#.utf8)

        var attempts: Int32
        var offeredAt: Microseconds
        var bytes: [UInt8]
    }

    var nodes: [Node?] = []
    var inputs: [Inputs?] = []
    /// Per step: its `context` entry (`"id":{…}`, empty when the step is left out), while
    /// its node stays as written.
    var contextSteps: [[UInt8]?] = []
    /// The instance's inputs, as the snapshot holds them.
    var instanceInputs: [UInt8]?
    /// The `context` column's inputs, and the offset in them where the steps go.
    var contextInputs: (bytes: [UInt8], stepsAt: Int)?

    mutating func fit(nodeCount: Int) {
        guard nodes.count != nodeCount else { return }
        nodes = Array(repeating: nil, count: nodeCount)
        inputs = Array(repeating: nil, count: nodeCount)
        contextSteps = Array(repeating: nil, count: nodeCount)
    }
}

extension NodeState {
    /// Whether `other` writes as this node does: every stored field equal, the inputs by
    /// their attempt (comparing them would build deferred ones).
    func isWrittenTheSame(as other: NodeState) -> Bool {
        status == other.status && attempts == other.attempts && startedAt == other.startedAt
            && offeredAt == other.offeredAt && claimedAt == other.claimedAt
            && endedAt == other.endedAt && task == other.task && cursor == other.cursor
            && pending == other.pending && succeeded == other.succeeded
            && branch == other.branch && escalated == other.escalated && timer == other.timer
            && outcome == other.outcome && error == other.error && outputs == other.outputs
    }
}
