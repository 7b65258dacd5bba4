/// Values as `Codable`: a JSON value encodes as itself (an object as a JSON object), so
/// that snapshots of engine state read like the values they hold. A number JSON cannot
/// hold (an infinity from `1e999`, `.inf` or an overflowing expression) encodes as `null`,
/// as it does in `json`, instead of failing the encoding (and with it the store's commit).
extension Value: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([Value].self) {
            self = .list(items)
        } else {
            self = .object(try container.decode([String: Value].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let number) where number.isFinite: try container.encode(number)
        case .number: try container.encodeNil()
        case .string(let text): try container.encode(text)
        case .list(let items): try container.encode(items)
        case .object(let members): try container.encode(members)
        }
    }
}
