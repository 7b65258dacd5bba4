import ArgumentParser
import ChoreoModel

/// `choreo validate FILE... [--tree]`: loads and checks workflow files.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Load and check workflow files; print a summary, or every problem found.",
        discussion: """
            Diagnostics go to standard error as file:line:column: error: message, with the \
            offending line and a caret. The exit code is 2 if any file has an error.
            """
    )

    @Argument(help: "The workflow files to check.")
    var files: [String]

    @Flag(help: "Print each workflow's step tree.")
    var tree = false

    func run() throws {
        var failed = false
        for (position, file) in files.enumerated() {
            if position > 0 { print("") }
            let result = WorkflowLoader.loadResult(path: file)
            DiagnosticPrinter.print(result.diagnostics, knownSources: [file: result.source])
            guard let definition = result.definition else {
                failed = true
                continue
            }
            print(Self.summary(of: definition, file: file, warnings: result.warnings.count))
            if tree { print(definition.renderTree()) }
        }
        if failed { throw ExitCode(2) }
    }

    /// Name, version, steps by kind, teams and timeout.
    static func summary(of definition: WorkflowDefinition, file: String, warnings: Int) -> String {
        let version = definition.version.map { " version \($0)" } ?? ""
        let counts = definition.stepCountsByKind.map { "\($0.count) \($0.kind)" }
        var stepsLine = "\(definition.steps.count) (" + counts.joined(separator: ", ") + ")"
        let handlerSteps = definition.handlerStepCount
        if handlerSteps > 0 { stepsLine += ", \(handlerSteps) of them in error handlers" }
        var lines = [
            "\(file): ok"
                + (warnings > 0 ? " (\(warnings) warning\(warnings == 1 ? "" : "s"))" : ""),
            "  workflow  \(definition.name)\(version)",
            "  steps     \(stepsLine)",
            "  teams     " + definition.teams.joined(separator: ", "),
            "  timeout   " + (definition.timeout.map(Durations.format) ?? "none"),
        ]
        if !definition.inputs.isEmpty {
            lines.append("  inputs    " + definition.inputs.map(\.name).joined(separator: ", "))
        }
        if !definition.outputs.isEmpty {
            lines.append("  outputs   " + definition.outputs.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
