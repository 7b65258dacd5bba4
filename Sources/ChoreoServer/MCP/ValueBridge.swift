import ChoreoEngine
import MCP

/// Values across the MCP boundary: the SDK's `MCP.Value` and Choreo's `Value` (numbers
/// are one kind in Choreo; whole ones travel as JSON integers, infinite ones as `null`, as
/// in `Value.json`).
extension ChoreoModel.Value {
    /// The value as the SDK carries it.
    var mcpValue: MCP.Value {
        switch self {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let number):
            // JSON holds no infinity: the SDK would fail to encode the whole answer.
            guard number.isFinite else { return .null }
            if number.rounded() == number, abs(number) < 9e15 { return .int(Int(number)) }
            return .double(number)
        case .string(let text): return .string(text)
        case .list(let items): return .array(items.map(\.mcpValue))
        case .object(let members): return .object(members.mapValues(\.mcpValue))
        }
    }

    /// A value the SDK decoded (binary data arrives as its data URL text).
    init(_ value: MCP.Value) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .number(Double(number))
        case .double(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .data(let mimeType, let data):
            self = .string("data:\(mimeType ?? "");base64,\(data.base64EncodedString())")
        case .array(let items): self = .list(items.map(ChoreoModel.Value.init))
        case .object(let members): self = .object(members.mapValues(ChoreoModel.Value.init))
        }
    }
}
