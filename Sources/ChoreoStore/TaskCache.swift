import ChoreoEngine

/// The tasks a store answers for without asking SQLite: every task written since the last
/// commit, and the open tasks of each team whose queue has been read.
///
/// A team is *loaded* once its open tasks have been read from the database; from then on
/// the cache holds all of them, because every later change to a task passes through it.
/// Tasks are kept in a `NumberTable`: a claim or a completion looks its task up several
/// times, and `Dictionary` hashed each number with SipHash.
struct TaskCache {
    private var tasks = NumberTable<TeamTask>()
    /// The loaded teams, and per team (at the same index) the numbers of its open tasks,
    /// all of which the cache holds. Found by name in a list: a store
    /// serves the few teams its workflows name, and comparing a short name with each costs
    /// less than hashing it (a dictionary by name cost 1,500 instructions an offer or a
    /// close).
    private var teams: [String] = []
    private var openByTeam: [SortedNumbers] = []
    private var loadedTeams: Set<String> = []
    /// Numbers of the tasks closed since the last `dropClosed()`.
    private var closed: [Int] = []

    subscript(number: Int) -> TeamTask? { tasks[number] }

    /// What `body` reads from task `number`, which is not copied; `nil` when the cache does
    /// not hold it.
    func read<Result>(_ number: Int, _ body: (borrowing TeamTask) -> Result) -> Result? {
        tasks.read(number, body)
    }

    /// What `body` reads from task `number`, lent where it is through a mutable access
    /// (which `body` cannot use to change it); `nil` when the cache does not hold it.
    ///
    /// For a `body` that calls out while reading, as the task row's binds call SQLite:
    /// through `read`, the compiler cannot tell that nothing else writes the task meanwhile,
    /// and copied it whole (a retain of every string, then a release); an exclusive access
    /// rules that out.
    mutating func readInPlace<Result>(_ number: Int, _ body: (borrowing TeamTask) -> Result)
        -> Result?
    {
        tasks.update(number) { task in body(task) }
    }

    /// Records the task as it is now (written, or read from the database).
    mutating func put(_ task: consuming TeamTask) {
        let number = task.number
        let wasOpen = tasks.read(number) { $0.status.isOpen } ?? false
        let isOpen = task.status.isOpen
        let team = isOpen == wasOpen ? nil : task.team
        tasks.insert(task, forKey: number)
        if let team { moved(number, team: team, isOpen: isOpen) }
    }

    /// Changes task `number` where it is; `false`, without running `change`, when the
    /// cache does not hold it.
    mutating func update(_ number: Int, _ change: (inout TeamTask) -> Void) -> Bool {
        let transition = tasks.update(number) {
            (task: inout TeamTask) -> (team: String, isOpen: Bool)? in
            let wasOpen = task.status.isOpen
            change(&task)
            precondition(task.number == number, "task-\(number) renumbered")
            return task.status.isOpen == wasOpen ? nil : (task.team, task.status.isOpen)
        }
        guard let transition else { return false }
        if let transition { moved(number, team: transition.team, isOpen: transition.isOpen) }
        return true
    }

    /// A task opened or closed: a loaded team's set gains or loses it. A task open before
    /// and after (a claim, a release) stays, and its team's name is not compared. The
    /// queues of teams not loaded are not kept: a store that no one asks for queues (a
    /// load test's recorder) finds no team at all.
    private mutating func moved(_ number: Int, team: String, isOpen: Bool) {
        if !isOpen { closed.append(number) }
        guard !teams.isEmpty, let index = teamIndex(team) else { return }
        if isOpen {
            openByTeam[index].insert(number)
        } else {
            openByTeam[index].remove(number)
        }
    }

    /// The index of `team`: found first by the string's bits, as a task names its team
    /// with the definition's own string (comparing the text of each team cost some 40
    /// instructions a team), else by its text.
    private func teamIndex(_ team: String) -> Int? {
        let key = WrittenStrings.key(of: team)
        return teams.firstIndex { WrittenStrings.key(of: $0) == key } ?? teams.firstIndex(of: team)
    }

    /// Whether the cache holds every open task of `team`.
    func isLoaded(team: String) -> Bool { loadedTeams.contains(team) }

    /// Adds the open tasks of `team` read from the database; the cache's own copies win,
    /// being the same rows or newer. From now on the team's queue is kept: its open tasks
    /// are those read and those the cache holds open.
    mutating func load(team: String, openTasks: [TeamTask]) {
        precondition(!isLoaded(team: team), "team \(team)'s queue read twice")
        for task in openTasks where tasks[task.number] == nil {
            tasks.insert(task, forKey: task.number)
        }
        var open = SortedNumbers()
        for task in tasks.values where task.team == team && task.status.isOpen {
            open.insert(task.number)
        }
        teams.append(team)
        openByTeam.append(open)
        loadedTeams.insert(team)
    }

    /// The open tasks of a loaded `team`, oldest first.
    func openTasks(team: String) -> [TeamTask] {
        precondition(isLoaded(team: team), "team \(team)'s queue was never read")
        return openByTeam[teamIndex(team)!].numbers.map { tasks[$0]! }
    }

    /// Forgets the closed tasks: after a commit, the database answers for them.
    mutating func dropClosed() {
        for number in closed where tasks.read(number, { $0.status.isOpen }) == false {
            tasks.remove(number)
        }
        closed.removeAll(keepingCapacity: true)
    }

    /// Forgets everything: another connection may have changed any row.
    mutating func removeAll() {
        tasks = NumberTable()
        teams.removeAll(keepingCapacity: true)
        openByTeam.removeAll(keepingCapacity: true)
        loadedTeams.removeAll(keepingCapacity: true)
        closed.removeAll(keepingCapacity: true)
    }
}

/// Task numbers in increasing order: a team's open tasks. A new task has the highest
/// number yet, so it is appended; a closed one is found by bisection. Kept in order, a
/// team's queue is read without sorting it (a `Set` sorted at every read, and hashed at
/// every offer and close, was a twentieth of a scripted run's caller thread).
private struct SortedNumbers {
    private(set) var numbers: [Int] = []

    mutating func insert(_ number: Int) {
        guard let last = numbers.last, number <= last else { return numbers.append(number) }
        let index = position(of: number)
        if index == numbers.count || numbers[index] != number {
            numbers.insert(number, at: index)
        }
    }

    mutating func remove(_ number: Int) {
        let index = position(of: number)
        if index < numbers.count, numbers[index] == number { numbers.remove(at: index) }
    }

    /// The index of the first number not below `number`.
    private func position(of number: Int) -> Int {
        var low = 0
        var high = numbers.count
        while low < high {
            let middle = (low + high) / 2
            if numbers[middle] < number { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
