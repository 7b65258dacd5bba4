import ChoreoEngine
import Foundation

/// A node as the `state` column's `nodeRows` list holds it (since schema v9): `0` for a node
/// as the engine makes it (`NodeState.isUntouched`), else its fields in a fixed order
/// without their names, then the members that are not always there.
///
/// `{"n":["completed","success",1,1737540000000000,1737540000000000,1737540001000000,`
/// `1737540002000000,0,0,0,0,-1,0,0,1],"inputs":{…}}`: status, outcome, attempts,
/// startedAt, offeredAt, claimedAt, endedAt, task, cursor, pending, succeeded, branch,
/// escalated (0 or 1), timer, and 1 when the node's outputs are its step's in the
/// `context` column (`steps.<id>.outputs`, written from the same value at the same write).
/// After the list: `error`, `outputs` (a node with no step of its own, which the context
/// does not list), `inputs`.
///
/// A load turns the rows back into `NodeState`s by writing each as `NodeState`'s `Codable`
/// conformance gives it and decoding that: the engine alone sets a node's fields.
struct NodeRow {
    var status: String
    var outcome: String
    var attempts: Int32
    var startedAt: Int64
    var offeredAt: Int64
    var claimedAt: Int64
    var endedAt: Int64
    var task: Int
    var cursor: Int32
    var pending: Int32
    var succeeded: Int32
    var branch: Int8
    var escalated: Bool
    var timer: Int
    var outputsInContext: Bool
    var error: StepError?
    var outputs: Value?
    var inputs: Value?

    /// A node as the engine makes it.
    static let untouched = NodeRow(
        status: StepStatus.waiting.rawValue, outcome: Outcome.success.rawValue, attempts: 0,
        startedAt: -1, offeredAt: -1, claimedAt: -1, endedAt: -1, task: 0, cursor: 0,
        pending: 0, succeeded: 0, branch: -1, escalated: false, timer: 0,
        outputsInContext: false)
}

extension NodeRow {
    /// `node`'s fields, its outputs and inputs with them.
    init(_ node: NodeState) {
        self.init(
            status: node.status.rawValue, outcome: node.outcome.rawValue,
            attempts: node.attempts, startedAt: node.startedAt, offeredAt: node.offeredAt,
            claimedAt: node.claimedAt, endedAt: node.endedAt, task: node.task,
            cursor: node.cursor, pending: node.pending, succeeded: node.succeeded,
            branch: node.branch, escalated: node.escalated, timer: node.timer,
            outputsInContext: false, error: node.error, outputs: node.outputs,
            inputs: node.inputs)
    }
}

extension NodeRow: Decodable {
    private enum CodingKeys: String, CodingKey {
        case n, error, outputs, inputs
    }

    init(from decoder: any Decoder) throws {
        if let marker = try? decoder.singleValueContainer().decode(Int.self) {
            guard marker == 0 else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "a node row is \(marker), not 0 or an object"))
            }
            self = .untouched
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var fields = try container.nestedUnkeyedContainer(forKey: .n)
        status = try fields.decode(String.self)
        outcome = try fields.decode(String.self)
        attempts = try fields.decode(Int32.self)
        startedAt = try fields.decode(Int64.self)
        offeredAt = try fields.decode(Int64.self)
        claimedAt = try fields.decode(Int64.self)
        endedAt = try fields.decode(Int64.self)
        task = try fields.decode(Int.self)
        cursor = try fields.decode(Int32.self)
        pending = try fields.decode(Int32.self)
        succeeded = try fields.decode(Int32.self)
        branch = try fields.decode(Int8.self)
        escalated = try Self.flag(&fields)
        timer = try fields.decode(Int.self)
        outputsInContext = try Self.flag(&fields)
        guard fields.isAtEnd else {
            throw DecodingError.dataCorruptedError(
                in: fields, debugDescription: "a node row has more fields than this Choreo knows")
        }
        error = try container.decodeIfPresent(StepError.self, forKey: .error)
        outputs = try container.decodeIfPresent(Value.self, forKey: .outputs)
        inputs = try container.decodeIfPresent(Value.self, forKey: .inputs)
    }

    private static func flag(_ fields: inout any UnkeyedDecodingContainer) throws -> Bool {
        let number = try fields.decode(Int.self)
        guard number == 0 || number == 1 else {
            throw DecodingError.dataCorruptedError(
                in: fields, debugDescription: "a node row's flag is \(number), not 0 or 1")
        }
        return number == 1
    }
}

extension NodeRow {

    /// The nodes `rows` describe, their outputs taken from `context` (the instance's
    /// `context` column) where the rows say so.
    static func nodes(
        _ rows: [NodeRow], context: String, program: WorkflowProgram, decoder: JSONDecoder
    ) throws -> [NodeState] {
        var steps: [String: Value] = [:]
        if rows.contains(where: \.outputsInContext) {
            let value = try decoder.decode(Value.self, from: Data(context.utf8))
            guard case .object(let listed) = value["steps"] else {
                throw SnapshotError("its context has no steps")
            }
            steps = listed
        }
        let writer = JSONWriter()
        var failure: SnapshotError?
        writer.writeList(rows.indices) { index in
            var row = rows[index]
            if row.outputsInContext {
                guard index < program.stepCount,
                    case .object(let entry) = steps[program.definition.steps[index].id],
                    let outputs = entry["outputs"]
                else {
                    failure = SnapshotError("node \(index)'s outputs are not in its context")
                    return
                }
                row.outputs = outputs
            }
            writer.writeNodeState(of: row)
        }
        if let failure { throw failure }
        return try decoder.decode([NodeState].self, from: Data(writer.bytes))
    }
}

extension JSONWriter {
    /// `row` as `NodeState`'s `Codable` conformance writes a node.
    func writeNodeState(of row: NodeRow) {
        appendRaw(#"{"status":"#)
        writeString(row.status)
        appendRaw(#","attempts":"#)
        writeInteger(row.attempts)
        appendRaw(#","startedAt":"#)
        writeInteger(row.startedAt)
        appendRaw(#","offeredAt":"#)
        writeInteger(row.offeredAt)
        appendRaw(#","claimedAt":"#)
        writeInteger(row.claimedAt)
        appendRaw(#","endedAt":"#)
        writeInteger(row.endedAt)
        appendRaw(#","task":"#)
        writeInteger(row.task)
        appendRaw(#","cursor":"#)
        writeInteger(row.cursor)
        appendRaw(#","pending":"#)
        writeInteger(row.pending)
        appendRaw(#","succeeded":"#)
        writeInteger(row.succeeded)
        appendRaw(#","branch":"#)
        writeInteger(row.branch)
        appendRaw(#","escalated":"#)
        writeBool(row.escalated)
        appendRaw(#","timer":"#)
        writeInteger(row.timer)
        if let error = row.error {
            appendRaw(#","error":"#)
            writeError(error)
        }
        if let outputs = row.outputs {
            appendRaw(#","outputs":"#)
            write(value: outputs)
        }
        if let inputs = row.inputs {
            appendRaw(#","inputs":"#)
            write(value: inputs)
        }
        appendRaw(#","outcome":"#)
        writeString(row.outcome)
        append(UInt8(ascii: "}"))
    }
}
