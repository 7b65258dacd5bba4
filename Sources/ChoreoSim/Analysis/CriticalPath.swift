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
        let walker = Walker(instance: instance)
        steps = walker.finishChain(instance.program.rootNode).reversed()
        slack = walker.slacks()
    }
}

private struct Walker {
    let instance: InstanceState
    var program: WorkflowProgram { instance.program }

    func ran(_ node: Int) -> Bool {
        let state = instance.nodes[node]
        return state.startedAt >= 0 && state.status != .skipped
    }

    /// Leaves that determined the end of `node`, latest first.
    func finishChain(_ node: Int) -> [Int] {
        switch program.kinds[node] {
        case .task, .approval:
            return [node] + startChain(node)
        case .parallel:
            // Ties go to children that ended by themselves: a fail-fast parallel cancels
            // its other children at the moment its failed child ends.
            let children = program.children[node].filter(ran)
            guard
                let last = children.max(by: {
                    let left = instance.nodes[$0], right = instance.nodes[$1]
                    return (left.endedAt, left.status == .cancelled ? 0 : 1)
                        < (right.endedAt, right.status == .cancelled ? 0 : 1)
                })
            else { return startChain(node) }
            return finishChain(last)
        case .sequence, .condition, .root, .compensation:
            if program.kinds[node] == .root, instance.compensating,
                let compensation = program.compensationNodes.first(where: { $0 >= 0 && ran($0) })
            {
                return finishChain(compensation)
            }
            let children = ranChildren(node)
            guard let last = children.last else { return startChain(node) }
            return finishChain(last)
        }
    }

    /// Leaves that determined when `node` could start, latest first.
    func startChain(_ node: Int) -> [Int] {
        let parent = program.parents[node]
        if parent < 0 {
            guard program.kinds[node] == .compensation else { return [] }
            return failedStep().map(finishChain) ?? []
        }
        if program.kinds[parent] == .parallel { return startChain(parent) }
        let siblings = ranChildren(parent)
        guard let position = siblings.firstIndex(of: node), position > 0 else {
            return startChain(parent)
        }
        return finishChain(siblings[position - 1])
    }

    /// The children of a sequence-like node that ran, in order.
    func ranChildren(_ node: Int) -> [Int] {
        let state = instance.nodes[node]
        let list: [Int]
        if program.kinds[node] == .condition {
            list = state.branch == 0 ? program.alternatives[node] : program.children[node]
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
        let state = instance.nodes[node]
        return max(0, state.endedAt - state.startedAt)
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
