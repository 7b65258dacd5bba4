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
}
