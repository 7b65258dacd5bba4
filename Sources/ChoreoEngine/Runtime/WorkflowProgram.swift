/// A workflow definition prepared for execution: flat arrays the engine indexes directly.
///
/// Beyond the definition's steps, the program has synthetic sequence nodes: the body
/// (`rootNode`) and one compensation sequence per `custom` handler. Node `i` for
/// `i < stepCount` is step `i` of the definition.
public final class WorkflowProgram: Sendable {
    /// The shape of a node, without payload, for fast dispatch.
    public enum NodeKind: UInt8, Sendable {
        case task, approval, condition, parallel, sequence
        /// The workflow body.
        case root
        /// A custom handler's steps.
        case compensation
    }

    public let definition: WorkflowDefinition
    /// Number of real steps; nodes from here on are synthetic.
    public let stepCount: Int
    /// The body's node.
    public let rootNode: Int
    public let kinds: [NodeKind]
    /// The enclosing node of each node (-1 for the body and compensation roots).
    public let parents: [Int]
    /// Children in order; for a condition, its `if_true` branch.
    public let children: [[Int]]
    /// For a condition, its `if_false` branch; empty for every other node.
    public let alternatives: [[Int]]
    /// Per handler index: its compensation node, or -1.
    public let compensationNodes: [Int]
    /// Per node: whether it is a task whose inputs read `workflow.history`, so that they
    /// are built only when read (see `OfferedInputs`).
    public let defersInputs: [Bool]
    /// Per declared workflow output, by name: the name again and the task steps, in
    /// definition order, that declare a field or alias of it. The last of them that
    /// produced a value gives the workflow's output. Keyed as the outputs are, so that an
    /// instance's outputs are these entries' values replaced (`mapValues`), the names
    /// hashed once here rather than at the end of every instance.
    let outputSources: [String: (name: String, steps: [Int])]
    /// Per node: the task step as it is offered, for task steps.
    let taskNodes: [TaskNode?]
    /// Per node: where an approval's tasks are offered, one site per approver.
    let approvalSites: [[TaskSite]]
    /// Per approval node: its tasks' inputs, `{"message": …}`, as a template, the steps
    /// the message reads and whether it reads the history (see `Engine.offerApproval`).
    let approvalInputs: [(template: Template, readsSteps: [Int], readsHistory: Bool)?]
    /// Per node: where an escalation about it is offered.
    let escalationSites: [TaskSite]
    /// Per node: a condition's condition (`nil` for every other node), read without copying
    /// the step out of its enum (a retain and a release of its payload).
    let conditions: [Template?]
    /// Per node: a condition that compares two operands, each a literal or a member of a
    /// step's outputs, prepared so that evaluating it walks no expression tree; `nil` for
    /// other conditions (evaluated from `conditions`) and other nodes.
    let comparisons: [ConditionComparison?]
    /// Per node: a parallel's `continue_on` (`allSuccess` for every other node), read
    /// without copying the step out of its enum.
    let continueOn: [ContinueOn]
    /// Handler indices per error type, in declaration order.
    private let handlersByType: [String: [Int]]

    public init(_ definition: WorkflowDefinition) {
        self.definition = definition
        let steps = definition.steps
        stepCount = steps.count
        rootNode = steps.count
        var kinds: [NodeKind] = []
        var parents: [Int] = []
        var children: [[Int]] = []
        var alternatives: [[Int]] = []
        for step in steps {
            switch step.kind {
            case .task: kinds.append(.task)
            case .approval: kinds.append(.approval)
            case .condition: kinds.append(.condition)
            case .parallel: kinds.append(.parallel)
            case .sequence: kinds.append(.sequence)
            }
            parents.append(step.parent ?? -1)
            if case .condition(let condition) = step.kind {
                children.append(condition.ifTrue)
                alternatives.append(condition.ifFalse)
            } else {
                children.append(step.children)
                alternatives.append([])
            }
        }
        kinds.append(.root)
        parents.append(-1)
        children.append(definition.body)
        alternatives.append([])
        for index in definition.body { parents[index] = steps.count }
        var compensationNodes: [Int] = []
        var handlersByType: [String: [Int]] = [:]
        for (handlerIndex, handler) in definition.errorHandlers.enumerated() {
            handlersByType[handler.errorType, default: []].append(handlerIndex)
            guard case .custom(let handlerSteps) = handler.action else {
                compensationNodes.append(-1)
                continue
            }
            let node = kinds.count
            kinds.append(.compensation)
            parents.append(-1)
            children.append(handlerSteps)
            alternatives.append([])
            for index in handlerSteps { parents[index] = node }
            compensationNodes.append(node)
        }
        self.kinds = kinds
        self.parents = parents
        self.children = children
        self.alternatives = alternatives
        self.compensationNodes = compensationNodes
        self.handlersByType = handlersByType
        defersInputs = kinds.indices.map { node in
            guard node < steps.count, case .task(let task) = steps[node].kind else { return false }
            return task.inputs.readsHistory
        }
        let sources = definition.outputs.map { name in
            let steps = steps.filter { step in
                guard case .task(let task) = step.kind else { return false }
                return task.outputs.contains { $0.field == name || $0.alias == name }
            }
            return (name, (name: name, steps: steps.map(\.index)))
        }
        // A name declared twice is one output, with the same steps either time.
        outputSources = Dictionary(sources, uniquingKeysWith: { first, _ in first })
        let names = kinds.indices.map { WorkflowProgram.name(of: $0, in: definition) }
        let defersInputs = self.defersInputs
        // Every site names its team with the string `definition.teams` lists (the first of
        // its spellings in the file): a driver that keeps those strings finds a task's team
        // by comparing one string's storage with another's, not their text.
        let teamNames = Dictionary(uniqueKeysWithValues: definition.teams.map { ($0, $0) })
        func team(_ name: String) -> String { teamNames[name] ?? name }
        taskNodes = kinds.indices.map { node in
            guard node < steps.count, case .task(let task) = steps[node].kind else { return nil }
            return TaskNode(
                site: TaskSite(
                    step: node, stepID: names[node], kind: .task, team: team(task.team), role: nil,
                    action: task.action),
                step: task, defersInputs: defersInputs[node])
        }
        approvalSites = kinds.indices.map { node in
            guard node < steps.count, case .approval(let approval) = steps[node].kind else {
                return []
            }
            return approval.approvers.map { approver in
                TaskSite(
                    step: node, stepID: names[node], kind: .approval, team: team(approver.team),
                    role: approver.role, action: "approve")
            }
        }
        approvalInputs = kinds.indices.map { node in
            guard node < steps.count, case .approval(let approval) = steps[node].kind else {
                return nil
            }
            switch approval.message {
            case nil: return (.constant(["message": .null]), [], false)
            case .constant(let text)?: return (.constant(["message": text]), [], false)
            case let message?:
                return (
                    .object([TemplateMember(key: "message", value: message)]), message.stepsRead,
                    message.readsHistory
                )
            }
        }
        conditions = kinds.indices.map { node in
            guard node < steps.count, case .condition(let condition) = steps[node].kind else {
                return nil
            }
            return condition.condition
        }
        comparisons = conditions.map { $0.flatMap(ConditionComparison.init) }
        continueOn = kinds.indices.map { node in
            guard node < steps.count, case .parallel(let parallel) = steps[node].kind else {
                return .allSuccess
            }
            return parallel.continueOn
        }
        escalationSites = kinds.indices.map { node in
            TaskSite(
                step: node, stepID: names[node], kind: .escalation,
                team: team(definition.escalationTeam), role: nil, action: "escalation")
        }
    }

    /// Number of nodes, synthetic ones included.
    public var nodeCount: Int { kinds.count }

    /// The handlers for `errorType`, in declaration order.
    public func handlers(for errorType: String) -> [ErrorHandler] {
        guard let indices = handlersByType[errorType] else { return [] }
        return indices.map { definition.errorHandlers[$0] }
    }

    /// The first `retry` handler for `errorType`.
    public func retryPolicy(for errorType: String) -> (
        maxAttempts: Int, backoff: Microseconds?, then: ErrorHandler.FollowUp?
    )? {
        for handler in handlers(for: errorType) {
            if case .retry(let maxAttempts, let backoff, let then) = handler.action {
                return (maxAttempts, backoff, then)
            }
        }
        return nil
    }

    /// Whether an error of `errorType` goes to the escalation team once retries are spent.
    public func escalates(_ errorType: String) -> Bool {
        handlers(for: errorType).contains {
            switch $0.action {
            case .escalate, .retry(_, _, .escalate?): return true
            default: return false
            }
        }
    }

    /// The compensation node of the first `custom` handler for `errorType`, if any.
    public func compensationNode(for errorType: String) -> Int? {
        guard let indices = handlersByType[errorType] else { return nil }
        for index in indices where compensationNodes[index] >= 0 {
            return compensationNodes[index]
        }
        return nil
    }

    /// The step id of node `node`, or a name for a synthetic node.
    public func name(of node: Int) -> String { WorkflowProgram.name(of: node, in: definition) }

    /// The step id of node `node` of `definition`'s program: the workflow's name for the
    /// body (the node after the steps), `handler` for a compensation sequence.
    private static func name(of node: Int, in definition: WorkflowDefinition) -> String {
        if node < definition.steps.count { return definition.steps[node].id }
        return node == definition.steps.count ? definition.name : "handler"
    }
}

/// A task step as the engine offers it: its site and its definition, in one object that
/// an offer reads through one reference instead of copying the step out of its enum.
final class TaskNode: Sendable {
    let site: TaskSite
    let step: TaskStep
    /// Whether its inputs read `workflow.history` (see `OfferedInputs`).
    let defersInputs: Bool
    /// The steps its inputs read, each once, in ascending order.
    let readsSteps: [Int]
    /// Whether its inputs are built from nothing but the workflow's inputs (and name), so
    /// that instances started with the same inputs get the same value.
    let inputsFollowWorkflowInputs: Bool
    /// Whether its inputs read steps' outputs and otherwise nothing but what
    /// `inputsFollowWorkflowInputs` allows, so that instances whose workflow inputs and read
    /// outputs are identical get the same value.
    let inputsFollowOutputs: Bool
    /// Whether a declared output has an alias besides its name, so that completing the
    /// task adds fields to what the agent returned.
    let aliasesOutputs: Bool

    init(site: TaskSite, step: TaskStep, defersInputs: Bool) {
        self.site = site
        self.step = step
        self.defersInputs = defersInputs
        readsSteps = step.inputs.stepsRead
        let roots = step.inputs.expressions.flatMap { $0.paths.map(\.path.root) }
        inputsFollowWorkflowInputs = roots.allSatisfy {
            switch $0 {
            case .inputs, .workflow(.initialState), .workflow(.name): return true
            case .step, .workflow: return false
            }
        }
        inputsFollowOutputs =
            !inputsFollowWorkflowInputs
            && roots.allSatisfy {
                switch $0 {
                case .inputs, .workflow(.initialState), .workflow(.name), .step(_, _, .outputs):
                    return true
                case .step, .workflow: return false
                }
            }
        aliasesOutputs = step.outputs.contains { $0.field != $0.alias }
    }
}

/// A condition `left operation right` (`steps.assess.outputs.cost_delta > 500`) whose
/// operands are literals or members of a step's outputs: what the seed's conditions are.
///
/// Evaluated as `Expression.evaluateExplained(in:)` evaluates it, with the same value and
/// explanation, but from operands taken apart once: walking the expression copied each
/// node's payload and each path out of it (a retain and a release apiece), about half of
/// a condition's instructions.
final class ConditionComparison: Sendable {
    /// An operand read without an expression tree.
    enum Operand: Sendable {
        case literal(Value)
        /// `steps.<id>.outputs.<members…>`: the outputs of step `step`.
        case outputs(step: Int, members: [String])
    }

    let operation: BinaryOperator
    let left: Operand
    let right: Operand

    /// The comparison `condition` is, or `nil` when it is anything else.
    init?(_ condition: Template) {
        guard case .expression(let expression) = condition,
            case .binary(let operation, let left, let right) = expression.kind,
            operation.isComparison,
            let left = Operand(left), let right = Operand(right)
        else { return nil }
        self.operation = operation
        self.left = left
        self.right = right
    }

    /// The condition's value for `instance`, and its explanation for an ordering comparison.
    func evaluate(in instance: InstanceState) -> (value: Value, explanation: ConditionExplanation?)
    {
        let leftValue = left.value(in: instance)
        let rightValue = right.value(in: instance)
        return (
            operation.apply(leftValue, rightValue),
            operation.isExplained ? ConditionExplanation(leftValue, operation, rightValue) : nil
        )
    }
}

extension ConditionComparison.Operand {
    /// The operand `expression` is, or `nil` when it is neither a literal nor a path into a
    /// step's outputs.
    init?(_ expression: Expression) {
        switch expression.kind {
        case .literal(let value):
            self = .literal(value)
        case .path(let path):
            guard case .step(_, let index, .outputs) = path.root, index >= 0 else { return nil }
            self = .outputs(step: index, members: path.members)
        default:
            return nil
        }
    }

    /// The operand's value now: for outputs, as `Path.resolve(in:)` reads them.
    func value(in instance: InstanceState) -> Value {
        switch self {
        case .literal(let value):
            return value
        case .outputs(let step, let members):
            return (instance.nodes[step].outputs ?? .null).member(along: members)
        }
    }
}
