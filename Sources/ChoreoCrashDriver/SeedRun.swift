import ChoreoEngine
import ChoreoStore
import Foundation

/// Drives the seed workflow over an SQLiteStore, one command at a time. Every decision is
/// read from the database, never from memory kept across commands, so a rerun after a kill
/// picks up exactly where the last committed command left off.
struct SeedRun {
    let program: WorkflowProgram
    let store: SQLiteStore
    let clock: ManualClock
    let engine: Engine

    init(database: String, workflow: String) throws {
        program = WorkflowProgram(try WorkflowLoader.load(path: workflow))
        store = try SQLiteStore(path: database, workflows: [program])
        // One second per command, continuing from the last recorded event.
        let start = CivilTime(year: 2025, month: 1, day: 22, hour: 10).timestamp
        let latest = store.allInstances.flatMap(\.history).map(\.time).max() ?? start
        clock = ManualClock(now: latest)
        engine = Engine(clock: clock, store: store)
        engine.register(program)
    }

    /// The seed's inputs.
    static let inputs: Value = [
        "model_info": [
            "provider": "OpenAI", "current_model": "gpt-4", "model": "gpt-4-turbo",
            "reason": "Improved performance and cost efficiency", "urgency": "medium",
        ]
    ]

    /// Runs commands until the instance ends; prints `finished`.
    func run() throws {
        var commands = 0
        while try step() {
            engine.drainEffects { _ in }
            commands += 1
            precondition(commands < 10_000, "the seed workflow took more than 10,000 commands")
        }
        print("finished")
    }

    /// The output a scripted agent returns for `task`: every declared field, and the seed's
    /// values where a condition reads them.
    private func output(for task: TeamTask) -> Value {
        var fields: [String: Value] = [:]
        if case .task(let step) = program.definition.steps[task.step].kind {
            for pair in step.outputs { fields[pair.field] = .string("done by \(task.id)") }
        }
        if task.stepID == "initial_assessment" { fields["cost_delta"] = 650 }
        if task.stepID == "analyze_results" { fields["recommendation"] = "proceed" }
        return .object(fields)
    }

    /// Runs the next command the database calls for; false when there is none.
    private func step() throws -> Bool {
        clock.advance(by: Durations.second)
        guard let instance = store.allInstances.first else {
            try engine.start(workflow: program.definition.name, inputs: SeedRun.inputs)
            return true
        }
        guard instance.status == .running else { return false }
        for timer in store.overdueTimers(now: clock.now) {
            engine.timerFired(timer.id)
            return true
        }
        guard let number = instance.openTasks.first, let task = store.task(number) else {
            FileHandle.standardError.write(Data("stuck: \(instance.id) has no open task\n".utf8))
            exit(3)
        }
        switch (task.kind, task.status) {
        case (.task, .pending):
            try engine.claim(task: number, team: task.team, agent: "agent-\(task.team)")
        case (.task, _):
            try engine.complete(task: number, output: output(for: task))
        case (.approval, _):
            try engine.decide(task: number, team: task.team, role: task.role, decision: .approve)
        case (.escalation, _):
            try engine.decide(task: number, team: task.team, role: nil, decision: .retry)
        }
        return true
    }
}
