import ChoreoEngine
import Foundation

/// The `context` column written straight from the instance: the same text as
/// `InstanceContext.value(instance)` written as a value (keys sorted), without building
/// that value at every commit.
///
/// Between two writes most of it stays the same: the instance's inputs never change, and
/// a step's entry only when its node's status or outputs do. Both are kept per instance
/// (`WrittenNodes`), each entry with the status and outputs it was written from.
extension JSONWriter {
    func writeContext(of instance: InstanceState, stepOrder: [Int], cache: inout WrittenNodes) {
        cache.fit(nodeCount: instance.nodes.count)
        if cache.contextInputs == nil {
            let start = count
            let stepsAt = writeContextInputs(of: instance)
            cache.contextInputs = (bytes(from: start), stepsAt - start)
            truncate(to: start)
        }
        let (inputs, stepsAt) = cache.contextInputs!
        inputs.withUnsafeBufferPointer { members in
            append(UnsafeBufferPointer(rebasing: members[..<stepsAt]))
            writeSteps(of: instance, stepOrder: stepOrder, cache: &cache)
            append(UnsafeBufferPointer(rebasing: members[stepsAt...]))
        }
    }

    /// The context without its steps: the inputs (bar one named `steps`) in key order,
    /// each before `steps` followed by a comma, each after preceded by one. Returns the
    /// offset where the steps go.
    private func writeContextInputs(of instance: InstanceState) -> Int {
        let stepsKey = "steps"
        var members: [(key: String, value: Value)] = []
        if case .object(let inputs) = instance.inputs {
            members = inputs.filter { $0.key != stepsKey }.sorted { $0.key < $1.key }
        }
        append(UInt8(ascii: "{"))
        var stepsAt: Int?
        for member in members {
            if stepsAt == nil && stepsKey < member.key { stepsAt = count }
            if stepsAt != nil { append(UInt8(ascii: ",")) }
            writeString(member.key)
            append(UInt8(ascii: ":"))
            write(value: member.value)
            if stepsAt == nil { append(UInt8(ascii: ",")) }
        }
        let at = stepsAt ?? count
        append(UInt8(ascii: "}"))
        return at
    }

    /// `"steps":{…}`: each step that began, by id, with its outputs and status.
    ///
    /// A step whose status and outputs are as when its entry was written is copied. The
    /// check reads both where they are, the node in the instance's buffer and the entry in
    /// the cache's: copied out, each was retained and released, at every step of every
    /// write (most of an instance's steps do not change between two writes).
    private func writeSteps(
        of instance: InstanceState, stepOrder: [Int], cache: inout WrittenNodes
    ) {
        appendRaw(#""steps":{"#)
        let steps = instance.program.definition.steps
        var first = true
        let outputsOffset = WrittenNodes.ContextStep.outputsOffset
        instance.nodes.withUnsafeBufferPointer { nodes in
            cache.contextSteps.withUnsafeMutableBufferPointer { entries in
                for index in stepOrder {
                    let node = nodes.baseAddress! + index
                    let entry = entries.baseAddress! + index
                    let status = node.pointee.status
                    if entry.pointee.status == status,
                        entry.holdsOutputs(of: node, at: outputsOffset)
                    {
                        guard entry.pointee.hasText else { continue }
                        if !first { append(UInt8(ascii: ",")) }
                        first = false
                        entry.pointee.bytes.withUnsafeBufferPointer { append($0) }
                        continue
                    }
                    let outputs = node.pointee.outputs
                    guard status != .waiting || outputs != nil else {
                        entry.pointee = .init(status: status, outputs: nil, bytes: [])
                        continue
                    }
                    if !first { append(UInt8(ascii: ",")) }
                    first = false
                    let start = count
                    writeString(steps[index].id)
                    append(UInt8(ascii: ":"))
                    if let outputs {
                        appendRaw(#"{"outputs":"#)
                        write(value: outputs)
                        appendRaw(#","status":"#)
                    } else {
                        appendRaw(#"{"status":"#)
                    }
                    appendRaw(status.quotedRawValue)
                    append(UInt8(ascii: "}"))
                    entry.pointee = .init(
                        status: status, outputs: outputs, bytes: bytes(from: start))
                }
            }
        }
        append(UInt8(ascii: "}"))
    }
}

extension UnsafeMutablePointer<WrittenNodes.ContextStep> {
    /// Whether the entry was written from outputs equal to the node's (at `offset` in it,
    /// `ContextStep.outputsOffset`): the same bits (the same storage, which the entry keeps
    /// alive, or both none) or, failing that, equal values.
    @inline(__always)
    func holdsOutputs(of node: UnsafePointer<NodeState>, at offset: Int) -> Bool {
        let outputs = UnsafeRawPointer(node) + offset
        return Swift.withUnsafeMutablePointer(to: &pointee.outputs) { kept in
            memcmp(kept, outputs, MemoryLayout<Value?>.size) == 0
                || kept.pointee == outputs.assumingMemoryBound(to: Value?.self).pointee
        }
    }
}
