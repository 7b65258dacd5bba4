import ChoreoEngine

/// A tool call's arguments, checked against the tool's schema: every problem is a
/// `LiveRefusal` that says which argument and what was wrong.
struct ToolArguments {
    let tool: ToolDescription
    let values: [String: Value]

    /// Refused when `arguments` is not an object, lacks a required argument or has one
    /// the tool does not take.
    init(_ arguments: Value, for tool: ToolDescription) throws(LiveRefusal) {
        self.tool = tool
        switch arguments {
        case .object(let members): values = members
        case .null: values = [:]
        default:
            throw .invalidArguments(
                "\(tool.name) takes an object of arguments, not \(arguments.typeName)")
        }
        let known = tool.inputSchema["properties"]
        if case .object(let properties) = known {
            for name in values.keys.sorted() where properties[name] == nil {
                throw .invalidArguments(
                    "\(tool.name) takes no argument '\(name)' (it takes "
                        + properties.keys.sorted().joined(separator: ", ") + ")")
            }
        }
        if case .list(let required) = tool.inputSchema["required"] {
            for case .string(let name) in required where (values[name] ?? .null) == .null {
                throw .invalidArguments("\(tool.name) needs the argument '\(name)'")
            }
        }
    }

    /// The string argument `name` (required ones are known to be there).
    func string(_ name: String) throws(LiveRefusal) -> String {
        guard let text = try optionalString(name) else {
            throw .invalidArguments("\(tool.name) needs the argument '\(name)'")
        }
        return text
    }

    /// The string argument `name`, if given.
    func optionalString(_ name: String) throws(LiveRefusal) -> String? {
        switch values[name] ?? .null {
        case .null: return nil
        case .string(let text) where !text.isEmpty: return text
        case .string: throw .invalidArguments("'\(name)' of \(tool.name) is empty")
        case let other:
            throw .invalidArguments(
                "'\(name)' of \(tool.name) must be a string, found \(other.typeName)")
        }
    }

    /// The object argument `name`; `{}` when it is optional and absent.
    func object(_ name: String) throws(LiveRefusal) -> Value {
        switch values[name] ?? .null {
        case .null: return [:]
        case .object(let members): return .object(members)
        case let other:
            throw .invalidArguments(
                "'\(name)' of \(tool.name) must be an object, found \(other.typeName)")
        }
    }

    /// The argument `name` as one of `T`'s cases, or `fallback` when absent.
    func choice<T: RawRepresentable<String> & CaseIterable>(
        _ name: String, as type: T.Type, default fallback: T? = nil
    ) throws(LiveRefusal) -> T {
        guard let text = try optionalString(name) else {
            guard let fallback else {
                throw .invalidArguments("\(tool.name) needs the argument '\(name)'")
            }
            return fallback
        }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalidArguments("'\(name)' must be one of \(allowed), not '\(text)'")
        }
        return value
    }
}
