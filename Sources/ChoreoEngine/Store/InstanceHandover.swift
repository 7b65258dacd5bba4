/// An instance in flight as one store holds it: its snapshot, its open tasks, its pending
/// timers and the store's counters. What another store needs to carry the instance on,
/// as when a simulation continues the state of a live engine's database.
///
/// ```swift
/// let handover = try #require(sqliteStore.handover(ofInstance: "wf-2025-01-22-…-001"))
/// let memory = InMemoryStore()
/// let instance = try memory.adopt(handover, program: program)
/// ```
public struct InstanceHandover: Sendable, Hashable {
    public var snapshot: InstanceSnapshot
    /// The instance's open tasks (pending and claimed), in offer order.
    public var openTasks: [TeamTask]
    /// The instance's wanted timers, by time then id.
    public var timers: [TimerRecord]
    /// The numbers the giving store had handed out, so that the taker never reuses one.
    public var counters: EngineCounters

    public init(
        snapshot: InstanceSnapshot, openTasks: [TeamTask], timers: [TimerRecord],
        counters: EngineCounters
    ) {
        self.snapshot = snapshot
        self.openTasks = openTasks
        self.timers = timers
        self.counters = counters
    }

    /// When the instance last changed: its latest history event, or its start.
    public var lastEventTime: Microseconds {
        snapshot.history.last?.time ?? snapshot.startedAt
    }
}

extension Store {
    /// Everything needed to carry instance `id` on in another store, or `nil` when this
    /// store does not know the instance.
    public func handover(ofInstance id: String) -> InstanceHandover? {
        guard let instance = instance(id: id) else { return nil }
        let tasks = instance.openTasks.compactMap { task($0) }.filter { $0.status.isOpen }
        let timers = instance.timers.compactMap { timer($0) }.sorted {
            ($0.at, $0.id) < ($1.at, $1.id)
        }
        return InstanceHandover(
            snapshot: instance.snapshot, openTasks: tasks.sorted { $0.number < $1.number },
            timers: timers, counters: counters)
    }

    /// Takes the instance of `handover` over, running `program`: the instance, its open
    /// tasks and its timers go into this store as one command, and the counters rise to
    /// at least the giver's so that new tasks and timers never reuse a number.
    ///
    /// Refused when the snapshot does not fit `program`, or when this store already holds
    /// an instance with the same serial or id.
    @discardableResult
    public func adopt(_ handover: InstanceHandover, program: WorkflowProgram) throws(SnapshotError)
        -> InstanceState
    {
        let snapshot = handover.snapshot
        guard instance(serial: snapshot.serial) == nil, instance(id: snapshot.id) == nil else {
            throw SnapshotError("the store already holds instance \(snapshot.id)")
        }
        let instance = try InstanceState(restoring: snapshot, program: program)
        beginCommand()
        defer { endCommand() }
        counters.lastInstance = max(counters.lastInstance, handover.counters.lastInstance)
        counters.lastTask = max(counters.lastTask, handover.counters.lastTask)
        counters.lastTimer = max(counters.lastTimer, handover.counters.lastTimer)
        for (prefix, number) in handover.counters.instancesPerDay {
            counters.instancesPerDay[prefix] = max(counters.instancesPerDay[prefix] ?? 0, number)
        }
        insert(instance)
        for task in handover.openTasks { insert(task) }
        for timer in handover.timers { insert(timer) }
        return instance
    }
}
