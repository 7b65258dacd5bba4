import ArgumentParser
import ChoreoEngine
import ChoreoServer

/// `choreo serve --db FILE --workflows DIR`: the live engine as an MCP server on stdio.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the live engine as an MCP server on standard input and output.",
        discussion: """
            Tools: list_workflows, start_workflow, get_team_tasks, claim_task, \
            complete_task, fail_task, decide, get_workflow_status, get_history. Standard \
            output carries only the protocol; the log goes to standard error. Timers \
            (task, approval and workflow timeouts, retry backoffs) fire while the server \
            runs, and those that came due while it was down fire when it starts. A claim \
            not completed within --lease goes back to its team's queue. Shell commands \
            (choreo start, tasks, claim, …) may share the database meanwhile.
            """
    )

    @OptionGroup var live: LiveOptions

    @Option(help: "A directory of workflow files (.yaml, .yml), or one workflow file.")
    var workflows: String

    @Option(
        help: ArgumentHelp(
            "Longest wait between two looks for due timers and expired claims.",
            valueName: "duration"))
    var poll = "1s"

    @Flag(help: "Log nothing but errors.")
    var quiet = false

    func run() async throws {
        guard let interval = Durations.parse(poll), interval > 0 else {
            StandardError.print("error: --poll needs a duration such as 1s, not '\(poll)'")
            throw ExitCode(2)
        }
        let loaded = try LiveOptions.loadWorkflows(workflows)
        let quiet = quiet
        let engine = try await live.open(workflows: loaded) { line in
            if !quiet { StandardError.print("choreo serve: \(line)") }
        }
        if !quiet {
            StandardError.print(
                "choreo serve: \(live.db), workflows: "
                    + loaded.map(\.definition.name).joined(separator: ", "))
        }
        let server = WorkflowMCPServer(engine: engine, pollInterval: .microseconds(interval))
        do {
            try await server.serveStandardIO()
        } catch {
            StandardError.print("error: \(error)")
            throw ExitCode(1)
        }
    }
}
