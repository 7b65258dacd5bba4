import ChoreoModel

/// A `Store` in memory: for simulation, tests, and live use without persistence.
///
/// With `keepsFinished: false` (simulation under load) an ended instance and its closed
/// tasks are dropped at once, so memory holds only what is in flight.
///
/// A `recorder` receives every command and every change this store is told of, in order,
/// while reads stay in memory: how a simulation writes its run into a database as it goes.
public final class InMemoryStore: Store {
    public var counters = EngineCounters()
    public let keepsFinished: Bool
    /// The store that is told of every command and change, if any; its counters are set
    /// from this store's at the end of each command.
    public var recorder: (any Store)?
    private var instances = NumberTable<InstanceState>()
    /// Serials by public id, built at the first look-up by id: a simulation never looks
    /// one up, and hashing every id on start and on finish was a cost of each instance.
    private var serialsByID: [String: Int]?
    @usableFromInline var tasks = NumberTable<TeamTask>()
    private var timers = NumberTable<TimerRecord>()

    public init(keepsFinished: Bool = true) {
        self.keepsFinished = keepsFinished
    }

    // Every command calls `beginCommand`, `endCommand` and usually `instanceChanged`; each
    // only tests for a recorder and hands over to one in a function of its own. Called in
    // place, the recorder made every call save and restore the registers it needed, even
    // without one (a load test): some 14 instructions a call, 80 a task.

    public func beginCommand() {
        if recorder != nil { recordBeginCommand() }
    }

    public func endCommand() {
        if recorder != nil { recordEndCommand() }
    }

    @inline(never)
    private func recordBeginCommand() { recorder?.beginCommand() }

    @inline(never)
    private func recordEndCommand() {
        guard let recorder else { return }
        recorder.counters = counters
        recorder.endCommand()
    }

    public func insert(_ instance: InstanceState) {
        recorder?.insert(instance)
        instances[instance.serial] = instance
        serialsByID?[instance.id] = instance.serial
    }

    public func instance(serial: Int) -> InstanceState? { instances[serial] }

    public func instance(id: String) -> InstanceState? {
        if serialsByID == nil {
            serialsByID = Dictionary(
                uniqueKeysWithValues: instances.values.map { ($0.id, $0.serial) })
        }
        return serialsByID?[id].flatMap { instances[$0] }
    }

    public func instanceChanged(_ instance: InstanceState) {
        if recorder != nil { recordInstanceChanged(instance) }
    }

    @inline(never)
    private func recordInstanceChanged(_ instance: InstanceState) {
        recorder?.instanceChanged(instance)
    }

    public func instanceFinished(_ instance: InstanceState) {
        recorder?.instanceFinished(instance)
        guard !keepsFinished else { return }
        instances.remove(instance.serial)
        serialsByID?[instance.id] = nil
    }

    public func insert(_ task: consuming TeamTask) {
        recorder?.insert(copy task)
        tasks[task.number] = task
    }

    public func insertTask(_ number: Int, offer: consuming TaskOffer) {
        if let recorder { recorder.insertTask(number, offer: copy offer) }
        tasks.insert(.pending(number, offer: offer), forKey: number)
    }

    public func task(_ number: Int) -> TeamTask? { tasks[number] }

    public func summary(ofTask number: Int) -> TaskSummary? {
        tasks.read(number) { TaskSummary($0) }
    }

    public func claimedWork(ofTask number: Int) -> (step: Int, instance: Int)? {
        // Through the task's address: a summary retained the team's name, and a closure
        // given the task (`read`) copied it whole.
        guard let task = tasks.address(of: number), task.pointee.kind == .task,
            task.pointee.status == .claimed
        else { return nil }
        return (task.pointee.step, task.pointee.instance)
    }

    /// What `body` reads of task `number`, read where the task is; `nil` when there is no
    /// such task. Reading plain fields this way copies nothing: a summary retains the
    /// team's name, and dropping one goes through `Optional`'s generic witness.
    @inlinable
    public func readTask<Result>(_ number: Int, _ body: (borrowing TeamTask) -> Result)
        -> Result?
    {
        tasks.read(number, body)
    }

    /// The inputs task `number` was offered with, read where the task is: a copy of the
    /// task retains its every field and is dropped through `Optional`'s generic witness.
    public func inputs(ofTask number: Int) -> Value? {
        tasks.read(number) { $0.inputs }
    }

    public func update(_ task: TeamTask) {
        recorder?.update(task)
        if !keepsFinished && !task.status.isOpen {
            tasks.remove(task.number)
        } else {
            tasks[task.number] = task
        }
    }

    public func updateTask(_ number: Int, _ change: (inout TeamTask) -> Void) {
        tasks.update(
            number,
            removingIf: { task in
                change(&task)
                recorder?.update(task)
                return !keepsFinished && !task.status.isOpen
            })
    }

    /// Checks and claims the task with one probe, where it is.
    public func claimPendingTask(
        _ number: Int, team: String, agent: String, at time: Microseconds
    ) -> (task: TaskSummary, instance: InstanceState)? {
        let claimed = tasks.update(number) { task -> (TaskSummary, InstanceState)? in
            guard task.status == .pending, task.team == team,
                let instance = instances[task.instance], instance.status == .running
            else { return nil }
            task.claim(by: agent, at: time)
            recorder?.update(task)
            return (TaskSummary(task), instance)
        }
        return claimed ?? nil
    }

    /// Without a recorder, a store that keeps no closed tasks drops the task unchanged:
    /// nobody would read the changes.
    public func closeTask(
        _ number: Int, _ status: TaskStatus, at time: Microseconds, output: Value
    ) {
        precondition(!status.isOpen, "task-\(number) cannot be closed as \(status.rawValue)")
        if recorder == nil && !keepsFinished {
            tasks.remove(number)
            return
        }
        updateTask(number) { $0.close(status, at: time, output: output) }
    }

    public func openTasks(team: String) -> [TeamTask] {
        tasks.values.filter { $0.team == team && $0.status.isOpen }.sorted {
            $0.number < $1.number
        }
    }

    public func insert(_ timer: TimerRecord) {
        recorder?.insert(timer)
        timers[timer.id] = timer
    }

    public func timer(_ id: Int) -> TimerRecord? { timers[id] }

    public func removeTimer(_ id: Int) {
        recorder?.removeTimer(id)
        timers.remove(id)
    }

    /// Every instance the store holds, in start order.
    public var allInstances: [InstanceState] {
        instances.values.sorted { $0.serial < $1.serial }
    }

    /// Every timer still wanted, by time then id.
    public var pendingTimers: [TimerRecord] {
        timers.values.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
    }
}
