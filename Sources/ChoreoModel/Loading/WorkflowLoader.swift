import Foundation
import Yams

/// The outcome of loading one file: the definition if there were no errors, and every
/// diagnostic (errors and warnings) sorted by position.
public struct LoadResult: Sendable {
    /// The definition, or `nil` if any error was found: a file never half-loads.
    public var definition: WorkflowDefinition?
    /// Errors and warnings, sorted by position.
    public var diagnostics: [Diagnostic]
    /// The file's text as read (empty if it could not be read), to render diagnostics with.
    public var source: String

    /// A result as the loader makes it; tests and tools may make their own.
    public init(definition: WorkflowDefinition?, diagnostics: [Diagnostic], source: String) {
        self.definition = definition
        self.diagnostics = diagnostics
        self.source = source
    }

    /// The errors among the diagnostics.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    /// The warnings among the diagnostics.
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

/// Loads workflow definitions from YAML, checking everything DESIGN.md's workflow language
/// says, with every problem reported at its line and column.
///
/// ```swift
/// let workflow = try WorkflowLoader.load(path: "Scenarios/workflows/ai-model-update.yaml")
/// let result = WorkflowLoader.loadResult(yaml: text, file: "draft.yaml")
/// for diagnostic in result.diagnostics { print(diagnostic) }
/// ```
public enum WorkflowLoader {
    /// The definition in the file at `path`; throws every diagnostic if there is an error.
    public static func load(path: String) throws(LoadError) -> WorkflowDefinition {
        try definition(of: loadResult(path: path))
    }

    /// The definition in `yaml`; throws every diagnostic if there is an error.
    public static func load(yaml: String, file: String = "<memory>") throws(LoadError)
        -> WorkflowDefinition
    {
        try definition(of: loadResult(yaml: yaml, file: file))
    }

    /// Loads the file at `path`, reading at most `LoadLimits.maximumFileBytes` of it.
    public static func loadResult(path: String) -> LoadResult {
        let bytes: [UInt8]
        do {
            bytes = try readBytes(path: path)
        } catch {
            let message = "cannot read the file: \(error.localizedDescription)"
            return LoadResult(
                definition: nil, diagnostics: [Diagnostic(.error, file: path, at: .start, message)],
                source: "")
        }
        return loadResult(bytes: bytes, file: path)
    }

    /// Loads the UTF-8 bytes of a file; `file` names it in diagnostics.
    public static func loadResult(bytes: [UInt8], file: String) -> LoadResult {
        switch SourceChecks.decode(bytes, file: file) {
        case .success(let text): return loadResult(yaml: text, file: file)
        case .failure(let error):
            // Shown with the bad bytes replaced, so that the line can still be printed.
            let source = String(decoding: bytes.prefix(LoadLimits.maximumFileBytes), as: UTF8.self)
            return LoadResult(definition: nil, diagnostics: [error], source: source)
        }
    }

    /// Loads YAML text; `file` names it in diagnostics and in the definition.
    public static func loadResult(yaml: String, file: String = "<memory>") -> LoadResult {
        let text = SourceChecks.withoutByteOrderMark(yaml)
        let session = LoadSession(file: file, source: SourceText(text))
        let definition = build(text, session: session)
        let diagnostics = SourceChecks.finish(session.diagnostics, source: session.source)
        let failed = diagnostics.contains { $0.severity == .error }
        return LoadResult(
            definition: failed ? nil : definition, diagnostics: diagnostics, source: text)
    }

    private static func build(_ text: String, session: LoadSession) -> WorkflowDefinition? {
        guard let root = session.document(text) else { return nil }
        guard case .mapping = root else {
            session.error(
                "expected a workflow (a mapping of 'name', 'steps', …) at the top of the file, "
                    + "found \(root.kindDescription)", at: session.location(of: root))
            return nil
        }
        guard var definition = session.buildWorkflow(root) else { return nil }
        session.assignIdentifiers()
        definition.steps = session.steps
        session.bindReferences(in: &definition)
        return definition
    }

    private static func definition(of result: LoadResult) throws(LoadError) -> WorkflowDefinition {
        guard let definition = result.definition else {
            throw LoadError(diagnostics: result.diagnostics)
        }
        return definition
    }

    /// At most one byte more than the limit, so that an oversized file (or an endless
    /// one, like a pipe) is never read whole.
    package static func readBytes(path: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: path)
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var bytes: [UInt8] = []
        while bytes.count <= LoadLimits.maximumFileBytes {
            guard let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty else { break }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }
}
