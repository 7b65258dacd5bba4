/// Everything needed to rebuild an `InstanceState` exactly: what a durable store saves.
///
/// Snapshots are taken only by stores that persist; the engine's hot path never makes one.
///
/// ```swift
/// let data = try JSONEncoder().encode(instance.snapshot)
/// let snapshot = try JSONDecoder().decode(InstanceSnapshot.self, from: data)
/// let restored = try InstanceState(restoring: snapshot, program: program)
/// ```
public struct InstanceSnapshot: Sendable, Hashable, Codable {
    /// The snapshot format; a reader refuses a newer one.
    public static let currentFormat = 1

    public var format: Int
    public var serial: Int
    public var id: String
    /// The workflow's name, to find its program.
    public var workflow: String
    public var inputs: Value
    public var status: InstanceStatus
    public var startedAt: Microseconds
    public var endedAt: Microseconds?
    public var nodes: [NodeState]
    public var history: [HistoryEvent]
    public var openTasks: [Int]
    public var timers: [Int]
    public var outputs: Value
    public var failure: StepError?
    public var compensating: Bool
}

/// Why a snapshot cannot be restored.
public struct SnapshotError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

extension InstanceState {
    /// The instance's state now, as a value.
    public var snapshot: InstanceSnapshot {
        InstanceSnapshot(
            format: InstanceSnapshot.currentFormat, serial: serial, id: id,
            workflow: program.definition.name, inputs: inputs, status: status,
            startedAt: startedAt, endedAt: endedAt, nodes: nodes, history: Array(history),
            openTasks: openTasks, timers: timers, outputs: outputs, failure: failure,
            compensating: compensating)
    }

    /// Rebuilds the instance `snapshot` describes, running `program`.
    ///
    /// Refused when the snapshot's format is newer than this engine's, or when its nodes
    /// do not fit the program (the workflow changed shape since the snapshot was taken).
    public convenience init(restoring snapshot: InstanceSnapshot, program: WorkflowProgram)
        throws(SnapshotError)
    {
        guard snapshot.format <= InstanceSnapshot.currentFormat else {
            throw SnapshotError(
                "instance \(snapshot.id) was saved in snapshot format \(snapshot.format); "
                    + "this engine reads up to \(InstanceSnapshot.currentFormat)")
        }
        guard snapshot.nodes.count == program.nodeCount,
            snapshot.workflow == program.definition.name
        else {
            throw SnapshotError(
                "instance \(snapshot.id) of '\(snapshot.workflow)' has \(snapshot.nodes.count) "
                    + "nodes; workflow '\(program.definition.name)' has \(program.nodeCount)")
        }
        self.init(
            serial: snapshot.serial, id: snapshot.id, program: program, inputs: snapshot.inputs,
            now: snapshot.startedAt)
        status = snapshot.status
        endedAt = snapshot.endedAt
        nodes = snapshot.nodes
        history = HistoryLog(snapshot.history)
        openTasks = snapshot.openTasks
        timers = snapshot.timers
        // A running instance's outputs are collected when it ends, like any instance's.
        if snapshot.status.isFinal { restoredOutputs = snapshot.outputs }
        failure = snapshot.failure
        compensating = snapshot.compensating
    }
}
