import ChoreoEngine

/// The tasks a store answers for without asking SQLite: every task written since the last
/// commit, and the open tasks of each team whose queue has been read.
///
/// A team is *loaded* once its open tasks have been read from the database; from then on
/// the cache holds all of them, because every later change to a task passes through it.
struct TaskCache {
    private var tasks: [Int: TeamTask] = [:]
    /// Per team: the numbers of its open tasks that the cache holds.
    private var openByTeam: [String: Set<Int>] = [:]
    private var loadedTeams: Set<String> = []
    /// Numbers of the tasks closed since the last `dropClosed()`.
    private var closed: [Int] = []

    subscript(number: Int) -> TeamTask? { tasks[number] }

    /// Records the task as it is now (written, or read from the database).
    mutating func put(_ task: TeamTask) {
        let previous = tasks.updateValue(task, forKey: task.number)
        if task.status.isOpen {
            // A task open before is in its team's set already (a claim, a release): the
            // team's name is not hashed again.
            if previous?.status.isOpen != true {
                openByTeam[task.team, default: []].insert(task.number)
            }
        } else {
            openByTeam[task.team]?.remove(task.number)
            closed.append(task.number)
        }
    }

    /// Whether the cache holds every open task of `team`.
    func isLoaded(team: String) -> Bool { loadedTeams.contains(team) }

    /// Adds the open tasks of `team` read from the database; the cache's own copies win,
    /// being the same rows or newer.
    mutating func load(team: String, openTasks: [TeamTask]) {
        for task in openTasks where tasks[task.number] == nil { put(task) }
        loadedTeams.insert(team)
    }

    /// The open tasks of a loaded `team`, oldest first.
    func openTasks(team: String) -> [TeamTask] {
        precondition(isLoaded(team: team), "team \(team)'s queue was never read")
        return (openByTeam[team] ?? []).sorted().map { tasks[$0]! }
    }

    /// Forgets the closed tasks: after a commit, the database answers for them.
    mutating func dropClosed() {
        for number in closed where tasks[number]?.status.isOpen == false {
            tasks[number] = nil
        }
        closed.removeAll(keepingCapacity: true)
    }

    /// Forgets everything: another connection may have changed any row.
    mutating func removeAll() {
        tasks.removeAll(keepingCapacity: true)
        openByTeam.removeAll(keepingCapacity: true)
        loadedTeams.removeAll(keepingCapacity: true)
        closed.removeAll(keepingCapacity: true)
    }
}
