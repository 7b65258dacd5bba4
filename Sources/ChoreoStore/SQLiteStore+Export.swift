import ChoreoEngine
import GRDB

/// Writing a finished in-memory run into the database in one transaction: how
/// `choreo simulate --db` persists a simulation (the simulator keeps its fast in-memory
/// store; the database receives the end state, history included).
extension SQLiteStore {
    /// Saves every instance, task and pending timer of `store`, and its counters.
    ///
    /// Refused when the database already holds instances (their ids would collide).
    public func save(_ store: InMemoryStore) throws(SQLiteStoreError) {
        try requireEmpty()
        beginCommand()
        for instance in store.allInstances {
            register(instance.program)
            insert(instance)
        }
        let lastTask = store.counters.lastTask
        for number in 0..<lastTask {
            if let task = store.task(number + 1) { insert(task) }
        }
        for timer in store.pendingTimers { insert(timer) }
        counters = store.counters
        flush()
    }

    /// Refused when the database already holds instances: a run written into it would
    /// collide with their ids.
    public func requireEmpty() throws(SQLiteStoreError) {
        let existing = read("count the instances") { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM workflow_instances") ?? 0
        }
        guard existing == 0 else {
            throw .database(
                path: path,
                detail: "already holds \(existing) instance(s); write the run to a new file")
        }
    }
}
