import Yams

/// The state of one load: the source, the diagnostics so far, and the step arena being
/// filled. Builders share it; it lives only while the file loads.
///
/// Other loaders in the package (the simulator's scenarios) read their YAML through it too,
/// with `MappingReader` and the typed accessors, so that every file reports alike.
package final class LoadSession {
    /// The file's name as diagnostics show it.
    package let file: String
    /// The file's text, for turning offsets into locations.
    package let source: SourceText
    /// Every diagnostic so far, in the order found.
    package private(set) var diagnostics: DiagnosticList
    /// Every step built so far, in pre-order; indices are final as soon as a step is added.
    var steps: [Step] = []
    /// What the loader knows about each step beyond `Step` itself, by step index.
    var stepNotes: [StepNote] = []
    /// Where each of the workflow's `outputs` is named, in order.
    var workflowOutputLocations: [SourceLocation] = []
    /// Set once the step limit has been reported, so that it is reported once.
    var stepLimitReached = false

    /// A session for `file`, whose text is `source`.
    package init(file: String, source: SourceText) {
        self.file = file
        self.source = source
        self.diagnostics = DiagnosticList(file: file)
    }

    /// Records an error at `location`.
    package func error(_ message: String, at location: SourceLocation) {
        diagnostics.error(message, at: location)
    }

    /// Records an error where `node` starts.
    package func error(_ message: String, at node: Node) {
        diagnostics.error(message, at: location(of: node))
    }

    /// Records a warning at `location`.
    package func warning(_ message: String, at location: SourceLocation) {
        diagnostics.warning(message, at: location)
    }

    /// Records a warning where `node` starts.
    package func warning(_ message: String, at node: Node) {
        diagnostics.warning(message, at: location(of: node))
    }

    /// Whether any error has been recorded.
    package var hasErrors: Bool { diagnostics.hasErrors }

    /// Where a node starts in the file (libyaml's mark: 1-based, columns in scalars).
    package func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return .start }
        return SourceLocation(line: mark.line, column: mark.column)
    }
}

/// Loader-only facts about a step: how its id came to be and what its generated id is
/// built from.
struct StepNote {
    /// The id as written, if it was.
    var writtenID: String?
    /// Where the written id is, or the step's start.
    var idLocation: SourceLocation
    /// The prefix of a generated id at the top of a sequence that has no parent step: the
    /// workflow name for the body, the error type for a handler's steps.
    var topLevelPrefix: String
}

extension Node {
    /// How a message names what was found: "a string", "a list", "null", …
    package var kindDescription: String {
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if scalar.style != .plain && scalar.style != .any { return "a string" }
            switch tagName {
            case .null: return "null"
            case .bool: return "a boolean"
            case .int, .float: return "a number"
            default: return "a string"
            }
        }
    }

    /// The resolved YAML tag (`int`, `bool`, `str`, …) of the node, by Yams' default
    /// (YAML 1.1) rules.
    ///
    /// Documents are composed with `Resolver.basic`, so that Yams' duplicate-key check does
    /// not run seven regular expressions per key; tags are resolved here instead, only where
    /// a type matters. A scalar that starts with a letter can only be one of the words of
    /// bool or null; one that starts with none of `0-9 + - . ~ < =` is a string: only the
    /// rest go through Yams' regular expressions.
    package var tagName: Tag.Name {
        guard case .scalar(let scalar) = self, scalar.tag.rawValue == Tag.Name.implicit.rawValue
        else { return Resolver.default.resolveTag(of: self) }
        let text = scalar.string
        guard let first = text.unicodeScalars.first, text != "~" else { return .null }
        if ("a"..."z").contains(first) || ("A"..."Z").contains(first) {
            if Node.boolWords.contains(text) { return .bool }
            return Node.nullWords.contains(text) ? .null : .str
        }
        guard "0123456789+-.<=".unicodeScalars.contains(first) else { return .str }
        return Resolver.default.resolveTag(of: self)
    }

    private static let boolWords: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF",
    ]
    private static let nullWords: Set<String> = ["null", "Null", "NULL"]

    /// Whether the node is a plain scalar that YAML reads as null (`~`, `null`, nothing).
    package var isNull: Bool {
        guard case .scalar(let scalar) = self, scalar.style == .plain || scalar.style == .any
        else { return false }
        return tagName == .null
    }
}
