import ArgumentParser
import ChoreoEngine
import ChoreoServer
import ChoreoStore

/// Flags every live command takes: the database and the claim lease.
struct LiveOptions: ParsableArguments {
    @Option(help: "The Choreo SQLite database (created when missing).")
    var db: String

    @Option(
        help: ArgumentHelp(
            "How long a claim holds before an unfinished task goes back to its team's queue.",
            valueName: "duration"))
    var lease = "30m"

    func validate() throws {
        // SQLite takes both for a private database that vanishes when the command ends.
        guard !db.isEmpty, db != ":memory:" else {
            throw ValidationError(
                "--db needs a database file; '\(db)' would be a temporary one, lost at exit")
        }
    }

    /// The live engine on `db`, caught up (overdue timers fired, expired claims released).
    /// A database that cannot be opened is an error on standard error and exit code 1.
    func open(
        workflows: [LoadedWorkflow] = [], log: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> LiveEngine {
        guard let leaseDuration = Durations.parse(lease), leaseDuration > 0 else {
            StandardError.print("error: --lease needs a duration such as 30m, not '\(lease)'")
            throw ExitCode(2)
        }
        do {
            let live = try LiveEngine(
                database: db, workflows: workflows, lease: leaseDuration, log: log)
            await live.catchUp()
            return live
        } catch {
            StandardError.print("error: \(error)")
            throw ExitCode(1)
        }
    }

    /// Opens the engine (knowing `workflows`) and runs `body` on it as one live command: a
    /// refusal is one line on standard error and exit code 1.
    func run<T>(
        workflows: [LoadedWorkflow] = [], _ body: (LiveEngine) async throws(LiveRefusal) -> T
    ) async throws -> T {
        let engine = try await open(workflows: workflows)
        do {
            return try await body(engine)
        } catch {
            StandardError.print("error: \(error.message) [\(error.code)]")
            throw ExitCode(1)
        }
    }

    /// The workflows at `path` (a directory or a file); their diagnostics on standard error
    /// and exit code 2 when any does not load.
    static func loadWorkflows(_ path: String) throws -> [LoadedWorkflow] {
        let loading = WorkflowDirectory.load(path: path)
        DiagnosticPrinter.print(loading.diagnostics, knownSources: loading.sources)
        guard !loading.workflows.isEmpty else { throw ExitCode(2) }
        return loading.workflows
    }
}
