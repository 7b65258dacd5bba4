/// Starting instances: input checks, ids, the workflow timeout.
extension Engine {
    /// Starts an instance of workflow `name` with `inputs` (an object).
    ///
    /// Refused, with nothing changed, for an unknown workflow or inputs that do not match
    /// the declared types and schemas.
    @discardableResult
    public func start(workflow name: String, inputs: Value) throws(EngineError) -> InstanceState {
        try command { () throws(EngineError) -> InstanceState in
            guard let program = startableProgram(named: name) else {
                let known = workflowNames.joined(separator: ", ")
                throw EngineError(
                    .unknownWorkflow,
                    "unknown workflow '\(name)' (known: \(known.isEmpty ? "none" : known))")
            }
            let checked = try checkedInputs(inputs, of: program)
            // Counted in place: a copy of the counters would copy the per-day table too.
            let serial = store.counters.nextInstance()
            let prefix = idPrefix(of: now, workflow: name)
            let dayNumber = store.counters.nextInstance(onDay: prefix)
            let id = Engine.instanceID(prefix: prefix, number: dayNumber)
            let instance = InstanceState(
                serial: serial, id: id, program: program, inputs: checked,
                now: now)
            instance.history.reserveCapacity(
                historyLengths.reservation(for: ObjectIdentifier(program)))
            // The lists of an instance that ended, if there is one (`recycleLists(of:)`).
            swap(&instance.openTasks, &spareLists.openTasks)
            swap(&instance.timers, &spareLists.timers)
            store.insert(instance)
            record(instance, .workflowStarted)
            if let timeout = program.definition.timeout {
                setTimer(instance, at: now + timeout, purpose: .workflowTimeout)
            }
            startNode(instance, program.rootNode)
            store.instanceChanged(instance)
            return instance
        }
    }

    /// The program of workflow `name`: the one last started when it has that name (every
    /// start of a load test), without hashing the name (some 380 instructions a start).
    private func startableProgram(named name: String) -> WorkflowProgram? {
        if let last = lastStarted, last.definition.name == name { return last }
        lastStarted = program(named: name)
        return lastStarted
    }

    /// `inputs` checked against `program`'s declared inputs; inputs identical to the last
    /// ones accepted (every start of a load test) are not checked again.
    private func checkedInputs(_ inputs: Value, of program: WorkflowProgram) throws(EngineError)
        -> Value
    {
        if let last = lastAccepted, last.program === program, last.given.isIdentical(to: inputs) {
            return last.checked
        }
        let checked = try Engine.checkInputs(inputs, of: program.definition)
        lastAccepted = (program, inputs, checked)
        return checked
    }

    /// `yyyy-mm-dd-workflow` for the day `time` falls on: the id prefix the day's
    /// instances are numbered under.
    private func idPrefix(of time: Microseconds, workflow name: String) -> String {
        let day = time >= 0 ? time / Durations.day : (time + 1) / Durations.day - 1
        if day != startPrefix.day || name != startPrefix.workflow {
            startPrefix = (day, name, "\(CivilTime(timestamp: time).dateText)-\(name)")
        }
        return startPrefix.text
    }

    /// `wf-<prefix>-<number>`, the number zero-padded to three digits, written byte by
    /// byte into a string of its final size: an interpolation, or appends, built it piece
    /// by piece for some 1,800 instructions a start.
    static func instanceID(prefix: String, number: Int) -> String {
        var digitCount = 1
        var rest = number.magnitude / 10
        while rest > 0 {
            digitCount += 1
            rest /= 10
        }
        let width = max(3, digitCount)
        var prefix = prefix
        return prefix.withUTF8 { prefixBytes in
            let length = 4 + prefixBytes.count + width
            return String(unsafeUninitializedCapacity: length) { buffer in
                buffer[0] = UInt8(ascii: "w")
                buffer[1] = UInt8(ascii: "f")
                buffer[2] = UInt8(ascii: "-")
                // Copied as one block (the prefix, a date and a name, is never empty).
                UnsafeMutableRawPointer(buffer.baseAddress! + 3).copyMemory(
                    from: prefixBytes.baseAddress!, byteCount: prefixBytes.count)
                buffer[3 + prefixBytes.count] = UInt8(ascii: "-")
                var value = number.magnitude
                for position in (length - width..<length).reversed() {
                    buffer[position] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                return length
            }
        }
    }

    /// The inputs checked against the declared inputs: every problem in one message.
    ///
    /// Public so that a scenario can be checked against its workflow when it loads.
    public static func checkInputs(
        _ inputs: Value, of definition: WorkflowDefinition
    ) throws(EngineError) -> Value {
        let given: [String: Value]
        switch inputs {
        case .object(let members): given = members
        case .null: given = [:]
        default:
            throw EngineError(.invalidInputs, "inputs must be an object, found \(inputs.typeName)")
        }
        var problems: [String] = []
        for input in definition.inputs {
            guard let value = given[input.name], value != .null else {
                if input.required {
                    problems.append(
                        "input '\(input.name)' is missing (expected \(input.type.rawValue))")
                }
                continue
            }
            guard input.type.accepts(value) else {
                problems.append(
                    "input '\(input.name)' must be \(input.type.rawValue), found \(value.typeName)")
                continue
            }
            for field in input.schema {
                let member = value[field.name]
                if member == .null {
                    problems.append(
                        "input '\(input.name)' lacks '\(field.name)' (expected \(field.type.rawValue))"
                    )
                } else if !field.type.accepts(member) {
                    problems.append(
                        "input '\(input.name).\(field.name)' must be \(field.type.rawValue), "
                            + "found \(member.typeName)")
                }
            }
        }
        guard problems.isEmpty else {
            throw EngineError(.invalidInputs, problems.joined(separator: "; "))
        }
        return .object(given)
    }
}
