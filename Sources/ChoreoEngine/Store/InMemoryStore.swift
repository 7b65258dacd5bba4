/// A `Store` in memory: for simulation, tests, and live use without persistence.
///
/// With `keepsFinished: false` (simulation under load) an ended instance and its closed
/// tasks are dropped at once, so memory holds only what is in flight.
public final class InMemoryStore: Store {
    public var counters = EngineCounters()
    public let keepsFinished: Bool
    private var instances = NumberTable<InstanceState>()
    private var serialsByID: [String: Int] = [:]
    private var tasks = NumberTable<TeamTask>()
    private var timers = NumberTable<TimerRecord>()

    public init(keepsFinished: Bool = true) {
        self.keepsFinished = keepsFinished
    }

    public func beginCommand() {}
    public func endCommand() {}

    public func insert(_ instance: InstanceState) {
        instances[instance.serial] = instance
        serialsByID[instance.id] = instance.serial
    }

    public func instance(serial: Int) -> InstanceState? { instances[serial] }

    public func instance(id: String) -> InstanceState? {
        serialsByID[id].flatMap { instances[$0] }
    }

    public func instanceChanged(_ instance: InstanceState) {}

    public func instanceFinished(_ instance: InstanceState) {
        guard !keepsFinished else { return }
        instances[instance.serial] = nil
        serialsByID[instance.id] = nil
    }

    public func insert(_ task: TeamTask) { tasks[task.number] = task }

    public func task(_ number: Int) -> TeamTask? { tasks[number] }

    public func update(_ task: TeamTask) {
        if !keepsFinished && !task.status.isOpen {
            tasks[task.number] = nil
        } else {
            tasks[task.number] = task
        }
    }

    public func openTasks(team: String) -> [TeamTask] {
        tasks.values.filter { $0.team == team && $0.status.isOpen }.sorted {
            $0.number < $1.number
        }
    }

    public func insert(_ timer: TimerRecord) { timers[timer.id] = timer }

    public func timer(_ id: Int) -> TimerRecord? { timers[id] }

    public func removeTimer(_ id: Int) { timers[id] = nil }

    /// Every instance the store holds, in start order.
    public var allInstances: [InstanceState] {
        instances.values.sorted { $0.serial < $1.serial }
    }

    /// Every timer still wanted, by time then id.
    public var pendingTimers: [TimerRecord] {
        timers.values.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
    }
}
