import ChoreoSim
import ChoreoStore

/// Scripted agents driving seed-workflow instances to the end through an engine on an
/// SQLiteStore: every team's open tasks are claimed, completed or decided, one simulated
/// second per round, until every instance has ended.
final class ScriptedRun {
    let database = TemporaryDatabase()
    let program: WorkflowProgram
    let store: SQLiteStore
    let clock = ManualClock(now: CivilTime(year: 2025, month: 1, day: 22, hour: 10).timestamp)
    let engine: Engine
    private(set) var seconds = 0.0

    static let inputs: Value = [
        "model_info": [
            "provider": "OpenAI", "current_model": "gpt-4", "model": "gpt-4-turbo",
            "reason": "benchmark", "urgency": "medium",
        ]
    ]

    init(mode: SQLiteStore.Mode) throws {
        program = WorkflowProgram(
            try WorkflowLoader.load(path: scenarioPath("workflows/ai-model-update.yaml")))
        store = try SQLiteStore(path: database.path, mode: mode, workflows: [program])
        engine = Engine(clock: clock, store: store)
        engine.register(program)
    }

    /// Task state changes per second of `drive`.
    var changesPerSecond: Int { Int(Double(store.taskChanges) / seconds) }

    /// Starts `instances` instances and drives them all to the end, then commits.
    func drive(instances: Int) throws {
        let started = ContinuousClock.now
        for _ in 0..<instances {
            try engine.start(workflow: program.definition.name, inputs: ScriptedRun.inputs)
        }
        let teams = program.definition.teams + [program.definition.escalationTeam]
        var progressed = true
        while progressed {
            progressed = false
            clock.advance(by: Durations.second)
            for team in teams {
                for task in engine.tasks(team: team) {
                    try act(on: task)
                    progressed = true
                }
                engine.drainEffects { _ in }
            }
        }
        store.flush()
        seconds = (ContinuousClock.now - started).seconds
        precondition(store.runningInstances.isEmpty, "every instance should have ended")
    }

    private func act(on task: TeamTask) throws {
        switch (task.kind, task.status) {
        case (.task, .pending):
            try engine.claim(task: task.number, team: task.team, agent: "agent")
        case (.task, _):
            try engine.complete(task: task.number, output: output(for: task))
        case (.approval, _):
            try engine.decide(
                task: task.number, team: task.team, role: task.role, decision: .approve)
        case (.escalation, _):
            try engine.decide(task: task.number, team: task.team, decision: .skip)
        }
    }

    /// The output a scripted agent returns: every declared field, the seed's values where
    /// a condition reads them.
    private func output(for task: TeamTask) -> Value {
        var fields: [String: Value] = [:]
        if case .task(let step) = program.definition.steps[task.step].kind {
            for pair in step.outputs { fields[pair.field] = "done" }
        }
        if task.stepID == "initial_assessment" { fields["cost_delta"] = 650 }
        if task.stepID == "analyze_results" { fields["recommendation"] = "proceed" }
        return .object(fields)
    }
}
