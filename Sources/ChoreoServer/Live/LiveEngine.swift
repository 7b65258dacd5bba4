import ChoreoEngine
import ChoreoStore

/// The engine in live mode: one `Engine` over an `SQLiteStore` (a transaction per
/// command) and a clock, behind an actor so that concurrent callers (MCP tool calls, the
/// timer service, one shell command) take turns.
///
/// Every method is one engine command, preceded by `catchUp()` (overdue timers fire,
/// expired claims go back to their queues) and followed by draining the effects. The
/// engine inside does not know it is live.
///
/// ```swift
/// let live = try LiveEngine(database: "choreo.db", workflows: loaded.workflows)
/// let instance = try await live.start(workflow: "ai-model-update", inputs: inputs)
/// let task = await live.tasks(team: "engineering-team")[0]
/// try await live.claim(task: task.id, team: "engineering-team", agent: "eng-1")
/// try await live.complete(task: task.id, output: ["report": "ok", "cost_delta": 650])
/// ```
public actor LiveEngine {
    /// How long a claim holds unless told otherwise.
    public static let defaultLease = 30 * Durations.minute

    let engine: Engine
    let store: SQLiteStore
    /// Where `now` comes from: the wall clock live, a controllable one in tests.
    public nonisolated let clock: any EngineClock & Sendable
    /// How long a claimed task may stay claimed before it goes back to its team's queue.
    public nonisolated let lease: Microseconds
    /// The workflows this engine can start, by name.
    public nonisolated let workflows: [WorkflowDefinition]
    let log: @Sendable (String) -> Void

    /// Opens (or creates) the database at `path`; `workflows` are the ones `start` takes
    /// (instances already in the database run the definition stored with them).
    ///
    /// Refused when the database cannot be used, or holds another text for one of
    /// `workflows` under the same name and version (instances were started with that one).
    public init(
        database path: String, workflows: [LoadedWorkflow] = [],
        clock: any EngineClock & Sendable = SystemClock(), lease: Microseconds = defaultLease,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(OpeningError) {
        precondition(lease > 0, "a lease lasts some time")
        let programs = workflows.map { WorkflowProgram($0.definition) }
        do {
            store = try SQLiteStore(path: path, mode: .perCommand)
        } catch {
            throw .database(error)
        }
        for (program, workflow) in zip(programs, workflows) {
            if let stored = store.storedSource(of: workflow.definition), stored != workflow.source {
                throw .changedWorkflow(
                    name: workflow.definition.name, version: workflow.definition.version ?? "1",
                    file: workflow.definition.file, database: path)
            }
            store.register(program, source: workflow.source)
        }
        engine = Engine(clock: clock, store: store)
        for program in programs { engine.register(program) }
        self.clock = clock
        self.lease = lease
        self.workflows = workflows.map(\.definition).sorted { $0.name < $1.name }
        self.log = log
    }

    // MARK: Commands

    /// Starts an instance of workflow `name`; returns its id.
    public func start(workflow name: String, inputs: Value) throws(LiveRefusal) -> String {
        catchUp()
        let instance = try command { () throws(EngineError) in
            try engine.start(workflow: name, inputs: inputs)
        }
        log("\(instance.id) started")
        return instance.id
    }

    /// Open tasks (pending and claimed) of `team`, oldest first.
    public func tasks(team: String) -> [TeamTask] {
        catchUp()
        return engine.tasks(team: team)
    }

    /// `agent` of `team` claims task `id` (`task-7`); the claim holds for the lease.
    @discardableResult
    public func claim(task id: String, team: String, agent: String) throws(LiveRefusal)
        -> TaskReceipt
    {
        try taskCommand(id) { number throws(EngineError) in
            try engine.claim(task: number, team: team, agent: agent)
        }
    }

    /// The claimed task `id` is done with `output`; when `agent` is given, only if that
    /// agent still holds the claim.
    @discardableResult
    public func complete(
        task id: String, output: Value, outcome: Outcome = .success, agent: String? = nil
    ) throws(LiveRefusal) -> TaskReceipt {
        try taskCommand(id) { number throws(EngineError) in
            try engine.complete(task: number, output: output, outcome: outcome, agent: agent)
        }
    }

    /// The claimed task `id` failed with `errorType`; when `agent` is given, only if that
    /// agent still holds the claim.
    @discardableResult
    public func fail(task id: String, errorType: String, message: String, agent: String? = nil)
        throws(LiveRefusal) -> TaskReceipt
    {
        guard !errorType.isEmpty else {
            throw .invalidArguments("an error type names the failure, e.g. test_failure")
        }
        return try taskCommand(id) { number throws(EngineError) in
            try engine.fail(task: number, errorType: errorType, message: message, agent: agent)
        }
    }

    /// `team` (as `role`) decides the approval or escalation `id`.
    @discardableResult
    public func decide(
        task id: String, team: String, role: String? = nil, decision: Decision,
        comment: String? = nil
    ) throws(LiveRefusal) -> TaskReceipt {
        try taskCommand(id) { number throws(EngineError) in
            try engine.decide(
                task: number, team: team, role: role, decision: decision, comment: comment)
        }
    }

    /// The status of instance `id`: every step, the current one, the dashboard.
    public func status(instance id: String) throws(LiveRefusal) -> Value {
        catchUp()
        return LiveJSON.status(try instance(id), now: clock.now)
    }

    /// Every history event of instance `id`.
    public func history(instance id: String) throws(LiveRefusal) -> Value {
        catchUp()
        return LiveJSON.history(try instance(id))
    }

    // MARK: Helpers

    /// Runs one engine command, turning a refusal into a `LiveRefusal`, then drains.
    @discardableResult
    func command<T>(_ body: () throws(EngineError) -> T) throws(LiveRefusal) -> T {
        defer { drain() }
        do {
            return try body()
        } catch {
            throw LiveRefusal(error)
        }
    }

    /// Catches up, then runs `body` on the number of task `id` as one command; answers
    /// the task as the command left it.
    private func taskCommand(_ id: String, _ body: (Int) throws(EngineError) -> Void)
        throws(LiveRefusal) -> TaskReceipt
    {
        catchUp()
        let number = try Self.taskNumber(id)
        try command { () throws(EngineError) in try body(number) }
        return receipt(number)
    }

    private func instance(_ id: String) throws(LiveRefusal) -> InstanceState {
        guard let instance = engine.instance(id: id) else { throw .unknownInstance(id) }
        return instance
    }

    private func receipt(_ number: Int) -> TaskReceipt {
        guard let task = engine.task(number), let instance = engine.instance(serial: task.instance)
        else { preconditionFailure("task-\(number) was just changed") }
        return TaskReceipt(
            task: task, instanceStatus: instance.status,
            leaseExpiresAt: task.status == .claimed ? task.claimedAt.map { $0 + lease } : nil)
    }

    /// The number of task `id`: `task-7`, or `7`.
    static func taskNumber(_ id: String) throws(LiveRefusal) -> Int {
        if let number = TeamTask.number(fromID: id) ?? Int(id), number > 0 { return number }
        throw .invalidArguments("'\(id)' is not a task id (task ids read like task-7)")
    }
}

/// A task after a command changed it, with its instance's status.
public struct TaskReceipt: Sendable, Hashable {
    public var task: TeamTask
    public var instanceStatus: InstanceStatus
    /// When the claim goes back to the queue, while the task is claimed.
    public var leaseExpiresAt: Microseconds?
}
