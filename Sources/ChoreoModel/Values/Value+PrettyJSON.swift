/// Indented JSON with sorted keys: the form `--json` outputs print.
extension Value {
    /// The value as indented JSON (two spaces), keys sorted, ending without a newline.
    public var prettyJSON: String { prettyJSON(indent: 0) }

    /// The value as `prettyJSON` writes it `indent` levels deep inside another value: its
    /// lines after the first indented that much more. For writers that print a long list
    /// item by item rather than build it whole.
    public func prettyJSON(indent: Int) -> String {
        var output = ""
        writePrettyJSON(into: &output, indent: indent)
        return output
    }

    private func writePrettyJSON(into output: inout String, indent: Int) {
        switch self {
        case .list(let items) where !items.isEmpty:
            let inner = String(repeating: "  ", count: indent + 1)
            let outer = String(repeating: "  ", count: indent)
            output += "[\n"
            for (position, item) in items.enumerated() {
                output += inner
                item.writePrettyJSON(into: &output, indent: indent + 1)
                output += position + 1 < items.count ? ",\n" : "\n"
            }
            output += outer + "]"
        case .object(let members) where !members.isEmpty:
            let inner = String(repeating: "  ", count: indent + 1)
            let outer = String(repeating: "  ", count: indent)
            output += "{\n"
            let keys = members.keys.sorted()
            for (position, key) in keys.enumerated() {
                output += inner
                Value.writeJSONString(key, into: &output)
                output += ": "
                members[key]!.writePrettyJSON(into: &output, indent: indent + 1)
                output += position + 1 < keys.count ? ",\n" : "\n"
            }
            output += outer + "}"
        default:
            writeJSON(into: &output)
        }
    }
}
