/// A position in a source file: 1-based line and column (columns count Unicode scalars).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The start of a file, for problems that belong to the file as a whole.
    public static let start = SourceLocation(line: 1, column: 1)

    /// The location `offset` scalars to the right on the same line.
    public func advanced(by offset: Int) -> SourceLocation {
        SourceLocation(line: line, column: column + offset)
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// One problem found in a file: where it is, how bad, and what is wrong.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// Errors stop a file from loading; warnings do not.
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public var severity: Severity
    public var file: String
    public var location: SourceLocation
    public var message: String

    public init(
        _ severity: Severity, file: String, at location: SourceLocation, _ message: String
    ) {
        self.severity = severity
        self.file = file
        self.location = location
        self.message = message
    }

    /// `file:line:column: error: message`, the form compilers and editors understand.
    public var description: String {
        "\(file):\(location.line):\(location.column): \(severity.rawValue): \(message)"
    }

    /// The diagnostic followed by the offending source line and a caret under the column.
    public func rendered(source: String) -> String {
        let lines = Diagnostic.lines(of: source)
        guard location.line >= 1, location.line <= lines.count else { return description }
        return rendered(line: lines[location.line - 1])
    }

    /// The diagnostic followed by `line`, the text of the line it points into, and a caret
    /// under the column. Split a file once with `lines(of:)` to render many diagnostics.
    public func rendered(line: Substring?) -> String {
        guard let line else { return description }
        let shown = String(line).replacingTabs()
        let caretOffset = max(0, min(location.column - 1, shown.unicodeScalars.count))
        return description + "\n" + shown + "\n" + String(repeating: " ", count: caretOffset) + "^"
    }

    /// The lines of `source` without their breaks, split at `\n`, `\r\n` or a lone `\r` as
    /// libyaml counts lines, so that line numbers agree with the loader's.
    public static func lines(of source: String) -> [Substring] {
        var lines: [Substring] = []
        var start = source.unicodeScalars.startIndex
        var index = start
        let scalars = source.unicodeScalars
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "\n" || scalar == "\r" {
                lines.append(Substring(scalars[start..<index]))
                var next = scalars.index(after: index)
                if scalar == "\r", next < scalars.endIndex, scalars[next] == "\n" {
                    next = scalars.index(after: next)
                }
                start = next
                index = next
            } else {
                index = scalars.index(after: index)
            }
        }
        lines.append(Substring(scalars[start..<scalars.endIndex]))
        return lines
    }
}

extension String {
    fileprivate func replacingTabs() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\t" ? " " : $0 }))
    }
}

/// The diagnostics of one load, kept in the order found and reported sorted by position.
public struct DiagnosticList: Sendable {
    public private(set) var items: [Diagnostic] = []
    public let file: String

    public init(file: String) {
        self.file = file
    }

    public mutating func error(_ message: String, at location: SourceLocation) {
        items.append(Diagnostic(.error, file: file, at: location, message))
    }

    public mutating func warning(_ message: String, at location: SourceLocation) {
        items.append(Diagnostic(.warning, file: file, at: location, message))
    }

    public mutating func append(_ diagnostic: Diagnostic) {
        items.append(diagnostic)
    }

    public var hasErrors: Bool { items.contains { $0.severity == .error } }

    /// All diagnostics, sorted by position (stable for equal positions), without repeats.
    public var sorted: [Diagnostic] { DiagnosticList.sorting(items) }

    /// `diagnostics` sorted by position (stable for equal positions), without repeats.
    public static func sorting(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return diagnostics.enumerated()
            .sorted { ($0.element.location, $0.offset) < ($1.element.location, $1.offset) }
            .map(\.element)
            .filter { seen.insert($0).inserted }
    }
}

/// A load that failed: every diagnostic it produced, errors and warnings.
public struct LoadError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
