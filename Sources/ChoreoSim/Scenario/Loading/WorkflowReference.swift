import ChoreoModel
import Foundation
import Yams

/// The workflow a scenario names: its file as diagnostics name it and its own load.
struct WorkflowLoad {
    var file: String
    var result: LoadResult
}

/// What the scenario's checks need to know about a workflow that loaded: its teams, the
/// actions each team is asked for, its steps by id.
struct WorkflowFacts {
    let definition: WorkflowDefinition
    /// Every team the workflow names, sorted.
    let teams: [String]
    /// Every step id, in the definition's order.
    let stepIDs: [String]
    /// Every task action, in step order, without repeats.
    let actions: [String]
    private let stepIndices: [String: Int]
    private let actionsByTeam: [String: [String]]

    init(_ definition: WorkflowDefinition) {
        self.definition = definition
        teams = definition.teams
        stepIDs = definition.steps.map(\.id)
        var indices: [String: Int] = [:]
        var byTeam: [String: [String]] = [:]
        var actions: [String] = []
        for step in definition.steps {
            indices[step.id] = step.index
            guard case .task(let task) = step.kind else { continue }
            if !(byTeam[task.team] ?? []).contains(task.action) {
                byTeam[task.team, default: []].append(task.action)
            }
            if !actions.contains(task.action) { actions.append(task.action) }
        }
        stepIndices = indices
        actionsByTeam = byTeam
        self.actions = actions
    }

    /// The workflow's name, as messages say it.
    var name: String { definition.name }

    /// The step with id `id`, if the workflow has one.
    func step(_ id: String) -> Step? {
        stepIndices[id].map { definition.steps[$0] }
    }

    /// The actions the workflow's tasks ask of `team`, in step order.
    func actions(of team: String) -> [String] { actionsByTeam[team] ?? [] }

    /// The teams whose tasks include `action`, sorted.
    func teams(doing action: String) -> [String] {
        teams.filter { actions(of: $0).contains(action) }
    }
}

/// Finding and loading the workflow file a scenario names.
enum WorkflowReference {
    /// Loads the workflow named by the `workflow:` value `node`. A file that cannot be read
    /// is an error at `node`; the workflow's own problems stay in its load result, with one
    /// error at `node` saying that it did not load.
    static func load(_ node: Node, session: LoadSession, baseDirectory: String) -> WorkflowLoad? {
        guard let path = session.name(node, for: "workflow") else { return nil }
        let file = ScenarioPaths.resolve(path, from: baseDirectory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            session.error("the workflow file '\(file)' does not exist", at: node)
            return nil
        }
        guard !isDirectory.boolValue else {
            session.error("the workflow '\(file)' is a directory, not a file", at: node)
            return nil
        }
        let bytes: [UInt8]
        do {
            bytes = try WorkflowLoader.readBytes(path: file)
        } catch {
            session.error(
                "cannot read the workflow '\(file)': \(error.localizedDescription)", at: node)
            return nil
        }
        let result = WorkflowLoader.loadResult(bytes: bytes, file: file)
        let errors = result.errors.count
        if errors > 0 {
            session.error(
                "the workflow '\(file)' did not load: \(errors) error\(errors == 1 ? "" : "s")",
                at: node)
        }
        return WorkflowLoad(file: file, result: result)
    }
}

/// Paths as text: joining a scenario's directory and its `workflow:`.
enum ScenarioPaths {
    /// The directory part of `path`: `.` for a bare file name, `/` for a file at the root.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `path` as seen from `directory`: unchanged if absolute. `.` components and repeated
    /// slashes are dropped; `..` is kept, because removing it by text would be wrong where a
    /// directory is a symbolic link.
    static func resolve(_ path: String, from directory: String) -> String {
        let joined = path.hasPrefix("/") || directory.isEmpty ? path : directory + "/" + path
        let parts = joined.split(separator: "/").filter { $0 != "." }
        let text = parts.joined(separator: "/")
        if joined.hasPrefix("/") { return "/" + text }
        return text.isEmpty ? "." : text
    }
}
