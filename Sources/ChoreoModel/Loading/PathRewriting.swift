/// Rewriting the paths inside templates and expressions: how the loader binds
/// `steps.<id>` paths to step indices once every id is known.
extension Expression {
    /// The expression with every path replaced by `transform(path, location)`.
    func mappingPaths(_ transform: (Path, SourceLocation) -> Path) -> Expression {
        switch kind {
        case .literal:
            return self
        case .path(let path):
            return Expression(.path(transform(path, location)), at: location)
        case .list(let items):
            return Expression(.list(items.map { $0.mappingPaths(transform) }), at: location)
        case .unary(let operation, let operand):
            return Expression(.unary(operation, operand.mappingPaths(transform)), at: location)
        case .binary(let operation, let left, let right):
            return Expression(
                .binary(operation, left.mappingPaths(transform), right.mappingPaths(transform)),
                at: location)
        }
    }
}

extension Template {
    /// The template with every path in its expressions replaced by `transform`.
    func mappingPaths(_ transform: (Path, SourceLocation) -> Path) -> Template {
        switch self {
        case .constant:
            return self
        case .expression(let expression):
            return .expression(expression.mappingPaths(transform))
        case .interpolation(let parts):
            return .interpolation(
                parts.map { part in
                    guard case .expression(let expression) = part else { return part }
                    return .expression(expression.mappingPaths(transform))
                })
        case .list(let items):
            return .list(items.map { $0.mappingPaths(transform) })
        case .object(let members):
            return .object(
                members.map { TemplateMember(key: $0.key, value: $0.value.mappingPaths(transform)) }
            )
        }
    }
}

extension Step.Kind {
    /// The kind with every template in it (task inputs, condition, approval message)
    /// replaced by `transform`.
    func mappingTemplates(_ transform: (Template) -> Template) -> Step.Kind {
        switch self {
        case .task(var task):
            task.inputs = transform(task.inputs)
            return .task(task)
        case .condition(var condition):
            condition.condition = transform(condition.condition)
            return .condition(condition)
        case .approval(var approval):
            approval.message = approval.message.map(transform)
            return .approval(approval)
        case .parallel, .sequence:
            return self
        }
    }
}
