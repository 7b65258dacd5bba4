/// A JSON-like value: what inputs, outputs and expressions carry.
///
/// Objects keep their keys in a dictionary; every rendering sorts the keys, so no
/// dictionary order ever reaches an output.
///
/// ```swift
/// let report: Value = .object(["cost_delta": .number(650)])
/// report["cost_delta"]  // .number(650)
/// ```
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case list([Value])
    case object([String: Value])

    /// The member `key` of an object, or `null` for anything else or a missing key.
    public subscript(key: String) -> Value {
        if case .object(let members) = self { return members.value(forName: key) ?? .null }
        return .null
    }

    /// Whether the value counts as true in a condition: `null`, `false`, `0`, `""` and
    /// empty lists and objects are false; everything else is true.
    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let flag): return flag
        case .number(let number): return number != 0
        case .string(let text): return !text.isEmpty
        case .list(let items): return !items.isEmpty
        case .object(let members): return !members.isEmpty
        }
    }

    /// The number, if the value is one.
    public var numberValue: Double? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// The string, if the value is one.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The name of the value's type, as diagnostics and schema errors say it.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(let number):
            return number.rounded(.towardZero) == number && number.isFinite ? "integer" : "number"
        case .string: return "string"
        case .list: return "list"
        case .object: return "object"
        }
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension Dictionary where Key == String, Value == ChoreoModel.Value {
    /// The value under `name`, `nil` when there is none: what `self[name]` gives. A small
    /// object (a step's outputs, an agent's report, a task's inputs) is scanned, not
    /// hashed: hashing the name (SipHash) cost some 300 instructions, more than comparing it
    /// with a few keys, which mostly differ from it in length. Keys are unique under `==`,
    /// the comparison the table's look-up makes, so the value found is the same.
    func value(forName name: String) -> ChoreoModel.Value? {
        guard count <= 8 else { return self[name] }
        for (key, value) in self where key == name { return value }
        return nil
    }
}
