/// Expressions written back as text, in a canonical form that parses to the same tree:
/// single-quoted strings, `!` for `not`, and parentheses only where precedence needs them.
extension Expression {
    /// The expression as canonical source text, without the `${` and `}`.
    public var canonicalText: String {
        switch kind {
        case .literal(let value):
            return Expression.literalText(value)
        case .list(let items):
            return "[" + items.map(\.canonicalText).joined(separator: ", ") + "]"
        case .path(let path):
            return path.canonicalText
        case .unary(let operation, let operand):
            let inner = operand.canonicalText
            if case .binary = operand.kind { return operation.rawValue + "(" + inner + ")" }
            // `- -5` must not read as `--5`, nor `-(-5)` as a literal.
            if operation == .negate, inner.hasPrefix("-") { return "-(" + inner + ")" }
            return operation.rawValue + inner
        case .binary(let operation, let left, let right):
            let leftText = left.text(parenthesizedBelow: operation.precedence)
            let rightText = right.text(parenthesizedBelow: operation.precedence + 1)
            return leftText + " " + operation.rawValue + " " + rightText
        }
    }

    private func text(parenthesizedBelow precedence: Int) -> String {
        if case .binary(let operation, _, _) = kind, operation.precedence < precedence {
            return "(" + canonicalText + ")"
        }
        return canonicalText
    }

    private static func literalText(_ value: Value) -> String {
        switch value {
        case .string(let text):
            var quoted = "'"
            for scalar in text.unicodeScalars {
                switch scalar {
                case "'": quoted += "\\'"
                case "\\": quoted += "\\\\"
                case "\n": quoted += "\\n"
                case "\t": quoted += "\\t"
                default: quoted.unicodeScalars.append(scalar)
                }
            }
            return quoted + "'"
        case .list(let items):
            return "[" + items.map(literalText).joined(separator: ", ") + "]"
        default:
            return value.json
        }
    }
}

extension Path {
    /// The path as it parses back: `.name` members where the name is an identifier,
    /// `['…']` elsewhere (`steps['update_dev_teams.engineering-team'].status`).
    public var canonicalText: String {
        var text: String
        switch root {
        case .inputs: text = "inputs"
        case .step(let id, _, let field):
            text = "steps" + Path.memberText(id) + "." + field.rawValue
        case .workflow(let field): text = "workflow." + field.rawValue
        }
        for member in members { text += Path.memberText(member) }
        return text
    }

    private static func memberText(_ member: String) -> String {
        let scalars = member.unicodeScalars
        if let first = scalars.first, Lexer.isIdentifierStart(first),
            scalars.allSatisfy(Lexer.isIdentifierPart)
        {
            return "." + member
        }
        if !scalars.isEmpty, scalars.allSatisfy(Lexer.isDigit), scalars.count < 16 {
            return "[" + member + "]"
        }
        var escaped = ""
        for scalar in scalars {
            if scalar == "\\" || scalar == "'" { escaped += "\\" }
            escaped.unicodeScalars.append(scalar)
        }
        return "['" + escaped + "']"
    }
}

extension Template {
    /// The template as text: constants as JSON, expressions as `${…}`, interpolations with
    /// their text around them.
    public var canonicalText: String {
        switch self {
        case .constant(let value):
            return value.json
        case .expression(let expression):
            return "${" + expression.canonicalText + "}"
        case .interpolation(let parts):
            return parts.map { part in
                switch part {
                case .text(let text): return text
                case .expression(let expression): return "${" + expression.canonicalText + "}"
                }
            }.joined()
        case .list(let items):
            return "[" + items.map(\.canonicalText).joined(separator: ", ") + "]"
        case .object(let members):
            return "{"
                + members.map { "\($0.key): \($0.value.canonicalText)" }.joined(separator: ", ")
                + "}"
        }
    }
}
