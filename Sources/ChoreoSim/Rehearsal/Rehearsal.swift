/// Rehearsals: run a scenario and check its `expect:` on the finished run.
///
/// One run uses the scenario's seed (or the one given); `runs` runs use the seeds
/// `seed`, `seed + 1`, …, `seed + runs - 1` (replication 0 each), so that every run,
/// failing or not, replays with `choreo simulate FILE --seed N`. Runs go one after the
/// other: the same seed and count always give the same shares.
///
/// ```swift
/// let scenario = try ScenarioLoader.load(path: "Scenarios/ai-model-update/rehearsals/cfo-rejects.yaml")
/// let result = Rehearsal.check(scenario)
/// for outcome in result.outcomes { print(outcome.held ? "✓" : "✗", outcome.summary) }
/// ```
public enum Rehearsal {
    /// The most runs one call of `run(_:seed:runs:)` makes.
    public static let maximumRuns = 100_000

    /// Runs `scenario` once with `seed` (default: the scenario's) and checks every
    /// expectation on every instance the run started.
    public static func check(_ scenario: Scenario, seed: UInt64? = nil) -> RehearsalResult {
        let seed = seed ?? scenario.seed
        let simulation = Simulation(scenario: scenario, seed: seed)
        do {
            try simulation.run()
        } catch {
            return RehearsalResult(
                scenario: scenario, seed: seed, outcomes: [], instances: [], error: error.message)
        }
        let instances = simulation.store.allInstances
        let outcomes = scenario.expectations.map { expectation in
            check(expectation, on: instances)
        }
        return RehearsalResult(
            scenario: scenario, seed: seed, outcomes: outcomes, instances: instances, error: nil)
    }

    /// Runs `scenario` `runs` times, with the seeds `seed`, `seed + 1`, …, and counts for
    /// each expectation the runs in which it held.
    public static func run(_ scenario: Scenario, seed: UInt64? = nil, runs: Int) -> RehearsalSummary
    {
        precondition(
            (1...maximumRuns).contains(runs),
            "a rehearsal makes 1 to \(maximumRuns) runs, not \(runs)")
        let first = seed ?? scenario.seed
        var summary = RehearsalSummary(
            scenario: scenario, firstSeed: first, runs: runs,
            tallies: scenario.expectations.map { ExpectationTally(expectation: $0) })
        for offset in 0..<runs {
            let result = check(scenario, seed: first &+ UInt64(offset))
            if let error = result.error {
                summary.failedRuns += 1
                if summary.firstError == nil { summary.firstError = (result.seed, error) }
            }
            for index in summary.tallies.indices {
                guard result.error == nil else {
                    summary.tallies[index].missed(seed: result.seed, actual: "the run failed")
                    continue
                }
                let outcome = result.outcomes[index]
                if outcome.held {
                    summary.tallies[index].held += 1
                } else {
                    summary.tallies[index].missed(seed: result.seed, actual: outcome.actual)
                }
            }
        }
        return summary
    }

    /// Checks `expectation` on each instance; it holds when it holds on all of them, and
    /// what happened is told from the first where it does not.
    static func check(_ expectation: Expectation, on instances: [InstanceState])
        -> ExpectationOutcome
    {
        guard !instances.isEmpty else {
            return ExpectationOutcome(
                expectation: expectation, held: false, actual: "no instance ran")
        }
        var first: (held: Bool, actual: String)?
        for instance in instances {
            let verdict = ExpectationCheck.verdict(expectation.kind, on: instance)
            if first == nil { first = verdict }
            if !verdict.held {
                let actual =
                    instances.count > 1 ? "\(instance.id): \(verdict.actual)" : verdict.actual
                return ExpectationOutcome(expectation: expectation, held: false, actual: actual)
            }
        }
        return ExpectationOutcome(expectation: expectation, held: true, actual: first!.actual)
    }
}

/// One expectation checked on one run.
public struct ExpectationOutcome: Sendable, Hashable {
    /// The expectation checked.
    public var expectation: Expectation
    /// Whether it held (on every instance of the run).
    public var held: Bool
    /// What happened, in words: `got completed`, `took 8h45m`, `never ran`.
    public var actual: String

    /// The expectation and what happened: `expected status rolled_back, got completed`
    /// when it did not hold; `completion at most 9h (took 8h31m)` when it did (without
    /// the parenthesis where it would only repeat the expectation).
    public var summary: String {
        let expected = expectation.kind.description
        guard held else { return "expected \(expected), \(actual)" }
        if actual.hasPrefix("got "), expected.hasSuffix(" " + actual.dropFirst(4)) {
            return expected
        }
        return "\(expected) (\(actual))"
    }
}

/// One rehearsal run: each expectation's outcome, and the instances to draw reports from.
public struct RehearsalResult {
    /// The scenario rehearsed.
    public var scenario: Scenario
    /// The seed of the run.
    public var seed: UInt64
    /// One per expectation, in the scenario's order (empty when the run itself failed).
    public var outcomes: [ExpectationOutcome]
    /// The instances of the run, in start order.
    public var instances: [InstanceState]
    /// Why the run did not finish (a simulation bound), if it did not.
    public var error: String?

    /// Whether the run finished and every expectation held.
    public var held: Bool { error == nil && outcomes.allSatisfy(\.held) }

    /// The one command that replays this run.
    public var replayCommand: String { Rehearsal.replayCommand(scenario.file, seed: seed) }
}

/// Many rehearsal runs: for each expectation, the share of runs in which it held.
public struct RehearsalSummary: Sendable {
    /// The scenario rehearsed.
    public var scenario: Scenario
    /// The seed of the first run; run `k` (from 0) used `firstSeed + k`.
    public var firstSeed: UInt64
    /// How many runs were made.
    public var runs: Int
    /// One per expectation, in the scenario's order.
    public var tallies: [ExpectationTally]
    /// Runs that stopped at a simulation bound.
    public var failedRuns = 0
    /// The first such run: its seed and why.
    public var firstError: (seed: UInt64, message: String)?

    /// Whether every expectation held in every run.
    public var held: Bool { failedRuns == 0 && tallies.allSatisfy { $0.held == runs } }
}

/// How often one expectation held over many runs.
public struct ExpectationTally: Sendable, Hashable {
    /// The expectation counted.
    public var expectation: Expectation
    /// Runs in which it held.
    public var held = 0
    /// The first run in which it did not, and what happened there.
    public var firstMissSeed: UInt64?
    public var firstMissActual: String?

    /// The share of `runs` in which the expectation held, from 0 to 1.
    public func share(of runs: Int) -> Double { runs == 0 ? 0 : Double(held) / Double(runs) }

    mutating func missed(seed: UInt64, actual: String) {
        guard firstMissSeed == nil else { return }
        firstMissSeed = seed
        firstMissActual = actual
    }
}

extension Rehearsal {
    /// `choreo simulate FILE --seed N`.
    public static func replayCommand(_ file: String, seed: UInt64) -> String {
        "choreo simulate \(file) --seed \(seed)"
    }
}
