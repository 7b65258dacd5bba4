import ChoreoEngine
import ChoreoStore
import Foundation

// Task state changes per second through SQLiteStore: scripted agents drive many
// instances of the seed workflow to completion (claim, complete, decide), once with one
// transaction per command (live) and once batched (simulation). A task state change is
// a task row written: offered (inserted), claimed, completed or decided.
//
//   cd benchmarks && swift run -c release --scratch-path .build-bench StoreThroughput
//
// Threshold (DESIGN.md): at least 200,000 task state changes per second batched.

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let workflowPath = root.appendingPathComponent("Scenarios/workflows/ai-model-update.yaml").path
let program = WorkflowProgram(try WorkflowLoader.load(path: workflowPath))
let inputs: Value = [
    "model_info": [
        "provider": "OpenAI", "current_model": "gpt-4", "model": "gpt-4-turbo",
        "reason": "benchmark", "urgency": "medium",
    ]
]

/// The output a scripted agent returns: every declared field, the seed's values where a
/// condition reads them.
func output(for task: TeamTask) -> Value {
    var fields: [String: Value] = [:]
    if case .task(let step) = program.definition.steps[task.step].kind {
        for pair in step.outputs { fields[pair.field] = "done" }
    }
    if task.stepID == "initial_assessment" { fields["cost_delta"] = 650 }
    if task.stepID == "analyze_results" { fields["recommendation"] = "proceed" }
    return .object(fields)
}

/// Drives `instances` seed instances to the end; returns (task state changes, seconds).
func run(mode: SQLiteStore.Mode, instances: Int) throws -> (changes: Int, seconds: Double) {
    let path = NSTemporaryDirectory() + "choreo-bench-\(UUID().uuidString).db"
    defer {
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
    let store = try SQLiteStore(path: path, mode: mode, workflows: [program])
    let clock = ManualClock(now: CivilTime(year: 2025, month: 1, day: 22, hour: 10).timestamp)
    let engine = Engine(clock: clock, store: store)
    engine.register(program)
    let teams = program.definition.teams + [program.definition.escalationTeam]
    let started = ContinuousClock.now
    var changes = 0
    for _ in 0..<instances {
        try engine.start(workflow: program.definition.name, inputs: inputs)
    }
    var progressed = true
    while progressed {
        progressed = false
        clock.advance(by: Durations.second)
        for team in teams {
            for task in engine.tasks(team: team) {
                switch (task.kind, task.status) {
                case (.task, .pending):
                    try engine.claim(task: task.number, team: team, agent: "agent")
                case (.task, _):
                    try engine.complete(task: task.number, output: output(for: task))
                case (.approval, _):
                    try engine.decide(
                        task: task.number, team: team, role: task.role, decision: .approve)
                case (.escalation, _):
                    try engine.decide(task: task.number, team: team, decision: .skip)
                }
                changes += 1
                progressed = true
            }
            engine.drainEffects { _ in }
        }
    }
    store.flush()
    let elapsed = ContinuousClock.now - started
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    precondition(store.runningInstances.isEmpty, "every instance should have ended")
    return (changes + store.counters.lastTask, seconds)
}

let arguments = CommandLine.arguments
let batchedInstances = arguments.count > 1 ? Int(arguments[1]) ?? 2_000 : 2_000
let liveInstances = arguments.count > 2 ? Int(arguments[2]) ?? 300 : 300
for (name, mode, instances) in [
    (
        "batched (10,000 commands a transaction)", SQLiteStore.Mode.batched(commands: 10_000),
        batchedInstances
    ),
    ("per command (one transaction each)", SQLiteStore.Mode.perCommand, liveInstances),
] {
    let (changes, seconds) = try run(mode: mode, instances: instances)
    let rate = Double(changes) / seconds
    print(
        "\(name): \(instances) instances, \(changes) task state changes in "
            + String(format: "%.2f s: %.0f per second", seconds, rate))
}
