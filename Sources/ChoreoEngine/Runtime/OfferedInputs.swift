/// A step's inputs as resolved when it was offered: what `TeamTask.inputs` and
/// `NodeState.inputs` read.
///
/// Inputs that read `workflow.history` (the seed's `final_report`) and approvals' messages
/// are not built at the offer. The instance as it stood then is kept instead (copy-on-write
/// arrays, so keeping it costs a few retains) and the value is built from it on every
/// read, equal to the one the offer would have built. Under load almost nobody reads those
/// inputs: building the whole history as a `Value` for each instance was a quarter of the
/// scheduler's time, and interpolating the seed's approval message most of an approval's.
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

    /// `template` resolved against `instance` as it is now, built when first read;
    /// `steps` are the steps the template reads, `history` whether it reads the history.
    init(
        deferring template: Template, readingSteps steps: [Int], history: Bool,
        in instance: InstanceState
    ) {
        storage = .deferred(template, OfferContext(instance, keeping: steps, history: history))
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

/// An instance frozen at one moment, for evaluating deferred inputs: everything the
/// template can read, held by value.
///
/// Of the nodes, only those of the steps the template reads are kept, copied out: keeping
/// the instance's whole node array would make its next change copy every node (the
/// seed's `final_report` reads no step at all). The history, when the template reads it,
/// is kept as it stood: a copy, which shares the events written so far with the
/// instance's history and never sees its later ones (see `HistoryLog`); else it is left
/// empty.
public struct OfferContext: Sendable, EvaluationContext {
    public let program: WorkflowProgram
    public let id: String
    public let inputs: Value
    public let status: InstanceStatus
    public let startedAt: Microseconds
    /// The nodes of the steps the template reads, each once, in ascending step order.
    public let nodes: [(step: Int, state: NodeState)]
    public let history: HistoryLog

    init(_ instance: InstanceState, keeping steps: [Int], history keepsHistory: Bool) {
        program = instance.program
        id = instance.id
        inputs = instance.inputs
        status = instance.status
        startedAt = instance.startedAt
        nodes = steps.map { ($0, instance.nodes[$0]) }
        history = keepsHistory ? instance.history : HistoryLog()
    }

    /// An instance with these fields: one a store rebuilt. `nodes` must hold every step
    /// the template reads, in ascending step order.
    public init(
        program: WorkflowProgram, id: String, inputs: Value, status: InstanceStatus,
        startedAt: Microseconds, nodes: [(step: Int, state: NodeState)], history: [HistoryEvent]
    ) {
        self.program = program
        self.id = id
        self.inputs = inputs
        self.status = status
        self.startedAt = startedAt
        self.nodes = nodes
        self.history = HistoryLog(history)
    }

    /// The kept node of step `index`; the template reads no other.
    private func node(_ index: Int) -> NodeState {
        guard let kept = nodes.first(where: { $0.step == index }) else {
            preconditionFailure("deferred inputs read step \(index), which they did not keep")
        }
        return kept.state
    }

    public func outputs(ofStep index: Int) -> Value? { node(index).outputs }

    public func inputs(ofStep index: Int) -> Value? { node(index).inputs }

    public func status(ofStep index: Int) -> String? { node(index).status.rawValue }

    public func workflow(_ field: Path.WorkflowField) -> Value {
        InstanceState.workflow(
            field, program: program, id: id, status: status, inputs: inputs,
            startedAt: startedAt, history: history)
    }
}
