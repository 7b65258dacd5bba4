/// The real engine in a simulated world: a virtual clock, an event queue and simulated
/// teams that take, claim and finish work as the scenario says.
///
/// The run loop is synchronous and single-threaded; the same scenario, seed and
/// replication always give the same run.
///
/// ```swift
/// let simulation = try Simulation(scenario: scenario)
/// try simulation.run()
/// let instance = simulation.store.allInstances[0]
/// ```
public final class Simulation {
    public let scenario: Scenario
    public let seed: UInt64
    public let replication: UInt64
    public let options: SimulationOptions
    public let clock: VirtualClock
    public let store: InMemoryStore
    public let engine: Engine
    var queue: EventQueue<PackedEvent>
    var teams: [SimulatedTeam] = []
    /// `teams` again, unretained: what `borrowingTeam` reads.
    private var unretainedTeams: [Unmanaged<SimulatedTeam>] = []
    var teamIndices: [String: Int] = [:]
    /// Team indices by the storage of the names the engine sends (`teamIndex`).
    private let teamNames = TeamNameIndex()
    var plans: [WorkPlan] = []
    var attemptPlans: [[Int: WorkPlan]] = []
    let stepDraws: [StepDraws]
    /// Per step, the report of work whose outputs are all constant (`WorkPlan.outputTemplate`).
    let outputTemplates: [[String: Value]]
    var stepStreams: [Xoshiro256StarStar] = []
    /// Per step, the last duration text a task's input gave, with what it parses to: a
    /// step that takes its duration from an input gets the same text at nearly every
    /// offer (one text for all steps was parsed anew whenever two steps took turns).
    var lastInputDurations: [(text: String, duration: Microseconds?)] = []
    var faultStreams: [Xoshiro256StarStar] = []
    var arrivalStream: Xoshiro256StarStar
    /// The run's arrivals (the options', else the scenario's), read once rather than
    /// copied at each arrival, with the sampler of the time between them when it has one.
    let arrivals: Arrivals
    let arrivalGap: Sampler?
    let work: WorkSlots
    var generation: UInt32 = 0
    var startTimes = NumberTable<Microseconds>()
    /// Whether the first arrival is scheduled (or, for a continuation, never will be).
    var arrivalsScheduled = false

    /// Events handled so far.
    public private(set) var eventsProcessed = 0
    /// Instances started so far.
    public private(set) var instancesStarted = 0
    /// Tasks (work, approvals, escalations) whose agent reported to the engine.
    public internal(set) var tasksExecuted = 0
    /// Every finished instance, in finishing order (kept only when `recordsOutcomes`).
    public private(set) var outcomes: [InstanceOutcome] = []
    /// Every notification the engine sent.
    public private(set) var notifications: [Notification] = []
    /// Who did what when, per task (kept only with `recordsTimings`).
    public internal(set) var timings: [TaskTiming] = []
    /// Called for every instance that ends.
    public var onFinish: ((InstanceOutcome) -> Void)?

    /// A run of `scenario`; `seed` replaces the scenario's, `replication` picks the streams.
    public convenience init(
        scenario: Scenario, seed: UInt64? = nil, replication: UInt64 = 0,
        options: SimulationOptions = SimulationOptions()
    ) {
        self.init(
            blueprint: SimulationBlueprint(scenario), seed: seed, replication: replication,
            options: options)
    }

    /// A run from a prepared blueprint: what Monte Carlo uses, so that the workflow program
    /// and the work plans are built once for all replications.
    public init(
        blueprint: SimulationBlueprint, seed: UInt64? = nil, replication: UInt64 = 0,
        options: SimulationOptions = SimulationOptions()
    ) {
        let scenario = blueprint.scenario
        self.scenario = scenario
        self.seed = seed ?? scenario.seed
        self.replication = replication
        self.options = options
        clock = VirtualClock(now: scenario.start)
        store = InMemoryStore(keepsFinished: options.keepsInstances)
        engine = Engine(clock: clock, store: store)
        engine.register(blueprint.program)
        queue = EventQueue(reservingCapacity: 1024)
        arrivalStream = RandomStreams.stream(
            seed: self.seed, replication: replication, name: "arrivals")
        arrivals = options.arrivals ?? scenario.arrivals
        arrivalGap = arrivals.every.flatMap(Sampler.init)
        plans = blueprint.plans
        lastInputDurations = Array(repeating: ("", nil), count: blueprint.plans.count)
        attemptPlans = blueprint.attemptPlans
        stepDraws = blueprint.stepDraws
        outputTemplates = blueprint.plans.map(\.outputTemplate)
        teams.reserveCapacity(blueprint.teams.count)
        work = WorkSlots(capacity: blueprint.teams.reduce(0) { $0 + $1.agents })
        for (index, setup) in blueprint.teams.enumerated() {
            add(
                SimulatedTeam(
                    setup: setup, index: index, firstSlot: work.add(setup.agents),
                    seed: self.seed, replication: replication,
                    recordsWaits: options.recordsWaitHistograms,
                    slowdowns: Simulation.slowdowns(of: setup.name, in: scenario)))
            teamIndices[setup.name] = index
        }
        let seed = self.seed
        stepStreams = blueprint.stepStreamHashes.map {
            RandomStreams.stream(seed: seed, replication: replication, nameHash: $0)
        }
        faultStreams = blueprint.faultStreamHashes.map {
            RandomStreams.stream(seed: seed, replication: replication, nameHash: $0)
        }
    }

    /// Runs until nothing is left to happen, or a bound of `options` is reached.
    ///
    /// With `limit`, stops before the first event after it, with the clock at `limit`
    /// (a later `run()` carries on from there).
    public func run(until limit: Microseconds? = nil) throws(SimulationError) {
        if !arrivalsScheduled {
            arrivalsScheduled = true
            schedule(.arrival(index: 0), at: scenario.start)
        }
        let horizon = scenario.start + options.horizon
        while let (time, packed) = queue.pop(notAfter: limit ?? .max) {
            let event = packed.event
            // A cancelled timer does nothing: it must not move the clock or hit the horizon.
            if case .timer(let id) = event, store.timer(id) == nil { continue }
            guard time <= horizon else {
                throw SimulationError(
                    "\(scenario.file): the run passed its horizon of \(Durations.format(options.horizon))"
                        + " of simulated time; replay with seed \(seed)")
            }
            eventsProcessed += 1
            guard eventsProcessed <= options.maxEvents else {
                throw SimulationError(
                    "\(scenario.file): the run passed its bound of \(options.maxEvents) events at "
                        + "\(CivilTime(timestamp: clock.now).isoText); replay with seed \(seed)")
            }
            clock.advance(to: time)
            try handle(event)
            processEffects()
        }
        if let limit, !queue.isEmpty {
            // The next event is after the limit: it waits for the next run.
            if limit > clock.now { clock.advance(to: limit) }
            return
        }
        if !startTimes.isEmpty { throw stalled() }
    }

    /// The error for a run with instances still running and nothing left to happen.
    private func stalled() -> SimulationError {
        var waiting: [String] = []
        for instance in store.allInstances where instance.status == .running {
            for number in instance.openTasks {
                guard let task = store.task(number) else { continue }
                waiting.append("'\(task.stepID)' on \(task.team)")
            }
        }
        let what =
            waiting.isEmpty ? "" : " (waiting on \(waiting.prefix(5).joined(separator: ", ")))"
        return SimulationError(
            "\(scenario.file): the run stalled at \(CivilTime(timestamp: clock.now).isoText): "
                + "\(startTimes.count) instance(s) still running with nothing left to happen\(what); "
                + "replay with seed \(seed)")
    }

    private func handle(_ event: SimulationEvent) throws(SimulationError) {
        switch event {
        case .arrival(let index):
            try arrive(index)
        case .timer(let id):
            engine.timerFired(id)
        case .claim(let slot, let generation):
            claim(slot, generation: generation)
        case .finish(let slot, let generation):
            finish(slot, generation: generation)
        case .wake(let team):
            teams[team].wakePending = false
            dispatch(teams[team])
        }
    }

    private func arrive(_ index: Int) throws(SimulationError) {
        do {
            let instance = try engine.start(
                workflow: scenario.workflow.name, inputs: scenario.inputs)
            instancesStarted += 1
            startTimes[instance.serial] = clock.now
        } catch {
            throw SimulationError(
                "\(scenario.file): the scenario's inputs are refused: \(error.message)")
        }
        guard index + 1 < arrivals.count else { return }
        var gap: Microseconds = 0
        if let sampler = arrivalGap {
            gap = Simulation.microseconds(seconds: sampler.sample(using: &arrivalStream))
        } else if let every = arrivals.every {
            gap = Simulation.microseconds(seconds: every.sample(using: &arrivalStream))
        }
        schedule(.arrival(index: index + 1), at: clock.now + gap)
    }

    /// Puts `event` on the queue for `time`, packed in the one word a queue entry holds.
    @inline(__always)
    func schedule(_ event: SimulationEvent, at time: Microseconds) {
        queue.push(at: time, PackedEvent(event))
    }

    /// Applies the engine's effects to the simulated world.
    func processEffects() {
        engine.drainEffects { effect in
            switch effect {
            case .taskOffered(let task, let team):
                borrowingTeam(teamIndex(team)) { simulated in
                    // A released task waits anew from its release, not from its first offer.
                    simulated.enqueue(task, since: clock.now)
                    dispatch(simulated)
                }
            case .taskWithdrawn(let task, let team):
                let team = teams[teamIndex(team)]
                if let slot = work.slot(of: task, among: team.slots) {
                    let abandoned = work.take(slot).work
                    record(abandoned, completed: false)
                    team.releaseAgent(abandoned.agent, at: clock.now)
                    dispatch(team)
                }
            case .timerSet(let id, let at):
                schedule(.timer(id: id), at: at)
            case .timerCancelled:
                break  // A cancelled timer that fires finds nothing to do.
            case .notification(let instance, let recipients, let message):
                guard options.recordsNotifications else { break }
                notifications.append(
                    Notification(
                        time: clock.now, instance: instance, recipients: recipients,
                        message: message))
            case .instanceFinished(let serial, let status):
                let started = startTimes.removeValue(forKey: serial) ?? clock.now
                let outcome = InstanceOutcome(
                    serial: serial, status: status, started: started, ended: clock.now)
                if options.recordsOutcomes { outcomes.append(outcome) }
                onFinish?(outcome)
            }
        }
    }

    /// The index of team `name`, adding a default team for a name the scenario never saw.
    ///
    /// Inlined where a task is offered: a name the engine sent before is found by its
    /// storage in a few instructions.
    @inline(__always)
    func teamIndex(_ name: String) -> Int {
        teamNames.team(ofStorage: name) ?? rememberedTeamIndex(name)
    }

    /// The index of team `name` found by its text, remembered by the name's storage.
    @inline(never)
    private func rememberedTeamIndex(_ name: String) -> Int {
        let index = teamIndex(named: name)
        teamNames.remember(name, as: index)
        return index
    }

    /// The index of team `name` found by its text, adding a default team for a name the
    /// scenario never saw.
    private func teamIndex(named name: String) -> Int {
        if let index = teamIndices[name] { return index }
        let index = teams.count
        let agents = scenario.defaults.agents ?? BuiltInBehavior.agents
        add(
            SimulatedTeam(
                name: name, index: index, firstSlot: work.add(agents), agents: agents,
                availability: Availability(calendar: scenario.defaults.calendar), behavior: nil,
                silent: false, seed: seed, replication: replication,
                recordsWaits: options.recordsWaitHistograms,
                slowdowns: Simulation.slowdowns(of: name, in: scenario)))
        teamIndices[name] = index
        return index
    }

    private func add(_ team: SimulatedTeam) {
        teams.append(team)
        unretainedTeams.append(Unmanaged.passUnretained(team))
    }

    /// Calls `body` with team `index`, not retained: teams live as long as the run (`teams`
    /// only grows). A team read from `teams` for a claim, a finish or an offer was retained
    /// and released around it, and so were the names read from it.
    @inline(__always)
    func borrowingTeam(_ index: Int, _ body: (SimulatedTeam) -> Void) {
        unretainedTeams[index]._withUnsafeGuaranteedRef(body)
    }

    /// A drawn duration in whole microseconds, 0 for a draw that is not a positive number;
    /// inlined, as every task converts two draws.
    @inline(__always)
    static func microseconds(seconds: Double) -> Microseconds {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return Microseconds(min(seconds, Durations.seconds(Durations.maximum)) * 1_000_000)
    }
}

/// Bounds and bookkeeping of a simulated run.
public struct SimulationOptions: Sendable {
    /// Keep finished instances (with their history) in the store.
    public var keepsInstances = true
    /// Keep an `InstanceOutcome` per finished instance.
    public var recordsOutcomes = true
    /// Keep a `TaskTiming` per task.
    public var recordsTimings = true
    /// Keep every `Notification` the engine sends.
    public var recordsNotifications = true
    /// Keep a histogram of queue waits per team (`Simulation.teamWaits`).
    public var recordsWaitHistograms = false
    /// Stop with an error after this many events.
    public var maxEvents = 50_000_000
    /// Stop with an error past this much simulated time after the start.
    public var horizon: Microseconds = 3_650 * Durations.day
    /// Arrivals instead of the scenario's.
    public var arrivals: Arrivals?

    public init() {}
}

/// How one instance ended.
public struct InstanceOutcome: Sendable, Hashable {
    public var serial: Int
    public var status: InstanceStatus
    public var started: Microseconds
    public var ended: Microseconds

    public var duration: Microseconds { ended - started }
}

/// A notification the engine sent (a `notify` handler fired).
public struct Notification: Sendable, Hashable {
    public var time: Microseconds
    public var instance: Int
    public var recipients: [String]
    public var message: String
}

/// Who did one task and when: what timelines and critical paths are drawn from.
public struct TaskTiming: Sendable, Hashable {
    public var task: Int
    public var instance: Int
    public var step: Int
    public var kind: TaskKind
    public var team: String
    /// 0-based agent of the team.
    public var agent: Int
    public var offered: Microseconds
    /// When a free agent took the task off the queue.
    public var taken: Microseconds
    /// When the agent claimed it (after its claim delay), or -1.
    public var claimed: Microseconds
    public var ended: Microseconds
    /// Whether the agent reported (false when the task was withdrawn under it).
    public var reported: Bool
}
