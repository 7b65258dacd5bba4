import ChoreoEngine
import Foundation

/// Inputs the engine builds only when read (those that read `workflow.history`, such as the
/// seed's `final_report`), kept in the `state` snapshot as what they are built from rather
/// than as their value, which holds the whole history.
///
/// A template reads the instance's fixed fields (id, name, inputs, start), its status, its
/// history and the steps its paths name, all as they stood at the offer. The snapshot keeps
/// the status, how many history events there were and the named steps' nodes; the history
/// is in `workflow_events`. Loading rebuilds the same deferred inputs, equal to the value
/// the offer would have built. A task row's `input_data` still holds that whole value,
/// written straight from the events (`write(template:in:)`).
///
/// `"deferredInputs":[{"node":27,"status":"running","history":37,"steps":[]}]`, after the
/// snapshot's other members; the node itself has no `inputs`.
struct DeferredInputsRecord: Sendable, Hashable, Decodable {
    /// A step the template reads, as it stood at the offer.
    struct Step: Sendable, Hashable, Decodable {
        var index: Int
        var state: NodeState
    }

    var node: Int
    var status: InstanceStatus
    /// How many of the instance's history events there were at the offer.
    var history: Int
    var steps: [Step]
}

/// An instance's `state` column: its snapshot, its nodes' rows when they are not in the
/// snapshot's `nodes` (`rows` since schema v10, `nodeRows` in v9), and the deferred inputs
/// left out of it.
struct StoredSnapshot: Decodable {
    var snapshot: InstanceSnapshot
    var nodeRows: [NodeRow]?
    var deferredInputs: [DeferredInputsRecord]

    private enum CodingKeys: String, CodingKey {
        case rows, nodeRows, deferredInputs
    }

    init(from decoder: any Decoder) throws {
        snapshot = try InstanceSnapshot(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let rows = try container.decodeIfPresent([CompactNodeRow].self, forKey: .rows) {
            // A row that does not fit throws its `SnapshotError`, which says why.
            let start = snapshot.startedAt
            nodeRows = try rows.map { try $0.nodeRow(startedAt: start) }
        } else {
            nodeRows = try container.decodeIfPresent([NodeRow].self, forKey: .nodeRows)
        }
        deferredInputs =
            try container.decodeIfPresent([DeferredInputsRecord].self, forKey: .deferredInputs)
            ?? []
    }

    /// Fills `snapshot.nodes` from `nodeRows`, if the column had them, their outputs taken
    /// from `context` where they say so.
    mutating func restoreNodes(context: String, program: WorkflowProgram, decoder: JSONDecoder)
        throws
    {
        guard let rows = nodeRows else { return }
        snapshot.nodes = try NodeRow.nodes(
            rows, context: context, program: program, decoder: decoder)
        nodeRows = nil
    }

    /// Gives each node listed in `deferredInputs` its deferred inputs again, built from
    /// `snapshot.history` (which must be loaded) and the steps as they stood at the offer.
    func restored(program: WorkflowProgram) throws(SnapshotError) -> InstanceSnapshot {
        var restored = snapshot
        let steps = program.definition.steps
        for record in deferredInputs {
            guard record.node >= 0, record.node < program.stepCount,
                record.node < snapshot.nodes.count, program.defersInputs[record.node],
                case .task(let task) = steps[record.node].kind,
                record.history >= 0, record.history <= snapshot.history.count,
                record.steps.allSatisfy({ $0.index >= 0 && $0.index < snapshot.nodes.count }),
                Set(task.inputs.stepsRead).isSubset(of: record.steps.map(\.index))
            else {
                throw SnapshotError(
                    "instance \(snapshot.id): the deferred inputs of node \(record.node) "
                        + "do not fit workflow '\(program.definition.name)'")
            }
            let context = OfferContext(
                program: program, id: snapshot.id, inputs: snapshot.inputs,
                status: record.status, startedAt: snapshot.startedAt,
                nodes: record.steps.map { ($0.index, $0.state) },
                history: Array(snapshot.history.prefix(record.history)))
            restored.nodes[record.node].offeredInputs = OfferedInputs(
                deferring: task.inputs, in: context)
        }
        return restored
    }
}

extension JSONWriter {
    /// `{"node":…,"status":…,"history":…,"steps":[…]}`: what node `node`'s deferred inputs
    /// are built from, beyond the instance's fixed fields.
    func writeDeferredInputsRecord(node: Int, context: OfferContext) {
        appendRaw(#"{"node":"#)
        writeInteger(node)
        appendRaw(#","status":"#)
        writeString(context.status.rawValue)
        appendRaw(#","history":"#)
        writeInteger(context.history.count)
        appendRaw(#","steps":"#)
        writeList(context.nodes) { kept in
            appendRaw(#"{"index":"#)
            writeInteger(kept.step)
            appendRaw(#","state":"#)
            writeNodeState(kept.state)
            append(UInt8(ascii: "}"))
        }
        append(UInt8(ascii: "}"))
    }

    /// The value `template` resolves to in `context`, as `write(value:)` writes it, with
    /// `${workflow.history}` copied from `kept` when it holds the events up to the offer,
    /// else written straight from the events (no `Value` built for them).
    func write(template: Template, in context: OfferContext, kept: KeptHistory? = nil) {
        switch template {
        case .constant(let value):
            write(value: value)
        case .expression(let expression):
            if case .path(let path) = expression.kind, path.root == .workflow(.history),
                path.members.isEmpty
            {
                if let kept, kept.count >= context.history.count {
                    kept.write(prefix: context.history.count, into: self)
                } else {
                    writeHistory(context.history, program: context.program)
                }
            } else {
                write(value: expression.evaluate(in: context))
            }
        case .interpolation:
            write(value: template.resolve(in: context))
        case .list(let items):
            writeList(items) { write(template: $0, in: context, kept: kept) }
        case .object(let members):
            // As the resolved object: keys sorted, and a repeated key's last member wins.
            let order = members.indices.sorted {
                (members[$0].key, $0) < (members[$1].key, $1)
            }
            append(UInt8(ascii: "{"))
            var wrote = false
            for (position, index) in order.enumerated() {
                let next = position + 1 < order.count ? order[position + 1] : nil
                if let next, members[next].key == members[index].key { continue }
                if wrote { append(UInt8(ascii: ",")) }
                wrote = true
                writeString(members[index].key)
                append(UInt8(ascii: ":"))
                write(template: members[index].value, in: context, kept: kept)
            }
            append(UInt8(ascii: "}"))
        }
    }

    /// `workflow.history` as `write(value:)` writes its value: each event's `data`.
    func writeHistory(_ history: HistoryLog, program: WorkflowProgram) {
        writeList(history) { writeData(of: $0, program: program) }
    }
}
