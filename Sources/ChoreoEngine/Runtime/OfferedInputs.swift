/// A step's inputs as resolved when it was offered: what `TeamTask.inputs` and
/// `NodeState.inputs` read.
///
/// Inputs that read `workflow.history` (the seed's `final_report`) are not built at the
/// offer. The instance as it stood then is kept instead (copy-on-write arrays, so keeping
/// it costs a few retains) and the value is built from it on every read, equal to the one
/// the offer would have built. Under load almost nobody reads those inputs, and building
/// the whole history as a `Value` for each instance was a quarter of the scheduler's time.
///
/// Encodes as the value itself, so snapshots and task rows keep their shape.
public struct OfferedInputs: Sendable, Hashable, Codable {
    private enum Storage: Sendable {
        case resolved(Value)
        /// Boxed, so that resolved inputs (nearly all of them) stay inline and unallocated.
        indirect case deferred(Template, OfferContext)
    }

    private let storage: Storage

    /// Inputs already resolved.
    public init(_ value: Value) {
        storage = .resolved(value)
    }

    /// `template` resolved against `instance` as it is now, built when first read.
    init(deferring template: Template, in instance: InstanceState) {
        storage = .deferred(template, OfferContext(instance))
    }

    /// `template` resolved against `context`, built when read: deferred inputs restored by a
    /// store that kept their context rather than their value.
    public init(deferring template: Template, in context: OfferContext) {
        storage = .deferred(template, context)
    }

    /// For inputs built when read, their template and the instance as it stood at the
    /// offer; `nil` for inputs resolved at the offer.
    public var deferred: (template: Template, context: OfferContext)? {
        guard case .deferred(let template, let context) = storage else { return nil }
        return (template, context)
    }

    /// The inputs as a value (built anew on each read when deferred).
    public var value: Value {
        switch storage {
        case .resolved(let value): return value
        case .deferred(let template, let context): return template.resolve(in: context)
        }
    }

    public static func == (left: OfferedInputs, right: OfferedInputs) -> Bool {
        left.value == right.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
    }

    public init(from decoder: any Decoder) throws {
        storage = .resolved(try decoder.singleValueContainer().decode(Value.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// An instance frozen at one moment, for evaluating deferred inputs: everything a template
/// can read, held by value.
public struct OfferContext: Sendable, EvaluationContext {
    public let program: WorkflowProgram
    public let id: String
    public let inputs: Value
    public let status: InstanceStatus
    public let startedAt: Microseconds
    public let nodes: [NodeState]
    public let history: [HistoryEvent]

    init(_ instance: InstanceState) {
        program = instance.program
        id = instance.id
        inputs = instance.inputs
        status = instance.status
        startedAt = instance.startedAt
        nodes = instance.nodes
        history = instance.history
    }

    /// An instance with these fields: one a store rebuilt.
    public init(
        program: WorkflowProgram, id: String, inputs: Value, status: InstanceStatus,
        startedAt: Microseconds, nodes: [NodeState], history: [HistoryEvent]
    ) {
        self.program = program
        self.id = id
        self.inputs = inputs
        self.status = status
        self.startedAt = startedAt
        self.nodes = nodes
        self.history = history
    }

    public func outputs(ofStep index: Int) -> Value? { nodes[index].outputs }

    public func inputs(ofStep index: Int) -> Value? { nodes[index].inputs }

    public func status(ofStep index: Int) -> String? { nodes[index].status.rawValue }

    public func workflow(_ field: Path.WorkflowField) -> Value {
        InstanceState.workflow(
            field, program: program, id: id, status: status, inputs: inputs,
            startedAt: startedAt, history: history)
    }
}
