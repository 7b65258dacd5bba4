/// Per program: the longest history an instance of it ended with (`Engine.historyLengths`).
///
/// The program last asked about is kept apart from the others, so that the instances of one
/// workflow (every load test) are looked up without hashing: two look-ups in a table cost
/// some 20 instructions a task.
struct HistoryLengths {
    /// The program last asked about, and its length.
    private var current: (program: ObjectIdentifier?, length: Int) = (nil, 0)
    /// The lengths of the other programs.
    private var others: [ObjectIdentifier: Int] = [:]

    /// The longest history an instance of `program` ended with; 0 before one ended. Makes
    /// `program` the current one, so that its next look-up hashes nothing.
    mutating func reservation(for program: ObjectIdentifier) -> Int {
        select(program)
        return current.length
    }

    /// An instance of `program` ended with a history of `length` events.
    mutating func ended(_ program: ObjectIdentifier, length: Int) {
        select(program)
        current.length = max(current.length, length)
    }

    /// Makes `program` the current one, putting the previous one with the others (if one
    /// of its instances ended: a program never ended leaves no entry).
    private mutating func select(_ program: ObjectIdentifier) {
        guard current.program != program else { return }
        if let previous = current.program, current.length > 0 {
            others[previous] = current.length
        }
        current = (program, others[program] ?? 0)
    }
}
