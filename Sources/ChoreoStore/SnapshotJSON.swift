import ChoreoEngine

/// The `state` column, written without an `Encoder`: an instance's snapshot (history left
/// out) as `InstanceSnapshot`'s `Codable` conformance gives it, which `JSONDecoder` reads
/// back (a test holds the two to the same bytes).
///
/// A node's inputs are fixed at each offer, and the seed's `final_report` inputs hold the
/// whole history, built anew whenever they are read: they are written once per attempt
/// and the bytes kept (`NodeInputsCache`), so that a commit writes only what changed.
extension JSONWriter {
    func writeSnapshot(of instance: InstanceState, inputs cache: inout NodeInputsCache) {
        appendRaw(#"{"format":"#)
        writeInteger(InstanceSnapshot.currentFormat)
        appendRaw(#","serial":"#)
        writeInteger(instance.serial)
        appendRaw(#","id":"#)
        writeString(instance.id)
        appendRaw(#","workflow":"#)
        writeString(instance.program.definition.name)
        appendRaw(#","inputs":"#)
        write(value: instance.inputs)
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
        for (index, node) in instance.nodes.enumerated() {
            if index > 0 { append(UInt8(ascii: ",")) }
            writeNode(node, index: index, inputs: &cache)
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
        append(UInt8(ascii: "}"))
    }

    private func writeNode(_ node: NodeState, index: Int, inputs cache: inout NodeInputsCache) {
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
        if node.attempts > 0 {
            writeInputs(of: node, index: index, cache: &cache)
        } else if let inputs = node.inputs {
            appendRaw(#","inputs":"#)
            write(value: inputs)
        }
        appendRaw(#","outcome":"#)
        writeString(node.outcome.rawValue)
        append(UInt8(ascii: "}"))
    }

    /// `,"inputs":…` of an offered node: the bytes kept for its attempt, or written and kept.
    private func writeInputs(of node: NodeState, index: Int, cache: inout NodeInputsCache) {
        if let kept = cache.entries[index], kept.attempts == node.attempts,
            kept.offeredAt == node.offeredAt
        {
            append(contentsOf: kept.bytes)
            return
        }
        let start = bytes.count
        if let inputs = node.inputs {
            appendRaw(#","inputs":"#)
            write(value: inputs)
        }
        cache.entries[index] = NodeInputsCache.Entry(
            attempts: node.attempts, offeredAt: node.offeredAt, bytes: Array(bytes[start...]))
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
        append(UInt8(ascii: "["))
        for (position, number) in numbers.enumerated() {
            if position > 0 { append(UInt8(ascii: ",")) }
            writeInteger(number)
        }
        append(UInt8(ascii: "]"))
    }
}

/// Per instance: each offered node's `"inputs"` member as last written, with the attempt
/// (number and offer time) it belongs to. An attempt's inputs never change.
struct NodeInputsCache {
    struct Entry {
        /// What `bytes` start with, before the inputs' JSON.
        static let memberPrefix = Array(#","inputs":"#.utf8)

        var attempts: Int32
        var offeredAt: Microseconds
        var bytes: [UInt8]
    }

    var entries: [Entry?] = []

    mutating func fit(nodeCount: Int) {
        if entries.count != nodeCount { entries = Array(repeating: nil, count: nodeCount) }
    }
}
