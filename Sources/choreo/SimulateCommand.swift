import ArgumentParser
import ChoreoReports
import ChoreoStore

/// `choreo simulate SCENARIO`: one run of the real engine against the scenario's teams.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a scenario once in virtual time and print its timeline.",
        discussion: """
            The same scenario and seed always give the same bytes. Formats: log (the \
            execution log), jsonl (history events), chrome (trace events for Perfetto), \
            mermaid (a Gantt chart). --json prints the run summary instead. --db FILE \
            also writes the run's end state (instances, tasks, history) into a new or \
            empty Choreo SQLite database, in one transaction.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case log, jsonl, chrome, mermaid
    }

    @Argument(help: "The scenario file.")
    var scenario: String

    @Option(help: "The seed (default: the scenario's).")
    var seed: UInt64?

    @Option(help: "The timeline format: log, jsonl, chrome or mermaid.")
    var format: Format = .log

    @Option(help: "Write the output to this file instead of standard output.")
    var out: String?

    @Flag(help: "Print the run summary as JSON.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "Draw the monitoring dashboard of the first instance at this time after the start "
                + "(e.g. 4h), with its completion estimated from 200 simulated continuations of its "
                + "state then.",
            valueName: "duration"))
    var dashboardAt: String?

    @Flag(help: "Print the critical path as a table after the timeline.")
    var criticalPath = false

    @Option(help: "Also write the run into this SQLite database (new or empty).")
    var db: String?

    func run() throws {
        let loaded = try ScenarioCommands.load(scenario)
        if let dashboardAt { return try dashboard(loaded, at: dashboardAt) }
        if loaded.arrivals.count > SimulateCommand.largeRun {
            StandardError.print(
                "note: \(loaded.arrivals.count) instances: simulate keeps every instance's "
                    + "timeline in memory (tens of kilobytes each); `choreo loadtest` runs them "
                    + "keeping only their summaries")
        }
        let simulation = Simulation(scenario: loaded, seed: seed)
        do {
            try simulation.run()
        } catch {
            StandardError.print("error: \(error.message)")
            throw ExitCode(1)
        }
        if let db { try save(simulation, to: db) }
        let instances = simulation.store.allInstances
        let output = try TextOutput(to: out)
        try write(instances, simulation: simulation, to: output)
        if criticalPath, !json, let first = instances.first, first.endedAt != nil {
            try output.write(
                "\n"
                    + CriticalPathTable.render(simulation.criticalSteps(of: first), instance: first)
            )
        }
        try output.close()
    }

    /// Above this many arrivals, `simulate` says that `loadtest` is the command for them.
    static let largeRun = 10_000

    private func dashboard(_ scenario: Scenario, at text: String) throws {
        guard let offset = Durations.parse(text) else {
            StandardError.print("error: --dashboard-at needs a duration such as 4h, not '\(text)'")
            throw ExitCode(2)
        }
        let seed = seed ?? scenario.seed
        let moment = scenario.start + offset
        let simulation = Simulation(scenario: scenario, seed: seed)
        do {
            try simulation.run(until: moment)
            guard let instance = simulation.store.allInstances.first else {
                StandardError.print("error: no instance has started \(text) after the start")
                throw ExitCode(1)
            }
            let report = try StatusReport.make(
                instanceID: instance.id, in: simulation.store, knownIDs: { [] },
                scenario: scenario, runs: 200, seed: seed, now: moment)
            try OutputWriter.write(report.text, to: out)
        } catch let error as SimulationError {
            StandardError.print("error: \(error.message)")
            throw ExitCode(1)
        } catch let error as StatusError {
            StandardError.print("error: \(error.message)")
            throw ExitCode(1)
        }
    }

    private func save(_ simulation: Simulation, to path: String) throws {
        do {
            let store = try SQLiteStore(path: path, mode: .batched(commands: 1))
            try store.save(simulation.store)
        } catch {
            StandardError.print("error: \(error)")
            throw ExitCode(1)
        }
    }

    /// Writes the run's summary or timeline instance by instance, so that only one
    /// instance's text is held at a time (Chrome's trace is one JSON value, written whole).
    private func write(
        _ instances: [InstanceState], simulation: Simulation, to output: TextOutput
    ) throws {
        if json {
            // One instance is its summary; more are `{"instances": [...]}`, as
            // `Value.prettyJSON` writes it.
            if instances.count == 1 {
                return try output.write(RunSummary.value(instances[0]).prettyJSON + "\n")
            }
            if instances.isEmpty {
                return try output.write(Value.object(["instances": .list([])]).prettyJSON + "\n")
            }
            try output.write("{\n  \"instances\": [\n")
            for (position, instance) in instances.enumerated() {
                let last = position + 1 == instances.count
                try output.write(
                    "    " + RunSummary.value(instance).prettyJSON(indent: 2)
                        + (last ? "\n" : ",\n"))
            }
            return try output.write("  ]\n}\n")
        }
        switch format {
        case .log:
            if instances.count == 1 { return try output.write(ExecutionLog.render(instances[0])) }
            for (position, instance) in instances.enumerated() {
                try output.write(
                    (position > 0 ? "\n" : "") + "== \(instance.id)\n"
                        + ExecutionLog.render(instance))
            }
        case .jsonl:
            for instance in instances { try output.write(JSONLines.render(instance)) }
        case .chrome:
            try output.write(ChromeTrace.render(instances, timings: simulation.timings))
        case .mermaid:
            for (position, instance) in instances.enumerated() {
                try output.write((position > 0 ? "\n" : "") + MermaidGantt.render(instance))
            }
        }
    }
}

/// Loading scenarios for the commands that run them.
enum ScenarioCommands {
    /// The scenario at `path`, or its diagnostics on standard error and exit code 2.
    static func load(_ path: String) throws -> Scenario {
        let result = ScenarioLoader.loadResult(path: path)
        var sources = [path: result.source]
        if let workflowFile = result.workflowFile, let workflow = result.workflow {
            sources[workflowFile] = workflow.source
        }
        DiagnosticPrinter.print(result.diagnostics, knownSources: sources)
        guard let scenario = result.scenario else { throw ExitCode(2) }
        return scenario
    }
}
