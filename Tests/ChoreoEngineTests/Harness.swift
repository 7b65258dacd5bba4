import ChoreoEngine
import Testing

/// The seed workflow file, found from this test file.
let seedWorkflowPath: String = {
    let testFile = #filePath
    let root = testFile.components(separatedBy: "/Tests/").first!
    return root + "/Scenarios/workflows/ai-model-update.yaml"
}()

/// The seed's start: 2025-01-22 10:00:00 UTC.
let seedStart = CivilTime(year: 2025, month: 1, day: 22, hour: 10).timestamp

/// The inputs of the seed's walkthrough.
let seedInputs: Value = [
    "model_info": [
        "provider": "OpenAI", "current_model": "gpt-4", "model": "gpt-4-turbo",
        "reason": "Improved performance and cost efficiency", "urgency": "medium",
    ]
]

/// An engine on a manual clock with scripted agents: tests play the teams.
final class Harness {
    let clock: ManualClock
    let engine: Engine
    let store: InMemoryStore
    private(set) var timers: [(at: Microseconds, id: Int)] = []
    private(set) var notifications: [(recipients: [String], message: String)] = []
    private(set) var finished: [(instance: Int, status: InstanceStatus)] = []
    private(set) var withdrawn: [Int] = []

    init(definition: WorkflowDefinition, start: Microseconds = seedStart) {
        clock = ManualClock(now: start)
        store = InMemoryStore()
        engine = Engine(clock: clock, store: store, workflows: [definition])
    }

    convenience init(yaml: String) throws {
        try self.init(definition: WorkflowLoader.load(yaml: yaml, file: "test.yaml"))
    }

    static func seed() throws -> Harness {
        try Harness(definition: WorkflowLoader.load(path: seedWorkflowPath))
    }

    /// Reads every effect of the last command.
    func drain() {
        engine.drainEffects { effect in
            switch effect {
            case .timerSet(let id, let at): timers.append((at, id))
            case .timerCancelled(let id): timers.removeAll { $0.id == id }
            case .notification(_, let recipients, let message):
                notifications.append((recipients, message))
            case .instanceFinished(let instance, let status): finished.append((instance, status))
            case .taskWithdrawn(let task, _): withdrawn.append(task)
            case .taskOffered: break
            }
        }
    }

    @discardableResult
    func start(_ inputs: Value = seedInputs, workflow: String? = nil) throws -> InstanceState {
        let name = workflow ?? engine.workflowNames[0]
        let instance = try engine.start(workflow: name, inputs: inputs)
        drain()
        return instance
    }

    /// Moves time forward by `duration`, firing due timers in order on the way.
    func advance(by duration: Microseconds) {
        drain()
        let target = clock.now + duration
        while let next = timers.filter({ $0.at <= target }).min(by: {
            ($0.at, $0.id) < ($1.at, $1.id)
        }) {
            timers.removeAll { $0.id == next.id }
            clock.advance(to: max(clock.now, next.at))
            engine.timerFired(next.id)
            drain()
        }
        clock.advance(to: target)
    }

    /// The only open task of `team` (the test fails if there is not exactly one).
    func openTask(_ team: String, step: String? = nil) throws -> TeamTask {
        let open = engine.tasks(team: team).filter { step == nil || $0.stepID == step }
        try #require(
            open.count == 1, "expected one open task for \(team), found \(open.map(\.stepID))")
        return open[0]
    }

    /// `team` claims its task for `step`, works `duration`, and completes it with `output`.
    @discardableResult
    func work(
        _ team: String, step: String? = nil, after duration: Microseconds = 10 * Durations.minute,
        output: Value = [:], outcome: Outcome = .success
    ) throws -> TeamTask {
        let task = try openTask(team, step: step)
        try engine.claim(task: task.number, team: team, agent: "\(team)-agent")
        drain()
        advance(by: duration)
        try engine.complete(task: task.number, output: output, outcome: outcome)
        drain()
        return task
    }

    /// `team` claims its task for `step`, works `duration`, and fails it.
    func failTask(
        _ team: String, step: String? = nil, after duration: Microseconds = 10 * Durations.minute,
        errorType: String, message: String = "it broke"
    ) throws {
        let task = try openTask(team, step: step)
        try engine.claim(task: task.number, team: team, agent: "\(team)-agent")
        drain()
        advance(by: duration)
        try engine.fail(task: task.number, errorType: errorType, message: message)
        drain()
    }

    /// `team` decides its open approval or escalation task.
    func decide(_ team: String, role: String? = nil, _ decision: Decision) throws {
        let task = try openTask(team)
        try engine.decide(task: task.number, team: team, role: role, decision: decision)
        drain()
    }

    /// Event names of the instance's history, with the step id where there is one.
    func trail(_ instance: InstanceState) -> [String] {
        instance.history.map { event in
            event.step.map { "\(event.name) \(instance.program.name(of: $0))" } ?? event.name
        }
    }

    func status(_ instance: InstanceState, _ step: String) -> StepStatus? {
        instance.node(step)?.status
    }
}
