import ChoreoEngine
import Foundation

/// A workflow definition with the text it was loaded from (stored with its instances).
public struct LoadedWorkflow: Sendable {
    public var definition: WorkflowDefinition
    public var source: String

    public init(definition: WorkflowDefinition, source: String) {
        self.definition = definition
        self.source = source
    }
}

/// Loading the workflows a live engine can start: every `.yaml` / `.yml` file of a
/// directory (or one file), all or nothing. Hidden files (an editor's `.#name.yaml` lock
/// or `.name.yaml.swp`) are not workflows and are passed over.
public enum WorkflowDirectory {
    /// What loading found: the workflows when nothing was wrong, and every diagnostic.
    public struct Loading: Sendable {
        /// Empty when any file had an error: a directory never half-loads.
        public var workflows: [LoadedWorkflow]
        public var diagnostics: [Diagnostic]
        /// Each file's text, to render the diagnostics with.
        public var sources: [String: String]
    }

    /// Most workflow files one directory may hold.
    public static let fileLimit = 1_000

    /// Loads every workflow file at `path` (a directory, or a single file).
    public static func load(path: String) -> Loading {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return failure(path, "no such file or directory")
        }
        var files = [path]
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            files = names.filter { name in
                !name.hasPrefix(".") && (name.hasSuffix(".yaml") || name.hasSuffix(".yml"))
            }.sorted()
                .map { (path as NSString).appendingPathComponent($0) }
            guard !files.isEmpty else { return failure(path, "holds no .yaml or .yml file") }
            guard files.count <= fileLimit else {
                return failure(path, "holds \(files.count) workflow files; at most \(fileLimit)")
            }
        }
        var loading = Loading(workflows: [], diagnostics: [], sources: [:])
        var filesByName: [String: String] = [:]
        for file in files {
            let result = WorkflowLoader.loadResult(path: file)
            loading.sources[file] = result.source
            loading.diagnostics += result.diagnostics
            guard let definition = result.definition else { continue }
            if let first = filesByName[definition.name] {
                loading.diagnostics.append(
                    Diagnostic(
                        .error, file: file, at: .start,
                        "workflow '\(definition.name)' is already defined in \(first)"))
                continue
            }
            filesByName[definition.name] = file
            loading.workflows.append(LoadedWorkflow(definition: definition, source: result.source))
        }
        if loading.diagnostics.contains(where: { $0.severity == .error }) {
            loading.workflows = []
        }
        return loading
    }

    private static func failure(_ path: String, _ message: String) -> Loading {
        Loading(
            workflows: [],
            diagnostics: [
                Diagnostic(.error, file: path, at: .start, message)
            ],
            sources: [path: ""])
    }
}
