/// Parses the text inside `${…}` into an `Expression`.
///
/// ```swift
/// let expression = try ExpressionParser.parse("steps.initial_assessment.outputs.cost_delta > 500")
/// ```
///
/// Binary operators bind by `BinaryOperator.precedence` and associate to the left; `!` and
/// unary `-` bind tighter than any binary operator; `not` reads like Python's and applies
/// to a whole comparison (`not a == b` is `not (a == b)`).
public enum ExpressionParser {
    /// The deepest an expression may nest (operators, parentheses, lists), so that neither
    /// parsing nor evaluation can exhaust the stack.
    public static let maximumDepth = 64

    /// Parses `text`, locating its first scalar at `origin` (later scalars follow on the
    /// same line, and on the next lines after a line break).
    public static func parse(
        _ text: String, at origin: SourceLocation = .start
    ) throws(ExpressionError) -> Expression {
        let scalars = Array(text.unicodeScalars)
        return try parse(scalars: scalars, locations: locations(of: scalars, from: origin))
    }

    /// Parses scalars whose file positions are known one by one (`locations` has one entry
    /// per scalar plus one for the end).
    static func parse(
        scalars: [Unicode.Scalar], locations: [SourceLocation]
    ) throws(ExpressionError) -> Expression {
        var lexer = Lexer(scalars: scalars, locations: locations)
        var parser = ExpressionSyntax(tokens: try lexer.tokenize(), locations: locations)
        return try parser.parseWhole()
    }

    /// The location of every scalar of `scalars` written from `origin` on, plus the end.
    static func locations(
        of scalars: [Unicode.Scalar], from origin: SourceLocation
    ) -> [SourceLocation] {
        var result: [SourceLocation] = []
        result.reserveCapacity(scalars.count + 1)
        var current = origin
        for scalar in scalars {
            result.append(current)
            current =
                scalar == "\n"
                ? SourceLocation(line: current.line + 1, column: 1)
                : current.advanced(by: 1)
        }
        result.append(current)
        return result
    }
}

/// The recursive-descent parser over a token list.
struct ExpressionSyntax {
    private let tokens: [Token]
    private let locations: [SourceLocation]
    private var index = 0
    /// Syntactic nesting now: parentheses, lists and unary operators being parsed.
    private var nesting = 0

    init(tokens: [Token], locations: [SourceLocation]) {
        precondition(tokens.last?.kind == .end, "the token list ends with .end")
        self.tokens = tokens
        self.locations = locations
    }

    /// A parsed node and the depth of the tree below it (a leaf has depth 1).
    struct Parsed {
        var expression: Expression
        var depth: Int
    }

    var current: Token { tokens[index] }

    func location(of token: Token) -> SourceLocation { locations[token.start] }

    mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    /// The whole expression; anything after it is an error.
    mutating func parseWhole() throws(ExpressionError) -> Expression {
        if current.kind == .end {
            throw ExpressionError("empty expression inside '${…}'", at: location(of: current))
        }
        let parsed = try parseBinary(minimumPrecedence: 1)
        if current.kind != .end {
            throw ExpressionError(
                "expected an operator or the end of the expression, found \(current.quoted)",
                at: location(of: current))
        }
        return parsed.expression
    }

    /// Operators at or above `minimumPrecedence`, folded to the left.
    mutating func parseBinary(minimumPrecedence: Int) throws(ExpressionError) -> Parsed {
        var left = try parseUnary()
        while let operation = binaryOperator(current), operation.precedence >= minimumPrecedence {
            let operatorToken = current
            advance()
            let right = try parseBinary(minimumPrecedence: operation.precedence + 1)
            let depth = max(left.depth, right.depth) + 1
            try checkDepth(depth, at: location(of: operatorToken))
            left = Parsed(
                expression: Expression(
                    .binary(operation, left.expression, right.expression),
                    at: left.expression.location),
                depth: depth)
        }
        return left
    }

    func binaryOperator(_ token: Token) -> BinaryOperator? {
        switch token.kind {
        case .symbol(let symbol): return BinaryOperator(rawValue: symbol)
        case .identifier("and"): return .and
        case .identifier("or"): return .or
        default: return nil
        }
    }

    /// `!x`, `-x`, `not x == y`, or a primary.
    mutating func parseUnary() throws(ExpressionError) -> Parsed {
        let token = current
        let operation: UnaryOperator
        var operandPrecedence: Int?
        switch token.kind {
        case .symbol("!"): operation = .not
        case .symbol("-"): operation = .negate
        case .identifier("not"):
            operation = .not
            operandPrecedence = BinaryOperator.equal.precedence
        default: return try parsePrimary()
        }
        advance()
        try enterNesting(at: token)
        defer { nesting -= 1 }
        let operand: Parsed
        if let operandPrecedence {
            operand = try parseBinary(minimumPrecedence: operandPrecedence)
        } else {
            operand = try parseUnary()
        }
        if operation == .negate, case .literal(.number(let number)) = operand.expression.kind {
            // A negative literal is a literal, so that `-5` prints and compares as one.
            return Parsed(
                expression: Expression(.literal(.number(-number)), at: location(of: token)),
                depth: 1)
        }
        try checkDepth(operand.depth + 1, at: location(of: token))
        return Parsed(
            expression: Expression(.unary(operation, operand.expression), at: location(of: token)),
            depth: operand.depth + 1)
    }

    /// Literals, lists, parenthesised expressions and paths.
    mutating func parsePrimary() throws(ExpressionError) -> Parsed {
        let token = current
        let start = location(of: token)
        switch token.kind {
        case .number(let number):
            advance()
            return Parsed(expression: Expression(.literal(.number(number)), at: start), depth: 1)
        case .string(let text):
            advance()
            return Parsed(expression: Expression(.literal(.string(text)), at: start), depth: 1)
        case .identifier("true"), .identifier("false"):
            advance()
            return Parsed(
                expression: Expression(
                    .literal(.bool(token.kind == .identifier("true"))), at: start),
                depth: 1)
        case .identifier("null"):
            advance()
            return Parsed(expression: Expression(.literal(.null), at: start), depth: 1)
        case .identifier(let name):
            advance()
            return Parsed(
                expression: Expression(.path(try parsePath(root: name, at: token)), at: start),
                depth: 1)
        case .symbol("("):
            advance()
            try enterNesting(at: token)
            defer { nesting -= 1 }
            let inner = try parseBinary(minimumPrecedence: 1)
            try expect(")", closing: "(", openedAt: token)
            return inner
        case .symbol("["):
            return try parseList()
        case .end:
            throw ExpressionError("expected a value, found the end of the expression", at: start)
        default:
            throw ExpressionError("expected a value, found \(token.quoted)", at: start)
        }
    }

    /// `[a, b, c]`; a trailing comma is allowed.
    mutating func parseList() throws(ExpressionError) -> Parsed {
        let open = current
        advance()
        try enterNesting(at: open)
        defer { nesting -= 1 }
        var items: [Expression] = []
        var depth = 1
        while current.kind != .symbol("]") {
            let item = try parseBinary(minimumPrecedence: 1)
            items.append(item.expression)
            depth = max(depth, item.depth + 1)
            if current.kind == .symbol(",") {
                advance()
            } else {
                break
            }
        }
        try expect("]", closing: "[", openedAt: open)
        try checkDepth(depth, at: location(of: open))
        return Parsed(expression: Expression(.list(items), at: location(of: open)), depth: depth)
    }

    mutating func expect(
        _ symbol: String, closing opener: String, openedAt open: Token
    ) throws(ExpressionError) {
        guard current.kind == .symbol(symbol) else {
            throw ExpressionError(
                "expected '\(symbol)' to close '\(opener)' at \(location(of: open)), "
                    + "found \(current.quoted)",
                at: location(of: current))
        }
        advance()
    }

    mutating func enterNesting(at token: Token) throws(ExpressionError) {
        nesting += 1
        try checkDepth(nesting, at: location(of: token))
    }

    func checkDepth(_ depth: Int, at location: SourceLocation) throws(ExpressionError) {
        guard depth <= ExpressionParser.maximumDepth else {
            throw ExpressionError(
                "expression nests deeper than the limit of \(ExpressionParser.maximumDepth) levels",
                at: location)
        }
    }
}
