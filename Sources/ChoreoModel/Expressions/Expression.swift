/// A parsed `${…}` expression: a syntax tree with the source position of every node.
///
/// Expressions are parsed once, when a definition loads; the engine evaluates the tree.
public struct Expression: Sendable, Hashable {
    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// The shape of an expression node.
    public indirect enum Kind: Sendable, Hashable {
        case literal(Value)
        case list([Expression])
        case path(Path)
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
    }
}

/// `!` / `not` and numeric negation.
public enum UnaryOperator: String, Sendable, Hashable {
    case not = "!"
    case negate = "-"
}

/// Infix operators, from lowest to highest precedence: `||`, `&&`, equality,
/// ordering, `+ -`, `* /`.
public enum BinaryOperator: String, Sendable, Hashable {
    case or = "||"
    case and = "&&"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"

    /// Binding strength: higher binds tighter.
    public var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual: return 3
        case .less, .lessOrEqual, .greater, .greaterOrEqual: return 4
        case .add, .subtract: return 5
        case .multiply, .divide: return 6
        }
    }

    /// Whether the operator compares its operands.
    public var isComparison: Bool { precedence == 3 || precedence == 4 }

    /// Whether a condition with this operator at its top is explained in the execution log
    /// (`650 > 500`): an ordering comparison, not `==` or `!=`.
    @inlinable public var isExplained: Bool {
        switch self {
        case .less, .lessOrEqual, .greater, .greaterOrEqual: return true
        default: return false
        }
    }
}

/// A reference to run-time data: `inputs.…`, `steps.<id>.outputs.…`,
/// `steps.<id>.status`, `workflow.<field>`.
public struct Path: Sendable, Hashable {
    public var root: Root
    /// Member names after the root (`model_info.model` in `inputs.model_info.model`).
    public var members: [String]

    public init(root: Root, members: [String]) {
        self.root = root
        self.members = members
    }

    /// Where a path starts.
    public enum Root: Sendable, Hashable {
        /// `inputs.<name>…`: `members` starts with the input's name.
        case inputs
        /// `steps.<id>.outputs…` or `steps.<id>.status`. `index` is the step's position in
        /// `WorkflowDefinition.steps`, bound when the definition loads (-1 before).
        case step(id: String, index: Int, field: StepField)
        /// `workflow.<field>…`.
        case workflow(WorkflowField)
    }

    /// What a `steps.<id>` path reads.
    public enum StepField: String, Sendable, Hashable {
        case outputs
        case status
        case inputs
    }

    /// What a `workflow.` path reads.
    public enum WorkflowField: String, Sendable, Hashable, CaseIterable {
        case id
        case name
        case status
        case history
        case initialState = "initial_state"
        case startedAt = "started_at"
    }

    /// The path as written: `steps.initial_assessment.outputs.cost_delta`.
    public var text: String {
        let head: String
        switch root {
        case .inputs: head = "inputs"
        case .step(let id, _, let field): head = "steps.\(id).\(field.rawValue)"
        case .workflow(let field): head = "workflow.\(field.rawValue)"
        }
        return ([head] + members).joined(separator: ".")
    }
}

/// What an evaluation reads: the engine supplies it for one instance at one moment.
public protocol EvaluationContext {
    /// The instance's inputs (an object).
    var inputs: Value { get }
    /// The outputs of the step at `index`, or `nil` if the step has not produced any.
    func outputs(ofStep index: Int) -> Value?
    /// The resolved inputs of the step at `index`, or `nil` if it has not been offered.
    func inputs(ofStep index: Int) -> Value?
    /// The status name of the step at `index` (`completed`, `skipped`, …), or `nil` if it
    /// has not started.
    func status(ofStep index: Int) -> String?
    /// A `workflow.<field>` value.
    func workflow(_ field: Path.WorkflowField) -> Value
}
