/// A malformed expression: where it goes wrong and what is wrong.
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where in the file the problem is.
    public var location: SourceLocation
    /// What is wrong, as a diagnostic says it.
    public var message: String

    /// An error `message` at `location`.
    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    /// `line:column: message`.
    public var description: String { "\(location): \(message)" }
}

/// One lexical token of an expression, with its extent as scalar offsets into the text.
struct Token: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case number(Double)
        case string(String)
        /// A name: path roots and members, and the words `true false null and or not`.
        case identifier(String)
        /// An operator or punctuation: `== != <= >= && || < > ! + - * / ( ) [ ] , .`
        case symbol(String)
        case end
    }

    var kind: Kind
    var start: Int
    var end: Int

    /// How an error message quotes the token.
    var quoted: String {
        switch kind {
        case .number(let number): return "'\(Value.format(number: number))'"
        case .string: return "a string"
        case .identifier(let name): return "'\(name)'"
        case .symbol(let symbol): return "'\(symbol)'"
        case .end: return "the end of the expression"
        }
    }
}

/// Splits the text between `${` and `}` into tokens.
///
/// Works on Unicode scalars; `locations[i]` is where scalar `i` sits in the file (one extra
/// entry for the end), so every token and error can say its exact line and column.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private let locations: [SourceLocation]
    private var position = 0

    init(scalars: [Unicode.Scalar], locations: [SourceLocation]) {
        precondition(locations.count == scalars.count + 1, "one location per scalar, plus the end")
        self.scalars = scalars
        self.locations = locations
    }

    /// Every token of the text, ending with `.end`.
    mutating func tokenize() throws(ExpressionError) -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = try next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    /// `== != <= >= && ||`, or `nil` if the two scalars are not one of them.
    private static func pair(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> String? {
        switch (first, second) {
        case ("=", "="): return "=="
        case ("!", "="): return "!="
        case ("<", "="): return "<="
        case (">", "="): return ">="
        case ("&", "&"): return "&&"
        case ("|", "|"): return "||"
        default: return nil
        }
    }

    private static let oneCharacterSymbols: Set<Unicode.Scalar> = [
        "<", ">", "!", "+", "-", "*", "/", "(", ")", "[", "]", ",", ".",
    ]

    private mutating func next() throws(ExpressionError) -> Token {
        while position < scalars.count, scalars[position].properties.isWhitespace {
            position += 1
        }
        let start = position
        guard position < scalars.count else { return Token(kind: .end, start: start, end: start) }
        let scalar = scalars[position]
        if Lexer.isDigit(scalar) { return try number() }
        if Lexer.isIdentifierStart(scalar) {
            while position < scalars.count, Lexer.isIdentifierPart(scalars[position]) {
                position += 1
            }
            return Token(kind: .identifier(text(start..<position)), start: start, end: position)
        }
        if scalar == "'" || scalar == "\"" { return try string(quote: scalar) }
        if position + 1 < scalars.count, let pair = Lexer.pair(scalar, scalars[position + 1]) {
            position += 2
            return Token(kind: .symbol(pair), start: start, end: position)
        }
        if Lexer.oneCharacterSymbols.contains(scalar) {
            position += 1
            return Token(kind: .symbol(String(scalar)), start: start, end: position)
        }
        throw ExpressionError(Lexer.unexpected(scalar), at: locations[start])
    }

    private static func unexpected(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "=": return "unexpected '='; use '==' to compare"
        case "&": return "unexpected '&'; use '&&' or 'and'"
        case "|": return "unexpected '|'; use '||' or 'or'"
        case "{", "}": return "unexpected '\(scalar)' inside '${…}'"
        default:
            let shown =
                scalar.properties.isWhitespace || scalar.value < 0x20
                ? "U+" + String(scalar.value, radix: 16, uppercase: true) : String(scalar)
            return "unexpected character '\(shown)'"
        }
    }

    /// Digits, an optional fraction and an optional exponent: `650`, `0.25`, `1e6`.
    private mutating func number() throws(ExpressionError) -> Token {
        let start = position
        skipDigits()
        if position + 1 < scalars.count, scalars[position] == ".",
            Lexer.isDigit(scalars[position + 1])
        {
            position += 1
            skipDigits()
        }
        if position < scalars.count, scalars[position] == "e" || scalars[position] == "E" {
            var lookahead = position + 1
            if lookahead < scalars.count, scalars[lookahead] == "+" || scalars[lookahead] == "-" {
                lookahead += 1
            }
            if lookahead < scalars.count, Lexer.isDigit(scalars[lookahead]) {
                position = lookahead
                skipDigits()
            }
        }
        if position < scalars.count, Lexer.isIdentifierPart(scalars[position]) {
            while position < scalars.count, Lexer.isIdentifierPart(scalars[position]) {
                position += 1
            }
            throw ExpressionError(
                "malformed number '\(text(start..<position))'", at: locations[start])
        }
        guard let value = Double(text(start..<position)), value.isFinite else {
            throw ExpressionError(
                "number '\(text(start..<position))' is too large", at: locations[start])
        }
        return Token(kind: .number(value), start: start, end: position)
    }

    /// A quoted string; backslash escapes `\\ \' \" \n \t`.
    private mutating func string(quote: Unicode.Scalar) throws(ExpressionError) -> Token {
        let start = position
        position += 1
        var value = String.UnicodeScalarView()
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar == quote {
                position += 1
                return Token(kind: .string(String(value)), start: start, end: position)
            }
            if scalar == "\\" {
                guard position + 1 < scalars.count else { break }
                let escaped = scalars[position + 1]
                switch escaped {
                case "\\", "'", "\"": value.append(escaped)
                case "n": value.append("\n")
                case "t": value.append("\t")
                default:
                    throw ExpressionError(
                        "unknown escape '\\\(escaped)' in a string", at: locations[position])
                }
                position += 2
                continue
            }
            value.append(scalar)
            position += 1
        }
        throw ExpressionError("unterminated string", at: locations[start])
    }

    private mutating func skipDigits() {
        while position < scalars.count, Lexer.isDigit(scalars[position]) { position += 1 }
    }

    private func text(_ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(scalars[range]))
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
    }

    static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || isDigit(scalar)
    }
}
