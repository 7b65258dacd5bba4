/// Evaluation of parsed expressions and templates against an `EvaluationContext`.
///
/// Evaluation is total: it never throws and never traps. A path into a step that did not
/// run, a member of a non-object, arithmetic on non-numbers and division by zero all
/// yield `null`; ordering comparisons between values of different types are `false`.
extension Expression {
    /// The value of the expression for the context's instance at this moment.
    @inlinable
    public func evaluate(in context: some EvaluationContext) -> Value {
        switch kind {
        case .literal(let value):
            return value
        case .list(let items):
            return .list(items.map { $0.evaluate(in: context) })
        case .path(let path):
            return path.resolve(in: context)
        case .unary(.not, let operand):
            return .bool(!operand.evaluate(in: context).isTruthy)
        case .unary(.negate, let operand):
            guard let number = operand.evaluate(in: context).numberValue else { return .null }
            return .number(-number)
        case .binary(.and, let left, let right):
            guard left.evaluate(in: context).isTruthy else { return .bool(false) }
            return .bool(right.evaluate(in: context).isTruthy)
        case .binary(.or, let left, let right):
            if left.evaluate(in: context).isTruthy { return .bool(true) }
            return .bool(right.evaluate(in: context).isTruthy)
        case .binary(let operation, let left, let right):
            return operation.apply(left.evaluate(in: context), right.evaluate(in: context))
        }
    }

    /// The operands of a top-level ordering comparison as the execution log shows them
    /// (`650 > 500`), or `nil` for any other expression.
    public func explanation(in context: some EvaluationContext) -> String? {
        evaluateExplained(in: context).explanation?.text
    }

    /// The value, and for a top-level ordering comparison its evaluated operands: each
    /// operand is evaluated once, and the log text is written only when it is read.
    @inlinable
    public func evaluateExplained(in context: some EvaluationContext) -> (
        value: Value, explanation: ConditionExplanation?
    ) {
        guard case .binary(let operation, let left, let right) = kind, operation.isExplained
        else { return (evaluate(in: context), nil) }
        let leftValue = left.evaluate(in: context)
        let rightValue = right.evaluate(in: context)
        return (
            operation.apply(leftValue, rightValue),
            ConditionExplanation(leftValue, operation, rightValue)
        )
    }
}

/// Why a condition came out as it did, as the execution log shows it: `650 > 500`.
///
/// An evaluation keeps the operands and writes the text only when it is read, since most
/// histories (a load test's) are never rendered. Equal when the texts are; encoded as the
/// text, which is also what a decoded one holds.
public struct ConditionExplanation: Sendable, Hashable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    private enum Storage: Sendable {
        case text(String)
        case comparison(Value, BinaryOperator, Value)
    }

    private let storage: Storage

    /// The comparison `left operation right`, with its operands' values.
    public init(_ left: Value, _ operation: BinaryOperator, _ right: Value) {
        storage = .comparison(left, operation, right)
    }

    /// An explanation already written out.
    public init(text: String) {
        storage = .text(text)
    }

    public init(stringLiteral text: String) {
        self.init(text: text)
    }

    /// `650 > 500`; strings in single quotes.
    public var text: String {
        switch storage {
        case .text(let text):
            return text
        case .comparison(let left, let operation, let right):
            return "\(left.quotedForLog) \(operation.rawValue) \(right.quotedForLog)"
        }
    }

    public var description: String { text }

    public static func == (left: ConditionExplanation, right: ConditionExplanation) -> Bool {
        left.text == right.text
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(text)
    }

    public init(from decoder: any Decoder) throws {
        self.init(text: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

extension Value {
    /// A value as a log line shows an operand: strings in single quotes.
    public var quotedForLog: String {
        if case .string(let text) = self { return "'\(text)'" }
        return json
    }

    /// The value `members` name one below the other from this one (`model_info.model`),
    /// `null` where any of them is missing.
    @inlinable
    public consuming func member(along members: [String]) -> Value {
        var value = consume self
        for member in members {
            if case .null = value { return .null }
            value = value.member(member)
        }
        return value
    }

    /// The member named `member`: an object's key, or a list's element by decimal index.
    public func member(_ member: String) -> Value {
        switch self {
        case .object(let members):
            return members.value(forName: member) ?? .null
        case .list(let items):
            guard let position = Int(member), items.indices.contains(position) else {
                return .null
            }
            return items[position]
        default:
            return .null
        }
    }
}

extension Path {
    /// The value the path names now, `null` where any part of it is missing.
    @inlinable
    public func resolve(in context: some EvaluationContext) -> Value {
        let value: Value
        switch root {
        case .inputs:
            value = context.inputs
        case .step(_, let index, .outputs):
            value = context.outputs(ofStep: index) ?? .null
        case .step(_, let index, .inputs):
            value = context.inputs(ofStep: index) ?? .null
        case .step(_, let index, .status):
            value = context.status(ofStep: index).map(Value.string) ?? .null
        case .workflow(let field):
            value = context.workflow(field)
        }
        return value.member(along: members)
    }
}

extension BinaryOperator {
    /// The result of a non-short-circuit operator on two evaluated operands.
    public func apply(_ left: Value, _ right: Value) -> Value {
        switch self {
        case .equal: return .bool(left == right)
        case .notEqual: return .bool(left != right)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            return .bool(compare(left, right))
        case .add:
            switch (left, right) {
            case (.number(let a), .number(let b)): return .number(a + b)
            case (.string(let a), _): return .string(a + right.interpolated)
            case (_, .string(let b)): return .string(left.interpolated + b)
            case (.list(let a), .list(let b)): return .list(a + b)
            default: return .null
            }
        case .subtract, .multiply, .divide:
            guard case .number(let a) = left, case .number(let b) = right else { return .null }
            switch self {
            case .subtract: return .number(a - b)
            case .multiply: return .number(a * b)
            default: return b == 0 ? .null : .number(a / b)
            }
        case .and, .or:
            return .bool(
                self == .and
                    ? left.isTruthy && right.isTruthy
                    : left.isTruthy || right.isTruthy)
        }
    }

    private func compare(_ left: Value, _ right: Value) -> Bool {
        switch (left, right) {
        case (.number(let a), .number(let b)):
            return ordered(a, b)
        case (.string(let a), .string(let b)):
            // Compare by scalar values, so the order never depends on locale.
            let forward = a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
            let backward = b.unicodeScalars.lexicographicallyPrecedes(a.unicodeScalars)
            switch self {
            case .less: return forward
            case .lessOrEqual: return !backward
            case .greater: return backward
            default: return !forward
            }
        default:
            return false
        }
    }

    private func ordered<T: Comparable>(_ a: T, _ b: T) -> Bool {
        switch self {
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        default: return a >= b
        }
    }
}

extension Template {
    /// The value with every expression in it evaluated.
    @inlinable
    public func resolve(in context: some EvaluationContext) -> Value {
        switch self {
        case .constant(let value):
            return value
        case .expression(let expression):
            return expression.evaluate(in: context)
        case .interpolation(let parts):
            var text = ""
            for part in parts {
                switch part {
                case .text(let literal): text += literal
                case .expression(let expression):
                    text += expression.evaluate(in: context).interpolated
                }
            }
            return .string(text)
        case .list(let items):
            return .list(items.map { $0.resolve(in: context) })
        case .object(let members):
            var object = [String: Value](minimumCapacity: members.count)
            for member in members { object[member.key] = member.value.resolve(in: context) }
            return .object(object)
        }
    }

    /// Every expression inside the template, in source order.
    public var expressions: [Expression] {
        switch self {
        case .constant: return []
        case .expression(let expression): return [expression]
        case .interpolation(let parts):
            return parts.compactMap {
                if case .expression(let expression) = $0 { return expression }
                return nil
            }
        case .list(let items): return items.flatMap(\.expressions)
        case .object(let members): return members.flatMap(\.value.expressions)
        }
    }

    /// Whether the template reads `workflow.history`.
    public var readsHistory: Bool {
        expressions.contains { expression in
            expression.paths.contains { $0.path.root == .workflow(.history) }
        }
    }

    /// The steps whose outputs, inputs or status the template reads, by index, each once,
    /// in ascending order.
    public var stepsRead: [Int] {
        var steps: Set<Int> = []
        for expression in expressions {
            for (path, _) in expression.paths {
                if case .step(_, let index, _) = path.root { steps.insert(index) }
            }
        }
        return steps.sorted()
    }
}

extension Expression {
    /// Every path in the expression, in source order, with the location of its node.
    public var paths: [(path: Path, location: SourceLocation)] {
        switch kind {
        case .literal: return []
        case .path(let path): return [(path, location)]
        case .list(let items): return items.flatMap(\.paths)
        case .unary(_, let operand): return operand.paths
        case .binary(_, let left, let right): return left.paths + right.paths
        }
    }
}
