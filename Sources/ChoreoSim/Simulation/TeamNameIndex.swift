/// Team indices by the storage of the names the engine sends, so that a task's team is
/// found without reading the name's bytes.
///
/// The engine names a task's team with its program's own string (one per site), so each
/// offer of a site sends the same two words: a native string's storage and count, or a
/// small string's bytes. Two strings with the same words are the same text, so a name
/// remembered by its words finds its team in a table hashed by them; a name not seen yet
/// misses and the simulation finds its team by text, then remembers it. Comparing the
/// text against each team's name cost about 90 instructions an offer.
///
/// The table keeps every string it remembers, so that no remembered storage is freed and
/// reused for another text while its words are in the table. It remembers up to
/// `maximumNames` storages (a program has one per site; names read from elsewhere may each
/// have their own); past that, a name not remembered is found by its text every time.
final class TeamNameIndex {
    /// The most names remembered.
    static let maximumNames = 1_024

    /// The two words of each remembered name, where `teams` is not -1.
    private var keys: UnsafeMutablePointer<(UInt64, UInt64)>
    /// Per slot, the team of the name remembered there, or -1 for an empty slot.
    private var teams: UnsafeMutablePointer<Int>
    /// Slots in the table: a power of two, kept at least twice `names.count`.
    private var capacity: Int
    /// Every remembered name, which keeps its storage alive.
    private var names: [String] = []

    init() {
        capacity = 32
        keys = .allocate(capacity: capacity)
        teams = .allocate(capacity: capacity)
        teams.initialize(repeating: -1, count: capacity)
    }

    deinit {
        keys.deallocate()
        teams.deallocate()
    }

    /// The team of a remembered name with exactly `name`'s storage, or nil.
    @inline(__always)
    func team(ofStorage name: String) -> Int? {
        let key = TeamNameIndex.words(of: name)
        var slot = TeamNameIndex.slot(of: key, capacity: capacity)
        while teams[slot] >= 0 {
            if keys[slot] == key { return teams[slot] }
            slot = (slot &+ 1) & (capacity &- 1)
        }
        return nil
    }

    /// Remembers that `name` (not yet remembered by its storage) names team `team`, unless
    /// `maximumNames` are remembered already.
    func remember(_ name: String, as team: Int) {
        precondition(team >= 0, "team index \(team) is negative")
        guard names.count < TeamNameIndex.maximumNames else { return }
        if (names.count + 1) * 2 > capacity { grow() }
        names.append(name)
        insert(TeamNameIndex.words(of: name), team)
    }

    private func insert(_ key: (UInt64, UInt64), _ team: Int) {
        var slot = TeamNameIndex.slot(of: key, capacity: capacity)
        while teams[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
        keys[slot] = key
        teams[slot] = team
    }

    /// Doubles the table, placing every remembered name again.
    private func grow() {
        let (oldKeys, oldTeams, oldCapacity) = (keys, teams, capacity)
        capacity *= 2
        keys = .allocate(capacity: capacity)
        teams = .allocate(capacity: capacity)
        teams.initialize(repeating: -1, count: capacity)
        for slot in 0..<oldCapacity where oldTeams[slot] >= 0 {
            insert(oldKeys[slot], oldTeams[slot])
        }
        oldKeys.deallocate()
        oldTeams.deallocate()
    }

    /// The two words a string is made of.
    @inline(__always)
    private static func words(of name: String) -> (UInt64, UInt64) {
        unsafeBitCast(name, to: (UInt64, UInt64).self)
    }

    /// The first slot to look at for `key`: the top bits of its words multiplied by 2⁶⁴/φ
    /// (Fibonacci hashing), which depend on all of the words' bits.
    @inline(__always)
    private static func slot(of key: (UInt64, UInt64), capacity: Int) -> Int {
        let mixed = (key.0 &+ key.1) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed &>> UInt64(64 &- capacity.trailingZeroBitCount))
    }
}
