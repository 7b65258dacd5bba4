/// Chrome trace event JSON (opens in Perfetto and chrome://tracing): a process per
/// instance, a track per team agent, so parallel work never overlaps on one track.
public enum ChromeTrace {
    /// The trace of `instances`, drawn from the simulation's task timings.
    public static func render(_ instances: [InstanceState], timings: [TaskTiming]) -> String {
        guard let origin = instances.map(\.startedAt).min() else { return "{\"traceEvents\":[]}\n" }
        var events: [Value] = []
        // Team numbers in order of first appearance, so tracks group by team.
        var teamTracks: [String: Int] = [:]
        for timing in timings where teamTracks[timing.team] == nil {
            teamTracks[timing.team] = teamTracks.count
        }
        for instance in instances {
            let pid = Value.number(Double(instance.serial))
            events.append(metadata("process_name", pid: pid, tid: 0, name: instance.id))
            events.append(metadata("thread_name", pid: pid, tid: 0, name: "workflow"))
            events.append(
                span(
                    name: instance.program.definition.name, category: "workflow", pid: pid, tid: 0,
                    start: instance.startedAt - origin,
                    end: (instance.endedAt ?? instance.startedAt) - origin,
                    args: ["status": .string(instance.status.rawValue)]))
            var named = Set<Int>()
            for timing in timings where timing.instance == instance.serial {
                let tid = 1 + teamTracks[timing.team]! * 1_000 + timing.agent
                if named.insert(tid).inserted {
                    events.append(
                        metadata(
                            "thread_name", pid: pid, tid: tid,
                            name: "\(timing.team) #\(timing.agent + 1)"))
                }
                let start = timing.claimed >= 0 ? timing.claimed : timing.taken
                events.append(
                    span(
                        name: instance.program.name(of: timing.step), category: timing.team,
                        pid: pid,
                        tid: tid, start: start - origin, end: timing.ended - origin,
                        args: [
                            "task": .string(TeamTask.id(timing.task)),
                            "kind": .string(timing.kind.rawValue),
                            "waited_for_agent_s": .number(
                                Durations.seconds(timing.taken - timing.offered)),
                            "reported": .bool(timing.reported),
                        ]))
            }
        }
        let trace: Value = ["traceEvents": .list(events), "displayTimeUnit": "ms"]
        return trace.json + "\n"
    }

    private static func metadata(_ kind: String, pid: Value, tid: Int, name: String) -> Value {
        [
            "ph": "M", "name": .string(kind), "pid": pid, "tid": .number(Double(tid)),
            "args": ["name": .string(name)],
        ]
    }

    private static func span(
        name: String, category: String, pid: Value, tid: Int, start: Microseconds,
        end: Microseconds, args: [String: Value]
    ) -> Value {
        [
            "ph": "X", "name": .string(name), "cat": .string(category), "pid": pid,
            "tid": .number(Double(tid)), "ts": .number(Double(start)),
            "dur": .number(Double(max(0, end - start))), "args": .object(args),
        ]
    }
}

/// A Mermaid Gantt chart of one instance: a section per team, a bar per step.
public enum MermaidGantt {
    public static func render(_ instance: InstanceState) -> String {
        let program = instance.program
        var lines = [
            "gantt", "    title \(program.definition.name) \(instance.id)",
            "    dateFormat YYYY-MM-DDTHH:mm:ss", "    axisFormat %H:%M",
        ]
        var sections: [String: [String]] = [:]
        var order: [String] = []
        for step in program.definition.steps {
            let node = instance.nodes[step.index]
            guard node.startedAt >= 0, node.endedAt >= 0, let team = step.team else { continue }
            let tag: String
            switch node.status {
            case .completed, .partial: tag = "done, "
            case .failed, .timedOut, .rejected: tag = "crit, "
            default: tag = ""
            }
            let start = CivilTime(timestamp: node.startedAt).mermaidText
            let end = CivilTime(timestamp: max(node.endedAt, node.startedAt + Durations.second))
                .mermaidText
            if sections[team] == nil { order.append(team) }
            sections[team, default: []].append(
                "    \(step.id.replacingColons()) :\(tag)s\(step.index), \(start), \(end)")
        }
        for team in order {
            lines.append("    section \(team)")
            lines.append(contentsOf: sections[team]!)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension CivilTime {
    /// `2025-01-22T10:45:13`: what Mermaid's `dateFormat YYYY-MM-DDTHH:mm:ss` reads.
    fileprivate var mermaidText: String { String(logText.map { $0 == " " ? "T" : $0 }) }
}

extension String {
    fileprivate func replacingColons() -> String {
        String(map { $0 == ":" || $0 == "#" || $0 == ";" ? "_" : $0 })
    }
}
