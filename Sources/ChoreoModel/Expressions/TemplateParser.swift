/// Turns a string from a definition into a `Template`: `${…}` parts parsed once, at load.
///
/// ```swift
/// try TemplateParser.parse("${inputs.budget}")         // .expression: the typed value
/// try TemplateParser.parse("costs $${inputs.budget}")  // .interpolation: "costs $650"
/// try TemplateParser.parse("no expression")            // .constant(.string)
/// ```
///
/// A `$` not followed by `{` is literal text. The `}` that closes `${` is the first one
/// outside a quoted string, so `${x == '}'}` is one expression.
public enum TemplateParser {
    /// Parses `text`, locating its first scalar at `origin` (later scalars follow on the same
    /// line, and on the next lines after a line break). Throws the first malformed part.
    public static func parse(
        _ text: String, at origin: SourceLocation = .start
    ) throws(ExpressionError) -> Template {
        let scalars = Array(text.unicodeScalars)
        let locations = ExpressionParser.locations(of: scalars, from: origin)
        let parsed = parse(scalars: scalars) { locations[$0] }
        if let error = parsed.errors.first { throw error }
        return parsed.template
    }

    /// Whether `text` holds a `${`, that is, whether it is more than a constant.
    public static func containsExpression(_ text: String) -> Bool {
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if previous == "$", scalar == "{" { return true }
            previous = scalar
        }
        return false
    }

    /// The template of `scalars` and every error in it; `locate` gives the file position of
    /// the scalar at an offset (and of the end, at `scalars.count`).
    static func parse(
        scalars: [Unicode.Scalar], locate: (Int) -> SourceLocation
    ) -> (template: Template, errors: [ExpressionError]) {
        var parts: [TemplatePart] = []
        var errors: [ExpressionError] = []
        var textStart = 0
        var position = 0
        func flushText(upTo end: Int) {
            if end > textStart {
                parts.append(.text(String(String.UnicodeScalarView(scalars[textStart..<end]))))
            }
        }
        while position < scalars.count {
            guard scalars[position] == "$", position + 1 < scalars.count,
                scalars[position + 1] == "{"
            else {
                position += 1
                continue
            }
            flushText(upTo: position)
            let bodyStart = position + 2
            switch closingBrace(in: scalars, from: bodyStart) {
            case .found(let bodyEnd):
                let body = Array(scalars[bodyStart..<bodyEnd])
                let locations = (bodyStart...bodyEnd).map(locate)
                do {
                    let expression = try ExpressionParser.parse(scalars: body, locations: locations)
                    parts.append(.expression(expression))
                } catch {
                    errors.append(error)
                }
                position = bodyEnd + 1
            case .unterminatedString(let quoteOffset):
                errors.append(ExpressionError("unterminated string", at: locate(quoteOffset)))
                position = scalars.count
            case .missing:
                errors.append(
                    ExpressionError("expected '}' to close '${'", at: locate(position)))
                position = scalars.count
            }
            textStart = position
        }
        flushText(upTo: scalars.count)
        return (template(of: parts), errors)
    }

    private static func template(of parts: [TemplatePart]) -> Template {
        if parts.count == 1, case .expression(let expression) = parts[0] {
            return .expression(expression)
        }
        if parts.contains(where: { if case .expression = $0 { true } else { false } }) {
            return .interpolation(parts)
        }
        if case .text(let text) = parts.first { return .constant(.string(text)) }
        return .constant(.string(""))
    }

    private enum Closing {
        case found(Int)
        case unterminatedString(Int)
        case missing
    }

    /// The offset of the `}` that closes an expression starting at `start`.
    private static func closingBrace(in scalars: [Unicode.Scalar], from start: Int) -> Closing {
        var quote: (scalar: Unicode.Scalar, offset: Int)?
        var position = start
        while position < scalars.count {
            let scalar = scalars[position]
            if let open = quote {
                if scalar == "\\" {
                    position += 2
                    continue
                }
                if scalar == open.scalar { quote = nil }
            } else if scalar == "'" || scalar == "\"" {
                quote = (scalar, position)
            } else if scalar == "}" {
                return .found(position)
            }
            position += 1
        }
        if let open = quote { return .unterminatedString(open.offset) }
        return .missing
    }
}
