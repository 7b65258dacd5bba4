/// The critical path of a finished run: the chain of steps whose times determined when
/// the instance ended, and every step's slack.
///
/// The chain is found by walking back from the end through whatever released each step:
/// the sequence predecessor, the last child of a parallel to finish, the branch taken,
/// the failed step that started a compensation. Slack is the critical-path method's:
/// how much later a step could have ended, with the durations it had, without moving the
/// end (it ignores that a later finish might have changed who waited for whom).
public struct CriticalPath: Sendable, Hashable {
    /// Task and approval steps on the path, in time order (definition indices).
    public var steps: [Int]
    /// Per step index: slack in microseconds, or `nil` for a step that did not run.
    public var slack: [Microseconds?]

    /// The path of `instance`, which must have ended.
    public init(_ instance: InstanceState) {
        steps = CriticalPath.steps(of: instance)
        slack = Walker(instance: instance).slacks()
    }

    /// Only the steps on the path of `instance` (what a Monte Carlo replication keeps).
    public static func steps(of instance: InstanceState) -> [Int] {
        var chain: [Int] = []
        Walker(instance: instance).finishChain(instance.program.rootNode, into: &chain)
        return chain.reversed()
    }
}

private struct Walker {
    let instance: InstanceState
    var program: WorkflowProgram { instance.program }

    // Fields are read one by one: copying a whole `NodeState` retains its values.
    func ran(_ node: Int) -> Bool {
        instance.nodes[node].startedAt >= 0 && instance.nodes[node].status != .skipped
    }

    /// Appends the leaves that determined the end of `node` to `chain`, latest first.
    func finishChain(_ node: Int, into chain: inout [Int]) {
        switch program.kinds[node] {
        case .task, .approval:
            chain.append(node)
            startChain(node, into: &chain)
        case .parallel:
            // Ties go to children that ended by themselves: a fail-fast parallel cancels
            // its other children at the moment its failed child ends.
            let children = program.children[node].filter(ran)
            guard
                let last = children.max(by: {
                    let nodes = instance.nodes
                    return (nodes[$0].endedAt, nodes[$0].status == .cancelled ? 0 : 1)
                        < (nodes[$1].endedAt, nodes[$1].status == .cancelled ? 0 : 1)
                })
            else { return startChain(node, into: &chain) }
            finishChain(last, into: &chain)
        case .sequence, .condition, .root, .compensation:
            if program.kinds[node] == .root, instance.compensating,
                let compensation = program.compensationNodes.first(where: { $0 >= 0 && ran($0) })
            {
                return finishChain(compensation, into: &chain)
            }
            let children = ranChildren(node)
            guard let last = children.last else { return startChain(node, into: &chain) }
            finishChain(last, into: &chain)
        }
    }

    /// Appends the leaves that determined when `node` could start to `chain`, latest first.
    func startChain(_ node: Int, into chain: inout [Int]) {
        let parent = program.parents[node]
        if parent < 0 {
            guard program.kinds[node] == .compensation, let failed = failedStep() else { return }
            return finishChain(failed, into: &chain)
        }
        if program.kinds[parent] == .parallel { return startChain(parent, into: &chain) }
        let siblings = ranChildren(parent)
        guard let position = siblings.firstIndex(of: node), position > 0 else {
            return startChain(parent, into: &chain)
        }
        finishChain(siblings[position - 1], into: &chain)
    }

    /// The children of a sequence-like node that ran, in order.
    func ranChildren(_ node: Int) -> [Int] {
        let list: [Int]
        if program.kinds[node] == .condition {
            list =
                instance.nodes[node].branch == 0
                ? program.alternatives[node] : program.children[node]
        } else {
            list = program.children[node]
        }
        return list.filter(ran)
    }

    /// The step whose failure started the compensation.
    func failedStep() -> Int? {
        for event in instance.history.reversed() {
            if case .handlerStarted(_, _, let step) = event.kind { return step }
        }
        return nil
    }

    /// Latest finishes by the critical-path method, then slack = latest - actual.
    func slacks() -> [Microseconds?] {
        var latest = [Microseconds?](repeating: nil, count: program.nodeCount)
        let end = instance.endedAt ?? instance.startedAt
        let compensation = program.compensationNodes.first { $0 >= 0 && ran($0) }
        let bodyEnd = compensation.map { instance.nodes[$0].startedAt } ?? end
        assign(program.rootNode, latestFinish: bodyEnd, into: &latest)
        if let compensation { assign(compensation, latestFinish: end, into: &latest) }
        return (0..<program.stepCount).map { node in
            guard ran(node), let finish = latest[node], instance.nodes[node].endedAt >= 0 else {
                return nil
            }
            return max(0, finish - instance.nodes[node].endedAt)
        }
    }

    func duration(_ node: Int) -> Microseconds {
        max(0, instance.nodes[node].endedAt - instance.nodes[node].startedAt)
    }

    func assign(_ node: Int, latestFinish: Microseconds, into latest: inout [Microseconds?]) {
        latest[node] = latestFinish
        switch program.kinds[node] {
        case .task, .approval:
            return
        case .parallel:
            for child in program.children[node] where ran(child) {
                assign(child, latestFinish: latestFinish, into: &latest)
            }
        case .sequence, .condition, .root, .compensation:
            var finish = latestFinish
            for child in ranChildren(node).reversed() {
                assign(child, latestFinish: finish, into: &latest)
                finish -= duration(child)
            }
        }
    }
}
