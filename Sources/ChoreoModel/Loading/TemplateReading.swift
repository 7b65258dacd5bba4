import Yams

/// YAML values that may hold `${…}` anywhere inside: step inputs, messages, conditions.
extension LoadSession {
    /// The template of any YAML value. Scalars without `${` take YAML's type (int, float,
    /// bool, null, string); a mapping or list with no expression inside collapses to one
    /// `.constant`. Every malformed expression is reported at its own position.
    func template(_ node: Node) -> Template {
        switch node {
        case .scalar(let scalar):
            guard TemplateParser.containsExpression(scalar.string) else {
                return .constant(constantValue(node))
            }
            let scalars = Array(scalar.string.unicodeScalars)
            let offsets = sourceOffsets(of: scalar, scalars: scalars)
            let parsed = TemplateParser.parse(scalars: scalars) {
                source.location(ofOffset: offsets[$0])
            }
            for problem in parsed.errors { error(problem.message, at: problem.location) }
            return parsed.template
        case .sequence(let sequence):
            let items = sequence.map { template($0) }
            if items.allSatisfy(\.isConstant) {
                return .constant(.list(items.map(\.constantValue)))
            }
            return .list(items)
        case .mapping(let mapping):
            var members: [TemplateMember] = []
            for (keyNode, value) in mapping {
                guard case .scalar(let key) = keyNode else {
                    error("expected a name as key, found \(keyNode.kindDescription)", at: keyNode)
                    continue
                }
                members.append(TemplateMember(key: key.string, value: template(value)))
            }
            if members.allSatisfy(\.value.isConstant) {
                var object: [String: Value] = [:]
                for member in members { object[member.key] = member.value.constantValue }
                return .constant(.object(object))
            }
            return .object(members)
        case .alias:
            // Yams substitutes aliases while composing; none reach here.
            return .constant(.null)
        }
    }

    /// A scalar as YAML types it. Timestamps and other tags stay strings.
    package func constantValue(_ node: Node) -> Value {
        guard case .scalar(let scalar) = node else { return .null }
        if scalar.style != .plain && scalar.style != .any { return .string(scalar.string) }
        switch node.tagName {
        case .null: return .null
        case .bool: return node.bool.map(Value.bool) ?? .string(scalar.string)
        case .int:
            if let number = node.int { return .number(Double(number)) }
            return node.float.map(Value.number) ?? .string(scalar.string)
        case .float: return node.float.map(Value.number) ?? .string(scalar.string)
        default: return .string(scalar.string)
        }
    }

    /// The source offset of every scalar of a YAML scalar's value, plus its end.
    ///
    /// The value is lined up with the source text from the scalar's mark: equal scalars
    /// match; quotes, a block scalar's header and indentation, folded line breaks and
    /// escapes are stepped over. Exact for plain, quoted and literal (`|`) scalars without
    /// escapes, which is where expressions live; close elsewhere.
    func sourceOffsets(of scalar: Node.Scalar, scalars: [Unicode.Scalar]) -> [Int] {
        let start =
            scalar.mark.map { source.offset(of: SourceLocation(line: $0.line, column: $0.column)) }
            ?? 0
        var aligner = ScalarAligner(source: source, start: start, style: scalar.style)
        var offsets: [Int] = []
        offsets.reserveCapacity(scalars.count + 1)
        for value in scalars { offsets.append(aligner.align(value)) }
        offsets.append(aligner.position)
        return offsets
    }
}

extension Template {
    /// The value of a constant template (`null` for any other).
    fileprivate var constantValue: Value {
        if case .constant(let value) = self { return value }
        return .null
    }
}

/// Walks the source of one YAML scalar alongside its value (see `expressionLocations`).
struct ScalarAligner {
    let source: SourceText
    let style: Node.Scalar.Style
    /// The source offset the next value scalar is expected at.
    private(set) var position: Int
    /// How far a value scalar is looked for past skippable source; bounds the work.
    private static let lookahead = 256

    init(source: SourceText, start: Int, style: Node.Scalar.Style) {
        self.source = source
        self.style = style
        var position = start
        switch style {
        case .singleQuoted, .doubleQuoted:
            position += 1
        case .literal, .folded:
            // The content starts on the line after the `|` or `>` header.
            let headerLine = source.location(ofOffset: start).line
            position =
                headerLine < source.lineCount ? source.lineStarts[headerLine] : source.scalars.count
        default:
            break
        }
        self.position = position
    }

    /// The source offset of the value scalar `value`, advancing past it.
    mutating func align(_ value: Unicode.Scalar) -> Int {
        let scalars = source.scalars
        // A `\` before a line break joins lines in a double-quoted scalar: no value scalar.
        while style == .doubleQuoted, position + 1 < scalars.count, scalars[position] == "\\",
            scalars[position + 1] == "\n" || scalars[position + 1] == "\r"
        {
            position += 1
            while position < scalars.count, ScalarAligner.isSpace(scalars[position]) {
                position += 1
            }
        }
        guard position < scalars.count else { return scalars.count }
        if scalars[position] == value {
            position += 1
            return position - 1
        }
        if style == .doubleQuoted, scalars[position] == "\\" {
            return alignEscape()
        }
        if ScalarAligner.isSpace(value), ScalarAligner.isSpace(scalars[position]) {
            // A folded line break: the value's one space stands for the break and the
            // indentation after it.
            let matched = position
            while position < scalars.count, ScalarAligner.isSpace(scalars[position]) {
                position += 1
            }
            return matched
        }
        var probe = position
        while probe < scalars.count, probe - position < ScalarAligner.lookahead,
            ScalarAligner.isSkippable(scalars[probe])
        {
            probe += 1
        }
        if probe < scalars.count, scalars[probe] == value {
            position = probe + 1
            return probe
        }
        // Nothing matches (an escape's result, say): let one source scalar stand for it.
        position += 1
        return position - 1
    }

    /// A double-quoted escape: `\"`, `\n`, `\x41`, `\u00e9` and friends stand for one
    /// value scalar.
    private mutating func alignEscape() -> Int {
        let scalars = source.scalars
        let start = position
        let next = position + 1 < scalars.count ? scalars[position + 1] : "\\"
        let length: Int
        switch next {
        case "x": length = 4
        case "u": length = 6
        case "U": length = 10
        default: length = 2
        }
        position = min(scalars.count, position + length)
        return start
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }

    private static func isSkippable(_ scalar: Unicode.Scalar) -> Bool {
        isSpace(scalar) || scalar == "'" || scalar == "\"" || scalar == "\\"
    }
}
