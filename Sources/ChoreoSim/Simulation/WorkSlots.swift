/// The work every agent is busy with: one slot per agent of every team (a team's agents
/// have the slots from its `firstSlot` on), holding work exactly while its agent is busy.
///
/// Claim and finish events name their slot, so that they find their work by index: a
/// table keyed by task number was looked up five times per task, and with its copies and
/// moves came to about 280 instructions of a load test's task.
///
/// A slot's generation says which work it holds: 0 while it is free, else the generation
/// the work was given when its agent took it. An event for work that is gone (withdrawn,
/// refused) finds another generation in its slot and does nothing.
///
/// The work's report (which holds values to count references on) is kept apart from the
/// rest (plain numbers): starting work writes numbers, and finishing it moves the report
/// out; with the report inside, a whole copy went through `memcpy` at each start and an
/// outlined destroy at each finish.
final class WorkSlots {
    private var works: UnsafeMutablePointer<Work>
    private var reports: UnsafeMutablePointer<Work.Report>
    /// Per slot, the generation of its work, or 0 when free; the report is initialized
    /// exactly where this is not 0.
    private var generations: UnsafeMutablePointer<UInt32>
    /// Slots in use by teams.
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        works = .allocate(capacity: self.capacity)
        reports = .allocate(capacity: self.capacity)
        generations = .allocate(capacity: self.capacity)
    }

    deinit {
        for slot in 0..<count where generations[slot] != 0 {
            (reports + slot).deinitialize(count: 1)
        }
        works.deallocate()
        reports.deallocate()
        generations.deallocate()
    }

    /// Adds `agents` free slots, for a new team, and returns the first.
    func add(_ agents: Int) -> Int {
        let first = count
        if count + agents > capacity {
            let capacity = max(count + agents, self.capacity * 2)
            let works = UnsafeMutablePointer<Work>.allocate(capacity: capacity)
            let reports = UnsafeMutablePointer<Work.Report>.allocate(capacity: capacity)
            let generations = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
            generations.moveInitialize(from: self.generations, count: count)
            works.moveInitialize(from: self.works, count: count)
            for slot in 0..<count where generations[slot] != 0 {
                (reports + slot).moveInitialize(from: self.reports + slot, count: 1)
            }
            self.works.deallocate()
            self.reports.deallocate()
            self.generations.deallocate()
            (self.works, self.reports, self.generations) = (works, reports, generations)
            self.capacity = capacity
        }
        (generations + first).initialize(repeating: 0, count: agents)
        count += agents
        return first
    }

    /// The generation of the work in `slot`, or 0 when it is free.
    func generation(of slot: Int) -> UInt32 {
        precondition(slot >= 0 && slot < count, "no work slot \(slot)")
        return generations[slot]
    }

    /// Puts `work` in free `slot` under `generation` (not 0), its report `.vanish` until
    /// it is claimed.
    func start(_ work: Work, in slot: Int, generation: UInt32) {
        precondition(generation != 0 && self.generation(of: slot) == 0, "slot \(slot) is busy")
        works[slot] = work
        (reports + slot).initialize(to: .vanish)
        generations[slot] = generation
    }

    /// Sets what the agent of busy `slot` will report.
    func setReport(_ report: consuming Work.Report, in slot: Int) {
        precondition(generation(of: slot) != 0, "work slot \(slot) is free")
        reports[slot] = report
    }

    /// The work in busy `slot`, read and changed where it is.
    subscript(slot: Int) -> Work {
        unsafeAddress {
            precondition(generation(of: slot) != 0, "work slot \(slot) is free")
            return UnsafePointer(works + slot)
        }
        unsafeMutableAddress {
            precondition(generation(of: slot) != 0, "work slot \(slot) is free")
            return works + slot
        }
    }

    /// Takes the work and its report out of busy `slot`, which is free afterwards.
    func take(_ slot: Int) -> (work: Work, report: Work.Report) {
        precondition(generation(of: slot) != 0, "work slot \(slot) is free")
        generations[slot] = 0
        return (works[slot], (reports + slot).move())
    }

    /// The busy slot among `slots` whose work is `task`, if any.
    func slot(of task: Int, among slots: Range<Int>) -> Int? {
        slots.first { generations[$0] != 0 && works[$0].task == task }
    }
}
