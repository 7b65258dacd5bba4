import ChoreoEngine
import Foundation

/// A node as the `state` column's node lists hold it: `0` for a node as the engine makes it
/// (`NodeState.isUntouched`), else its fields in a fixed order without their names, then
/// the members that are not always there.
///
/// Since schema v10 (`rows`, `CompactNodeRow`): `{"n":[4,0,1,1,0,2e6,0,1e6],…}`:
/// status (`StepStatus.rowCode`), outcome (0 success, 1 partial), attempts, 1 when the
/// node's outputs are its step's in the `context` column (`steps.<id>.outputs`, written
/// from the same value at the same write), startedAt, endedAt, offeredAt, claimedAt (each
/// in microseconds after the instance's start, whole seconds as `<seconds>e6`, `null` when
/// not set), task, cursor, pending, succeeded, branch, escalated (0 or 1), timer; the
/// fields after the last one that is not at its initial value are left out. The list is
/// a third of v9's, whose text made the seed's instance rows spill into overflow pages.
///
/// Schema v9 (`nodeRows`): `{"n":["completed","success",1,1737540000000000,`
/// `1737540000000000,1737540001000000,1737540002000000,0,0,0,0,-1,0,0,1],…}`: status,
/// outcome, attempts, startedAt, offeredAt, claimedAt, endedAt, task, cursor, pending,
/// succeeded, branch, escalated, timer, outputs in the context; every field, times whole.
///
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
    fileprivate enum CodingKeys: String, CodingKey {
        case n, error, outputs, inputs
    }

    init(from decoder: any Decoder) throws {
        if try isUntouchedMarker(decoder) {
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

/// A node row as schema v10 writes it (`NodeRow`), its times still counted from the
/// instance's start.
struct CompactNodeRow: Decodable {
    /// The fields written, in `NodeRow`'s v10 order; `nil` for a time not set.
    var fields: [Int64?]
    var error: StepError?
    var outputs: Value?
    var inputs: Value?

    /// How many fields a row has at most.
    static let fieldCount = 15

    init(from decoder: any Decoder) throws {
        if try isUntouchedMarker(decoder) {
            fields = []
            return
        }
        let container = try decoder.container(keyedBy: NodeRow.CodingKeys.self)
        fields = try container.decode([Int64?].self, forKey: .n)
        guard !fields.isEmpty, fields.count <= CompactNodeRow.fieldCount else {
            throw DecodingError.dataCorruptedError(
                forKey: .n, in: container,
                debugDescription:
                    "a node row has \(fields.count) fields, not 1 to \(CompactNodeRow.fieldCount)")
        }
        error = try container.decodeIfPresent(StepError.self, forKey: .error)
        outputs = try container.decodeIfPresent(Value.self, forKey: .outputs)
        inputs = try container.decodeIfPresent(Value.self, forKey: .inputs)
    }

    /// The row with its times made whole from `startedAt`, the instance's start.
    func nodeRow(startedAt: Microseconds) throws -> NodeRow {
        guard !fields.isEmpty else { return .untouched }
        var row = NodeRow.untouched
        let code = try number(0)
        guard let status = StepStatus(rowCode: Int(code)) else {
            throw SnapshotError("a node row's status is \(code), which this Choreo does not know")
        }
        row.status = status.rawValue
        row.outcome = try flag(1) ? Outcome.partial.rawValue : Outcome.success.rawValue
        row.attempts = try narrow(2, default: 0)
        row.outputsInContext = try flag(3)
        row.startedAt = try time(4, from: startedAt)
        row.endedAt = try time(5, from: startedAt)
        row.offeredAt = try time(6, from: startedAt)
        row.claimedAt = try time(7, from: startedAt)
        row.task = try narrow(8, default: 0)
        row.cursor = try narrow(9, default: 0)
        row.pending = try narrow(10, default: 0)
        row.succeeded = try narrow(11, default: 0)
        row.branch = try narrow(12, default: -1)
        row.escalated = try flag(13)
        row.timer = try narrow(14, default: 0)
        row.error = error
        row.outputs = outputs
        row.inputs = inputs
        return row
    }

    /// Field `index`, which must be a number.
    private func number(_ index: Int) throws -> Int64 {
        guard let value = fields[index] else {
            throw SnapshotError("a node row's field \(index + 1) is null, not a number")
        }
        return value
    }

    /// Field `index` as a `T`, or `initial` when the row stops before it.
    private func narrow<T: FixedWidthInteger>(_ index: Int, default initial: T)
        throws -> T
    {
        guard index < fields.count else { return initial }
        let value = try number(index)
        guard let narrowed = T(exactly: value) else {
            throw SnapshotError("a node row's field \(index + 1) is \(value), out of range")
        }
        return narrowed
    }

    /// Field `index`, 0 or 1, as a flag; `false` when the row stops before it.
    private func flag(_ index: Int) throws -> Bool {
        let value: Int8 = try narrow(index, default: 0)
        guard value == 0 || value == 1 else {
            throw SnapshotError("a node row's flag is \(value), not 0 or 1")
        }
        return value == 1
    }

    /// Field `index`, microseconds after `start` or null, as a time (-1 for none).
    private func time(_ index: Int, from start: Microseconds) throws
        -> Microseconds
    {
        guard index < fields.count, let offset = fields[index] else { return -1 }
        return start &+ offset
    }
}

/// Whether a node row is the `0` that stands for a node as the engine makes it; any other
/// number is refused. `false` for a row that is not a number.
private func isUntouchedMarker(_ decoder: any Decoder) throws -> Bool {
    guard let marker = try? decoder.singleValueContainer().decode(Int.self) else {
        return false
    }
    guard marker == 0 else {
        throw DecodingError.dataCorrupted(
            .init(
                codingPath: decoder.codingPath,
                debugDescription: "a node row is \(marker), not 0 or an object"))
    }
    return true
}
