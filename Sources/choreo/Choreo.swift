import ArgumentParser
import ChoreoModel

/// The `choreo` command line: thin, flags in, library calls out.
@main
struct Choreo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "choreo",
        abstract: "Workflow engine and simulator for teams of agents and people.",
        subcommands: [
            ValidateCommand.self, SimulateCommand.self, EstimateCommand.self, RehearseCommand.self,
            LoadtestCommand.self, StatusCommand.self, ServeCommand.self, StartCommand.self,
            TasksCommand.self, ClaimCommand.self, CompleteCommand.self, FailCommand.self,
            DecideCommand.self,
        ]
    )

    /// Parses and runs the command. A usage error (a flag missing, misspelt or with a bad
    /// value) exits 2, like a workflow that does not load, rather than the parser's 64.
    static func main() async {
        do {
            var command = try await asyncParseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            StandardError.print(fullMessage(for: error))
            exit(withError: ExitCode(2))
        }
    }
}
