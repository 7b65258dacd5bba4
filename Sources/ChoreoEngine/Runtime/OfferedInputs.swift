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
struct OfferContext: Sendable, EvaluationContext {
    let program: WorkflowProgram
    let id: String
    let inputs: Value
    let status: InstanceStatus
    let startedAt: Microseconds
    let nodes: [NodeState]
    let history: [HistoryEvent]

    init(_ instance: InstanceState) {
        program = instance.program
        id = instance.id
        inputs = instance.inputs
        status = instance.status
        startedAt = instance.startedAt
        nodes = instance.nodes
        history = instance.history
    }

    func outputs(ofStep index: Int) -> Value? { nodes[index].outputs }

    func inputs(ofStep index: Int) -> Value? { nodes[index].inputs }

    func status(ofStep index: Int) -> String? { nodes[index].status.rawValue }

    func workflow(_ field: Path.WorkflowField) -> Value {
        InstanceState.workflow(
            field, program: program, id: id, status: status, inputs: inputs,
            startedAt: startedAt, history: history)
    }
}
