/// Renderings of a `Value` as text: interpolation into messages and compact JSON.
extension Value {
    /// The value as it reads inside an interpolated string: strings bare, whole numbers
    /// without a fraction, everything else as compact JSON.
    public var interpolated: String {
        switch self {
        case .string(let text): return text
        case .number(let number): return Value.format(number: number)
        default: return json
        }
    }

    /// Compact JSON with sorted keys, so that the same value always gives the same bytes.
    public var json: String {
        var output = ""
        writeJSON(into: &output)
        return output
    }

    /// Appends the compact, key-sorted JSON of the value to `output`.
    public func writeJSON(into output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let number): output += Value.format(number: number)
        case .string(let text): Value.writeJSONString(text, into: &output)
        case .list(let items):
            output += "["
            for (position, item) in items.enumerated() {
                if position > 0 { output += "," }
                item.writeJSON(into: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (position, key) in members.keys.sorted().enumerated() {
                if position > 0 { output += "," }
                Value.writeJSONString(key, into: &output)
                output += ":"
                members[key]!.writeJSON(into: &output)
            }
            output += "}"
        }
    }

    /// A number as JSON writes it: whole numbers without a fraction, others in the
    /// shortest form that reads back to the same `Double`.
    public static func format(number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number.rounded(.towardZero) == number, abs(number) < 1e15 {
            return String(Int64(number))
        }
        return "\(number)"
    }

    /// Appends `text` as a quoted, escaped JSON string.
    public static func writeJSONString(_ text: String, into output: inout String) {
        output += "\""
        // Most strings need no escape: appended whole, not scalar by scalar.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            output += text
            output += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}

extension Value: CustomStringConvertible {
    public var description: String { json }
}
