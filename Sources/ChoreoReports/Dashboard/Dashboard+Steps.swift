/// The dashboard's step tree: conditions are transparent (the branch taken shows in
/// their place), parallels and sequences show their children one level deep.
extension Dashboard {
    static func stepLines(_ instance: InstanceState, now: Microseconds, notes: [String: String])
        -> [String]
    {
        let program = instance.program
        var lines: [(String, String, String)] = []
        var shown = visible(program.children[program.rootNode], instance)
        // A compensation (a `custom` handler's steps) that started follows the steps: while
        // it runs, what is under way is there.
        for node in program.compensationNodes
        where node >= 0 && instance.nodes[node].status != .waiting
            && instance.nodes[node].status != .skipped
        {
            shown += visible(program.children[node], instance)
        }
        for node in shown {
            lines.append(line(node, instance, now: now, prefix: "", notes: notes))
            let kind = program.kinds[node]
            guard kind == .parallel || kind == .sequence else { continue }
            let children = visible(program.children[node], instance)
            for (position, child) in children.enumerated() {
                let branch = position + 1 == children.count ? "  └─ " : "  ├─ "
                lines.append(
                    line(child, instance, now: now, prefix: branch, notes: notes, nested: true))
            }
        }
        let width = max(28, (lines.map(\.0.count).max() ?? 0) + 2)
        return lines.map { pad($0.0, width) + pad($0.1, 12) + $0.2 }
    }

    /// The nodes to show for `nodes`: conditions replaced by the children of the branch
    /// they took (or both branches while not yet evaluated), skipped steps left out.
    private static func visible(_ nodes: [Int], _ instance: InstanceState) -> [Int] {
        let program = instance.program
        var result: [Int] = []
        for node in nodes {
            let state = instance.nodes[node]
            if program.kinds[node] == .condition {
                switch state.branch {
                case 1: result += visible(program.children[node], instance)
                case 0: result += visible(program.alternatives[node], instance)
                default: break  // Not evaluated yet: what runs depends on it.
                }
                continue
            }
            if state.status != .skipped { result.append(node) }
        }
        return result
    }

    private static func line(
        _ node: Int, _ instance: InstanceState, now: Microseconds, prefix: String,
        notes: [String: String], nested: Bool = false
    ) -> (String, String, String) {
        let program = instance.program
        let state = instance.nodes[node]
        let name = prefix + symbol(state) + " " + program.name(of: node)
        let kind = program.kinds[node]
        var duration = ""
        if !nested {
            if state.status.isFinal && state.startedAt >= 0 {
                duration =
                    "(\(EstimateReport.span(Durations.seconds(state.endedAt - state.startedAt))))"
            } else if state.status == .waiting {
                duration = "(waiting)"
            } else {
                duration = "(running)"
            }
        }
        var who: String
        switch program.definition.steps[node].kind {
        case .approval(let approval):
            who = approval.approvers.map { $0.role?.uppercased() ?? $0.team }.joined(
                separator: ", ")
        case .task(let task):
            who = task.team
        default:
            // A nested container reads as its outcome, a top-level one as its kind.
            let done = nested && state.status.isFinal
            who =
                done
                ? "[\(state.status == .completed ? "complete" : state.status.rawValue)]"
                : "[\(program.definition.steps[node].kindName)]"
        }
        if state.status == .partial, kind == .task { who += " (partial)" }
        if let note = notes[program.name(of: node)] { who += " (\(note))" }
        return (name, duration, who)
    }

    private static func symbol(_ state: NodeState) -> String {
        switch state.status {
        case .completed: return "✓"
        case .partial: return "⚠"
        case .failed, .timedOut, .rejected: return "✗"
        case .cancelled: return "⊘"
        case .skipped: return "–"
        case .waiting where state.attempts == 0: return "⏸"
        default: return "▶"
        }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
