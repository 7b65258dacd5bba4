/// A loaded, validated workflow: every step of it in one flat array.
///
/// Steps refer to each other by index into `steps`. The top level is `body`, a sequence;
/// each `custom` error handler has its own compensation sequence. Indices are assigned in
/// source order (pre-order): the body's steps first, then each handler's steps in handler
/// order, wherever `error_handlers` sits in the file; so iterating `steps` is deterministic.
///
/// ```swift
/// let workflow = try WorkflowLoader.load(path: "Scenarios/workflows/ai-model-update.yaml")
/// workflow.step(named: "cost_approval")?.parent  // index of check_cost_increase
/// ```
public struct WorkflowDefinition: Sendable {
    public var name: String
    /// The `version:` as written (`1`, `"2.1"`), or `nil`.
    public var version: String?
    public var description: String?
    /// The whole instance must end within this, or it ends `timed_out`.
    public var timeout: Microseconds?
    public var inputs: [InputDefinition]
    /// Names collected from step outputs when the instance ends.
    public var outputs: [String]
    /// Every step, handler steps included, in pre-order (body first, then handlers).
    public var steps: [Step]
    /// The top-level steps, run as a sequence.
    public var body: [Int]
    public var errorHandlers: [ErrorHandler]
    /// The team that decides escalations (default `operations-team`).
    public var escalationTeam: String
    /// The file the definition was loaded from, for messages.
    public var file: String

    public init(
        name: String, version: String? = nil, description: String? = nil,
        timeout: Microseconds? = nil, inputs: [InputDefinition] = [], outputs: [String] = [],
        steps: [Step], body: [Int], errorHandlers: [ErrorHandler] = [],
        escalationTeam: String = "operations-team", file: String = "<memory>"
    ) {
        self.name = name
        self.version = version
        self.description = description
        self.timeout = timeout
        self.inputs = inputs
        self.outputs = outputs
        self.steps = steps
        self.body = body
        self.errorHandlers = errorHandlers
        self.escalationTeam = escalationTeam
        self.file = file
    }

    /// The step with identifier `id`, if any.
    public func step(named id: String) -> Step? {
        steps.first { $0.id == id }
    }

    /// The index of the step with identifier `id`, if any.
    public func index(ofStep id: String) -> Int? {
        steps.firstIndex { $0.id == id }
    }

    /// Every team named by a task, approval, escalation or notification, sorted.
    public var teams: [String] {
        var names = Set<String>()
        for step in steps {
            switch step.kind {
            case .task(let task): names.insert(task.team)
            case .approval(let approval): names.formUnion(approval.approvers.map(\.team))
            default: break
            }
        }
        for handler in errorHandlers {
            switch handler.action {
            case .notify(let recipients): names.formUnion(recipients)
            case .escalate: names.insert(escalationTeam)
            case .retry(_, _, .escalate?): names.insert(escalationTeam)
            default: break
            }
        }
        return names.sorted()
    }
}

/// A declared workflow input, checked at start.
public struct InputDefinition: Sendable, Hashable {
    public var name: String
    public var type: SchemaType
    /// For objects: required member names and their types, in source order.
    public var schema: [SchemaField]
    public var required: Bool
    public var location: SourceLocation

    public init(
        name: String, type: SchemaType, schema: [SchemaField] = [], required: Bool = true,
        location: SourceLocation = .start
    ) {
        self.name = name
        self.type = type
        self.schema = schema
        self.required = required
        self.location = location
    }
}

/// One member of an input's object schema.
public struct SchemaField: Sendable, Hashable {
    public var name: String
    public var type: SchemaType

    public init(name: String, type: SchemaType) {
        self.name = name
        self.type = type
    }
}

/// The types an input schema can name.
public enum SchemaType: String, Sendable, Hashable, CaseIterable {
    case string, number, integer, boolean, object, list, any

    /// Whether `value` has this type (an integer is also a number).
    public func accepts(_ value: Value) -> Bool {
        switch (self, value) {
        case (.any, _): return true
        case (.string, .string), (.boolean, .bool), (.object, .object), (.list, .list),
            (.number, .number):
            return true
        case (.integer, .number(let number)):
            return number.isFinite && number.rounded(.towardZero) == number
        default: return false
        }
    }
}
