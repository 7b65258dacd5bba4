import Histogram

/// A simulated team: its agents, its queue of offered tasks (FIFO by offer), its
/// availability and its random streams.
final class SimulatedTeam {
    let name: String
    let index: Int
    /// The work slot of the team's first agent (`Simulation.work`); agent `a` has slot
    /// `firstSlot + a`.
    let firstSlot: Int
    let availability: Availability
    let behavior: TeamBehavior?
    /// The team's size.
    let agents: Int
    /// A bit per agent, set while it is busy: the lowest free agent is found a word at a
    /// time (a search of one flag per agent read up to 42 of them per task). Kept, like
    /// `busySince`, in memory the team owns: as arrays, every take and release checked
    /// them for sharing before writing.
    private let busyBits: UnsafeMutablePointer<UInt64>
    /// The name each agent claims under (`team-1`…), built once rather than per claim.
    let agentNames: [String]
    var freeAgents: Int
    /// Offered tasks with the time each joined the queue (-1: when it is taken); entries
    /// before `head` are taken. The time travels with the task, so that no table keyed by
    /// task is written and read back for each task.
    private var queue: [(task: Int, since: Microseconds)] = []
    private var head = 0
    /// Whether a wake event is already scheduled.
    var wakePending = false
    /// Whether the team never answers approvals and escalations.
    let silent: Bool
    /// The team's slow-team faults, in the scenario's order: looked up once, not per task.
    let slowdowns: [Slowdown]

    /// A slow-team fault: work takes `factor` times as long from `at` (an offset from the
    /// scenario's start) for `duration`.
    struct Slowdown: Sendable {
        let factor: Double
        let at: Microseconds
        let duration: Microseconds
    }

    var claimStream: Xoshiro256StarStar
    var durationStream: Xoshiro256StarStar
    var outputStream: Xoshiro256StarStar
    var failureStream: Xoshiro256StarStar
    var decisionStream: Xoshiro256StarStar

    // Statistics.
    var busyTime: Microseconds = 0
    /// Per agent, when it last became busy.
    let busySince: UnsafeMutablePointer<Microseconds>
    var tasksTaken = 0
    var totalWait: Microseconds = 0
    var longestQueue = 0
    /// Offer-to-take waits of more than 0 in microseconds, when the run records them.
    private var waits: Histogram<UInt64>?
    /// Waits of 0 (an agent was free at the offer), left out of `waits` until it is read:
    /// most waits are 0, and one count for them all leaves the same histogram as a record
    /// for each.
    private var zeroWaits: UInt64 = 0
    /// The nonzero waits in `waits` per power of two, for its percentiles.
    private var waitCounts: PowerOfTwoCounts?

    convenience init(
        name: String, index: Int, firstSlot: Int, agents: Int, availability: Availability,
        behavior: TeamBehavior?, silent: Bool, seed: UInt64, replication: UInt64,
        recordsWaits: Bool = false, slowdowns: [Slowdown] = []
    ) {
        self.init(
            setup: TeamSetup(
                name: name, agents: agents, availability: availability, behavior: behavior,
                silent: silent),
            index: index, firstSlot: firstSlot, seed: seed, replication: replication,
            recordsWaits: recordsWaits, slowdowns: slowdowns)
    }

    /// A team made up as `setup` says; its names and stream hashes come from the setup,
    /// prepared once for every replication.
    init(
        setup: TeamSetup, index: Int, firstSlot: Int, seed: UInt64, replication: UInt64,
        recordsWaits: Bool = false, slowdowns: [Slowdown] = []
    ) {
        let agents = setup.agents
        precondition(agents >= 1, "team \(setup.name) needs at least one agent")
        self.name = setup.name
        self.index = index
        self.firstSlot = firstSlot
        self.availability = setup.availability
        self.behavior = setup.behavior
        self.silent = setup.silent
        self.slowdowns = slowdowns
        self.agents = agents
        let busyWords = (agents + 63) / 64
        busyBits = .allocate(capacity: busyWords)
        busyBits.initialize(repeating: 0, count: busyWords)
        agentNames = setup.agentNames
        busySince = .allocate(capacity: agents)
        busySince.initialize(repeating: 0, count: agents)
        freeAgents = agents
        if recordsWaits {
            let waits = LoadTest.durationHistogram()
            self.waits = waits
            waitCounts = PowerOfTwoCounts(lowestDiscernibleValue: waits.lowestDiscernibleValue)
        }
        let hashes = setup.streamHashes
        func stream(_ purpose: TeamSetup.Stream) -> Xoshiro256StarStar {
            RandomStreams.stream(
                seed: seed, replication: replication, nameHash: hashes[purpose.rawValue])
        }
        claimStream = stream(.claim)
        durationStream = stream(.duration)
        outputStream = stream(.outputs)
        failureStream = stream(.failure)
        decisionStream = stream(.decision)
    }

    deinit {
        busyBits.deallocate()
        busySince.deallocate()
    }

    /// The work slots of the team's agents.
    var slots: Range<Int> { firstSlot..<firstSlot + agents }

    /// Offered tasks not yet taken.
    var queued: Int { queue.count - head }

    /// Puts `task` at the back of the queue, waiting since `since` (-1: from when it is
    /// taken, for adopted work already claimed).
    func enqueue(_ task: Int, since: Microseconds) {
        queue.append((task, since))
        longestQueue = max(longestQueue, queued)
    }

    /// The oldest offered task, taken off the queue, with the time it joined it.
    func dequeue() -> (task: Int, since: Microseconds)? {
        guard head < queue.count else { return nil }
        let entry = queue[head]
        head += 1
        if head >= 1024 && head * 2 >= queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return entry
    }

    /// Marks the lowest free agent busy from `now` and returns its index.
    func takeAgent(at now: Microseconds) -> Int {
        precondition(freeAgents > 0, "every agent of \(name) is busy")
        var word = 0
        while busyBits[word] == .max { word += 1 }
        let free = (~busyBits[word]).trailingZeroBitCount
        busyBits[word] |= 1 &<< free
        let agent = word &* 64 &+ free
        busySince[agent] = now
        freeAgents -= 1
        tasksTaken += 1
        return agent
    }

    /// Counts a task taken after waiting `wait` in the queue.
    func recordWait(_ wait: Microseconds) {
        totalWait += wait
        guard wait > 0 else {
            zeroWaits += 1
            return
        }
        // Optional chaining records in place; testing `waits != nil` first copied the
        // histogram out of its optional (a retain and a release per task).
        if waits?.record(UInt64(wait)) == true {
            waitCounts?.record(UInt64(wait))
        }
    }

    /// Offer-to-take waits in microseconds, when the run records them.
    var waitHistogram: Histogram<UInt64>? {
        guard var waits else { return nil }
        if zeroWaits > 0 { waits.record(0, count: zeroWaits) }
        return waits
    }

    /// The offer-to-take wait at `percentile` (0...100) in microseconds, as
    /// `waitHistogram?.valueAtPercentile(percentile)` gives it, when the run records waits.
    func wait(atPercentile percentile: Double) -> UInt64? {
        guard let waits = waitHistogram, var counts = waitCounts else { return nil }
        counts.record(0, count: zeroWaits)
        return waits.value(atPercentile: percentile, counts: counts)
    }

    /// Whether `agent` is at work.
    func isBusy(_ agent: Int) -> Bool {
        precondition(agent >= 0 && agent < agents, "\(name) has no agent \(agent)")
        return busyBits[agent &>> 6] & (1 &<< (agent & 63)) != 0
    }

    /// Frees `agent` at `now`.
    func releaseAgent(_ agent: Int, at now: Microseconds) {
        let bit: UInt64 = 1 &<< (agent & 63)
        precondition(
            agent >= 0 && agent < agents && busyBits[agent &>> 6] & bit != 0,
            "agent \(agent) of \(name) is not busy")
        busyBits[agent &>> 6] &= ~bit
        busyTime += now - busySince[agent]
        freeAgents += 1
    }
}
