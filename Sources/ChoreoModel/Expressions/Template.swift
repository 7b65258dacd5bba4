/// A YAML value that may hold `${…}` expressions anywhere inside it (step inputs,
/// approval messages, conditions).
///
/// A string that is exactly one `${…}` yields the expression's typed value; any other
/// string with `${…}` in it interpolates each as text; `$` not followed by `{` is literal.
public indirect enum Template: Sendable, Hashable {
    /// A value with no expression in it.
    case constant(Value)
    /// A string that is exactly one `${…}`.
    case expression(Expression)
    /// A string mixing text and `${…}`.
    case interpolation([TemplatePart])
    case list([Template])
    /// Members in source order.
    case object([TemplateMember])

    /// Whether the template holds no expression.
    public var isConstant: Bool {
        if case .constant = self { return true }
        return false
    }
}

/// A piece of an interpolated string.
public enum TemplatePart: Sendable, Hashable {
    case text(String)
    case expression(Expression)
}

/// One `key: template` pair of an object template.
public struct TemplateMember: Sendable, Hashable {
    public var key: String
    public var value: Template

    public init(key: String, value: Template) {
        self.key = key
        self.value = value
    }
}
