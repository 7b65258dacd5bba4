/// Where the engine keeps instances, tasks and timers: the engine's only I/O.
///
/// Every engine command runs between `beginCommand()` and `endCommand()`; a durable store
/// makes each command one transaction. The engine works on the `InstanceState` objects
/// the store hands out and tells the store what it changed.
public protocol Store: AnyObject {
    /// Counters the engine draws numbers from; saved with each command.
    var counters: EngineCounters { get set }

    func beginCommand()
    func endCommand()

    func insert(_ instance: InstanceState)
    func instance(serial: Int) -> InstanceState?
    func instance(id: String) -> InstanceState?
    /// The instance changed during the current command.
    func instanceChanged(_ instance: InstanceState)
    /// The instance ended; a store may now keep only its summary.
    func instanceFinished(_ instance: InstanceState)

    /// A new task, handed over: the store keeps this copy.
    func insert(_ task: consuming TeamTask)
    /// New pending task `number`, offered with `offer`: how the engine hands a task over.
    /// The offer, smaller than the task, moves through the protocol without a copy (a
    /// whole task was copied on its way and the original dropped). By default, `insert(_:)`
    /// of the task.
    func insertTask(_ number: Int, offer: consuming TaskOffer)
    func task(_ number: Int) -> TeamTask?
    /// What commands and drivers check of task `number` before acting on it, read without
    /// copying the task (a copy retains its every field); `nil` when there is no such task.
    func summary(ofTask number: Int) -> TaskSummary?
    /// The step and instance serial of task `number` when it is claimed work (a task, not
    /// a decision), read without copying anything; `nil` otherwise. What completing or
    /// failing work checks first. By default, from `summary(ofTask:)`.
    func claimedWork(ofTask number: Int) -> (step: Int, instance: Int)?
    func update(_ task: TeamTask)
    /// Changes task `number` with `change`, as `update` with the changed task would; does
    /// nothing when there is no such task. A store in memory changes it where it is.
    func updateTask(_ number: Int, _ change: (inout TeamTask) -> Void)
    /// Claims task `number` for `agent` of `team` at `time` when it is pending, offered to
    /// `team`, and its instance is running, as `updateTask(_:_:)` setting the claim would;
    /// returns the task's summary as claimed, with its instance. Otherwise changes nothing
    /// and returns `nil`. By default, from `summary(ofTask:)`, then `updateTask(_:_:)`.
    func claimPendingTask(_ number: Int, team: String, agent: String, at time: Microseconds)
        -> (task: TaskSummary, instance: InstanceState)?
    /// Closes open task `number` with `status` (not an open one) at `time`, with `output`:
    /// what completing or failing work changes. By default, `updateTask(_:_:)` setting them.
    func closeTask(_ number: Int, _ status: TaskStatus, at time: Microseconds, output: Value)
    /// Open tasks (pending or claimed) offered to `team`, oldest first.
    func openTasks(team: String) -> [TeamTask]

    func insert(_ timer: TimerRecord)
    func timer(_ id: Int) -> TimerRecord?
    func removeTimer(_ id: Int)
}

extension Store {
    public func insertTask(_ number: Int, offer: consuming TaskOffer) {
        insert(.pending(number, offer: offer))
    }

    public func summary(ofTask number: Int) -> TaskSummary? {
        task(number).map(TaskSummary.init)
    }

    public func claimedWork(ofTask number: Int) -> (step: Int, instance: Int)? {
        guard let task = summary(ofTask: number), task.kind == .task, task.status == .claimed
        else { return nil }
        return (task.step, task.instance)
    }

    public func updateTask(_ number: Int, _ change: (inout TeamTask) -> Void) {
        guard var task = task(number) else { return }
        change(&task)
        update(task)
    }

    public func claimPendingTask(
        _ number: Int, team: String, agent: String, at time: Microseconds
    ) -> (task: TaskSummary, instance: InstanceState)? {
        guard var task = summary(ofTask: number), task.status == .pending, task.team == team,
            let instance = instance(serial: task.instance), instance.status == .running
        else { return nil }
        updateTask(number) { $0.claim(by: agent, at: time) }
        task.status = .claimed
        return (task, instance)
    }

    public func closeTask(
        _ number: Int, _ status: TaskStatus, at time: Microseconds, output: Value
    ) {
        updateTask(number) { $0.close(status, at: time, output: output) }
    }
}

/// The fields of a task that commands and drivers check before acting on it: reading
/// them retains at most the team's name, where a copy of the task retains its every field.
public struct TaskSummary: Sendable, Hashable {
    /// The number in `task-<n>`.
    public var number: Int
    public var status: TaskStatus
    public var kind: TaskKind
    /// Index of the step in the workflow definition.
    public var step: Int
    /// The serial number of the task's instance.
    public var instance: Int
    /// 1 for the first attempt at the step, 2 for the first retry, …
    public var attempt: Int
    /// The team whose queue the task is on.
    public var team: String

    @inlinable
    public init(_ task: borrowing TeamTask) {
        number = task.number
        status = task.status
        kind = task.kind
        step = task.step
        instance = task.instance
        attempt = task.attempt
        team = task.team
    }
}

/// Numbers the engine hands out, kept by the store so a restart continues them.
public struct EngineCounters: Sendable, Hashable, Codable {
    public var lastInstance = 0
    public var lastTask = 0
    public var lastTimer = 0
    /// Per `yyyy-mm-dd-workflow` prefix: the last instance number used that day.
    public var instancesPerDay: [String: Int] = [:] {
        // Any change from outside may move the entries: the position kept is forgotten.
        didSet { lastDay = nil }
    }
    /// The prefix last counted and the position of its entry in `instancesPerDay`, so that
    /// the next start of that day (every start of a day) counts at the position instead of
    /// hashing the prefix's 26 bytes again (some 700 instructions a start). Not part of the
    /// counters' value: not compared, hashed or saved.
    private var lastDay: (prefix: String, position: [String: Int].Index)?

    private enum CodingKeys: String, CodingKey {
        case lastInstance, lastTask, lastTimer, instancesPerDay
    }

    public init() {}

    public static func == (left: EngineCounters, right: EngineCounters) -> Bool {
        left.lastInstance == right.lastInstance && left.lastTask == right.lastTask
            && left.lastTimer == right.lastTimer && left.instancesPerDay == right.instancesPerDay
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(lastInstance)
        hasher.combine(lastTask)
        hasher.combine(lastTimer)
        hasher.combine(instancesPerDay)
    }

    // Each draw is one access to a store's counters, instead of a change and a read that
    // copies them (and their per-day table).

    /// Draws the next instance serial.
    mutating func nextInstance() -> Int {
        lastInstance += 1
        return lastInstance
    }

    /// Draws the next number of the instances started on the day (and of the workflow)
    /// `prefix` names: `2025-01-22-ai-model-update`.
    mutating func nextInstance(onDay prefix: String) -> Int {
        let position: [String: Int].Index
        if let lastDay, lastDay.prefix == prefix {
            position = lastDay.position
            instancesPerDay.values[position] += 1
        } else {
            instancesPerDay[prefix, default: 0] += 1
            position = instancesPerDay.index(forKey: prefix)!
        }
        // Set after the change, which forgot it.
        lastDay = (prefix, position)
        return instancesPerDay.values[position]
    }

    /// Draws the next task number.
    mutating func nextTask() -> Int {
        lastTask += 1
        return lastTask
    }

    /// Draws the next timer id.
    mutating func nextTimer() -> Int {
        lastTimer += 1
        return lastTimer
    }
}

/// A wanted timer: when it fires and what it is for.
public struct TimerRecord: Sendable, Hashable, Codable {
    public var id: Int
    public var instance: Int
    public var at: Microseconds
    public var purpose: Purpose

    public init(id: Int, instance: Int, at: Microseconds, purpose: Purpose) {
        self.id = id
        self.instance = instance
        self.at = at
        self.purpose = purpose
    }

    /// Why the timer exists.
    public enum Purpose: Sendable, Hashable, Codable {
        /// The workflow's own `timeout`.
        case workflowTimeout
        /// A task's or an approval's `timeout` (for approvals, `task` is 0).
        case stepTimeout(step: Int, task: Int)
        /// A retry's backoff ended: offer the step again.
        case retry(step: Int)
    }
}
