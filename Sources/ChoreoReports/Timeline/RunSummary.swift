/// The `choreo simulate --json` object for one instance: status, times, and every step.
public enum RunSummary {
    /// The summary of `instance`. Step times are seconds from the instance's start.
    /// Each step carries its `slack` in seconds and the summary its `critical_path` (step
    /// ids in time order) once the instance has ended.
    public static func value(_ instance: InstanceState) -> Value {
        let program = instance.program
        let path = instance.endedAt == nil ? nil : CriticalPath(instance)
        let start = instance.startedAt
        func seconds(_ time: Microseconds) -> Value {
            time < 0 ? .null : .number(Durations.seconds(time - start))
        }
        var steps: [Value] = []
        for step in program.definition.steps {
            let node = instance.nodes[step.index]
            var object: [String: Value] = [
                "id": .string(step.id), "kind": .string(step.kindName),
                "status": .string(node.status.rawValue),
                "team": step.team.map(Value.string) ?? .null,
                "action": .null, "offered": seconds(node.offeredAt),
                "claimed": seconds(node.claimedAt),
                "started": seconds(node.claimedAt >= 0 ? node.claimedAt : node.startedAt),
                "ended": seconds(node.endedAt), "attempts": .number(Double(node.attempts)),
                "inputs": node.inputs ?? .null, "outputs": node.outputs ?? .null,
            ]
            if case .task(let task) = step.kind { object["action"] = .string(task.action) }
            object["slack"] =
                path?.slack[step.index].map { .number(Durations.seconds($0)) } ?? .null
            if let error = node.error {
                object["error"] = [
                    "error_type": .string(error.errorType), "message": .string(error.message),
                ]
            }
            steps.append(.object(object))
        }
        let ended = instance.endedAt
        var summary: [String: Value] = [
            "instance": .string(instance.id), "workflow": .string(program.definition.name),
            "status": .string(instance.status.rawValue),
            "started_at": .string(CivilTime(timestamp: start).isoText),
            "ended_at": ended.map { .string(CivilTime(timestamp: $0).isoText) } ?? .null,
            "duration": ended.map { .number(Durations.seconds($0 - start)) } ?? .null,
            "outputs": instance.outputs, "steps": .list(steps),
            "critical_path": .list((path?.steps ?? []).map { .string(program.name(of: $0)) }),
        ]
        if let failure = instance.failure {
            summary["error"] = [
                "error_type": .string(failure.errorType), "message": .string(failure.message),
            ]
        }
        return .object(summary)
    }
}

/// History events as JSON Lines: one object per event, with the instance id.
public enum JSONLines {
    public static func render(_ instance: InstanceState) -> String {
        var text = ""
        for event in instance.history {
            guard case .object(var object) = event.value(program: instance.program) else {
                continue
            }
            object["instance"] = .string(instance.id)
            text += Value.object(object).json + "\n"
        }
        return text
    }
}
