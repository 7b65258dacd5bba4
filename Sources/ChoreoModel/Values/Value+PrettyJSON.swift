/// Indented JSON with sorted keys: the form `--json` outputs print.
extension Value {
    /// The value as indented JSON (two spaces), keys sorted, ending without a newline.
    public var prettyJSON: String {
        var output = ""
        writePrettyJSON(into: &output, indent: 0)
        return output
    }

    private func writePrettyJSON(into output: inout String, indent: Int) {
        let inner = String(repeating: "  ", count: indent + 1)
        let outer = String(repeating: "  ", count: indent)
        switch self {
        case .list(let items) where !items.isEmpty:
            output += "[\n"
            for (position, item) in items.enumerated() {
                output += inner
                item.writePrettyJSON(into: &output, indent: indent + 1)
                output += position + 1 < items.count ? ",\n" : "\n"
            }
            output += outer + "]"
        case .object(let members) where !members.isEmpty:
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
