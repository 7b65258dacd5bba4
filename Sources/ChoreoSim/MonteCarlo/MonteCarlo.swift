import Dispatch
import Foundation

/// Monte Carlo over a scenario: independent replications, each a fresh engine and world
/// with streams derived from `(seed, replication)`, run on `jobs` threads and returned in
/// replication order, so the result is the same for any number of threads.
///
/// ```swift
/// let replications = MonteCarlo.run(scenario, runs: 10_000, seed: 42, jobs: 2)
/// ```
public enum MonteCarlo {
    /// The most replications one estimate runs.
    public static let maximumRuns = 10_000_000

    /// Runs `runs` replications; `progress` is called (from any thread) with runs done.
    public static func run(
        _ scenario: Scenario, runs: Int, seed: UInt64, jobs: Int,
        progress: (@Sendable (Int) -> Void)? = nil
    ) -> [Replication] {
        precondition(runs >= 0 && runs <= maximumRuns, "runs must be 0...\(maximumRuns)")
        let results = ResultSlots(count: runs)
        let workers = max(1, min(jobs, runs))
        let counter = Counter()
        let blueprint = SimulationBlueprint(scenario)
        // One thread per worker: Dispatch's pool sizes itself by load and may run the
        // workers one after another on a busy machine.
        let finished = DispatchSemaphore(value: 0)
        for worker in 0..<workers {
            let thread = Thread {
                var number = worker
                while number < runs {
                    results.store(
                        Simulation.replicate(blueprint, seed: seed, number: number), at: number)
                    progress?(counter.increment())
                    number += workers
                }
                finished.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        for _ in 0..<workers { finished.wait() }
        return results.values
    }
}

/// One slot per replication, each written by exactly one worker.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [Replication?]
    private let lock = Lock()

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func store(_ replication: Replication, at index: Int) {
        lock.withLock { slots[index] = replication }
    }

    var values: [Replication] { slots.map { $0! } }
}

/// Counts finished replications across workers.
private final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = Lock()

    func increment() -> Int {
        lock.withLock {
            value += 1
            return value
        }
    }
}

/// A mutual-exclusion lock, taken once per replication (never inside a simulation).
private final class Lock: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 1)

    func withLock<T>(_ body: () -> T) -> T {
        semaphore.wait()
        defer { semaphore.signal() }
        return body()
    }
}
