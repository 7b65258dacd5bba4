/// Paths: `inputs.…`, `steps.<id>.outputs.…`, `steps.<id>.status`, `steps.<id>.inputs.…`,
/// `workflow.<field>…`. Members follow as `.name` or `['any text']` / `[0]`, so that keys
/// with hyphens or dots (and generated step ids) can be named too.
extension ExpressionSyntax {
    static let roots = ["inputs", "steps", "workflow"]

    /// The rest of a path whose first name, `root`, has just been read.
    mutating func parsePath(root: String, at rootToken: Token) throws(ExpressionError) -> Path {
        switch root {
        case "inputs":
            return Path(root: .inputs, members: try parseMembers())
        case "steps":
            return try parseStepPath(after: rootToken)
        case "workflow":
            return try parseWorkflowPath()
        default:
            throw ExpressionError(unknownRootMessage(root), at: location(of: rootToken))
        }
    }

    func unknownRootMessage(_ root: String) -> String {
        if let match = Suggestions.closest(to: root, among: ExpressionSyntax.roots) {
            return "unknown path root '\(root)' (did you mean '\(match)'?)"
        }
        let isPath = current.kind == .symbol(".") || current.kind == .symbol("[")
        return isPath
            ? "unknown path root '\(root)'; paths start with inputs, steps or workflow"
            : "unknown name '\(root)'; write a path (inputs…, steps…, workflow…), a number, "
                + "a quoted string, true, false or null"
    }

    /// `steps.<id>.<field>` and the members after it.
    mutating func parseStepPath(after rootToken: Token) throws(ExpressionError) -> Path {
        guard let id = try parseMember() else {
            throw ExpressionError(
                "expected a step id after 'steps.', found \(current.quoted)",
                at: location(of: current))
        }
        let fieldToken = current
        guard current.kind == .symbol(".") else {
            throw ExpressionError(
                "expected '.outputs', '.status' or '.inputs' after 'steps.\(id)', "
                    + "found \(current.quoted)",
                at: location(of: current))
        }
        advance()
        guard case .identifier(let name) = current.kind else {
            throw ExpressionError(
                "expected outputs, status or inputs after 'steps.\(id).', found \(current.quoted)",
                at: location(of: current))
        }
        guard let field = Path.StepField(rawValue: name) else {
            let names = ["outputs", "status", "inputs"]
            throw ExpressionError(
                "unknown step field '\(name)'\(Suggestions.hint(for: name, among: names)); "
                    + "expected outputs, status or inputs",
                at: location(of: current))
        }
        advance()
        let members = try parseMembers()
        if field == .status, !members.isEmpty {
            throw ExpressionError(
                "'steps.\(id).status' is a string and has no members", at: location(of: fieldToken))
        }
        return Path(root: .step(id: id, index: -1, field: field), members: members)
    }

    /// `workflow.<field>` and the members after it.
    mutating func parseWorkflowPath() throws(ExpressionError) -> Path {
        let names = Path.WorkflowField.allCases.map(\.rawValue)
        guard current.kind == .symbol(".") else {
            throw ExpressionError(
                "expected '.' and a field after 'workflow' (\(Suggestions.list(names)))",
                at: location(of: current))
        }
        advance()
        guard case .identifier(let name) = current.kind else {
            throw ExpressionError(
                "expected a field after 'workflow.' (\(Suggestions.list(names))), "
                    + "found \(current.quoted)",
                at: location(of: current))
        }
        guard let field = Path.WorkflowField(rawValue: name) else {
            throw ExpressionError(
                "unknown workflow field '\(name)'\(Suggestions.hint(for: name, among: names)); "
                    + "expected \(Suggestions.list(names))",
                at: location(of: current))
        }
        advance()
        return Path(root: .workflow(field), members: try parseMembers())
    }

    /// Members for as long as `.name` or `[…]` follow.
    mutating func parseMembers() throws(ExpressionError) -> [String] {
        var members: [String] = []
        while let member = try parseMember() {
            members.append(member)
        }
        return members
    }

    /// One `.name`, `['text']` or `[0]`, or `nil` if the next token starts neither.
    mutating func parseMember() throws(ExpressionError) -> String? {
        switch current.kind {
        case .symbol("."):
            advance()
            guard case .identifier(let name) = current.kind else {
                let hint =
                    if case .number = current.kind { "; write [0] for a list position" } else { "" }
                throw ExpressionError(
                    "expected a name after '.', found \(current.quoted)\(hint)",
                    at: location(of: current))
            }
            advance()
            return name
        case .symbol("["):
            let open = current
            advance()
            let member: String
            switch current.kind {
            case .string(let text):
                member = text
            case .number(let number)
            where number >= 0 && number.rounded() == number && number < 1e15:
                member = Value.format(number: number)
            default:
                throw ExpressionError(
                    "expected a quoted name or a whole number inside '[…]', "
                        + "found \(current.quoted)",
                    at: location(of: current))
            }
            advance()
            try expect("]", closing: "[", openedAt: open)
            return member
        default:
            return nil
        }
    }
}
