/// Text made safe for HTML and SVG, and numbers written the same way on every platform.
enum HTMLEscaping {
    /// `text` with `& < > " '` replaced by character references, safe both between tags
    /// and inside a quoted attribute value.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// `text` cut to at most `limit` characters, with an ellipsis when it was cut.
    static func truncate(_ text: String, to limit: Int) -> String {
        precondition(limit >= 2, "a truncated label keeps at least one character and the ellipsis")
        guard text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }

    /// A coordinate with at most one decimal: `12`, `12.5`, `-3.2`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 10).rounded() / 10
        return Value.format(number: rounded == 0 ? 0 : rounded)
    }
}

/// A value an element's attribute can take: text is escaped, numbers keep one decimal.
protocol AttributeValue {
    var attributeText: String { get }
}

extension String: AttributeValue {
    var attributeText: String { HTMLEscaping.escape(self) }
}

extension Double: AttributeValue {
    var attributeText: String { HTMLEscaping.number(self) }
}

extension Int: AttributeValue {
    var attributeText: String { String(self) }
}

extension HTMLEscaping {
    /// `<name a="1" b="2"/>`, or with `content` (markup, not escaped again)
    /// `<name a="1">content</name>`; attribute values are escaped.
    static func element(
        _ name: String, _ attributes: KeyValuePairs<String, any AttributeValue>,
        content: String? = nil
    ) -> String {
        var text = "<" + name
        for (key, value) in attributes {
            text += " \(key)=\"\(value.attributeText)\""
        }
        guard let content else { return text + "/>" }
        return text + ">" + content + "</\(name)>"
    }

    /// A `<title>` (an SVG tooltip) holding `text`, escaped.
    static func title(_ text: String) -> String {
        "<title>\(escape(text))</title>"
    }
}
