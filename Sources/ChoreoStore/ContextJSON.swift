import ChoreoEngine

/// The `context` column written straight from the instance: the same text as
/// `InstanceContext.value(instance)` written as a value (keys sorted), without building
/// that value at every commit.
extension JSONWriter {
    func writeContext(of instance: InstanceState, stepOrder: [Int]) {
        let stepsKey = "steps"
        var members: [(key: String, value: Value)] = []
        if case .object(let inputs) = instance.inputs {
            members = inputs.filter { $0.key != stepsKey }.sorted { $0.key < $1.key }
        }
        append(UInt8(ascii: "{"))
        var separated = false
        func separate() {
            if separated { append(UInt8(ascii: ",")) }
            separated = true
        }
        var wroteSteps = false
        for member in members {
            if !wroteSteps && stepsKey < member.key {
                separate()
                writeSteps(of: instance, stepOrder: stepOrder)
                wroteSteps = true
            }
            separate()
            writeString(member.key)
            append(UInt8(ascii: ":"))
            write(value: member.value)
        }
        if !wroteSteps {
            separate()
            writeSteps(of: instance, stepOrder: stepOrder)
        }
        append(UInt8(ascii: "}"))
    }

    /// `"steps":{…}`: each step that began, by id, with its outputs and status.
    private func writeSteps(of instance: InstanceState, stepOrder: [Int]) {
        appendRaw(#""steps":{"#)
        let steps = instance.program.definition.steps
        var count = 0
        for index in stepOrder {
            let node = instance.nodes[index]
            guard node.status != .waiting || node.outputs != nil else { continue }
            if count > 0 { append(UInt8(ascii: ",")) }
            count += 1
            writeString(steps[index].id)
            append(UInt8(ascii: ":"))
            if let outputs = node.outputs {
                appendRaw(#"{"outputs":"#)
                write(value: outputs)
                appendRaw(#","status":"#)
            } else {
                appendRaw(#"{"status":"#)
            }
            writeString(node.status.rawValue)
            append(UInt8(ascii: "}"))
        }
        append(UInt8(ascii: "}"))
    }
}
