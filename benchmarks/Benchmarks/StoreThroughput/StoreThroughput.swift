import Benchmark
import ChoreoSim
import ChoreoStore
import Foundation

// Task state changes per second through SQLiteStore. A task state change is one the engine
// makes: an offer, claim, release, completion, failure, decision or withdrawal
// (`SQLiteStore.taskChanges`), however many rows the store writes for them: a batch writes
// a task changed several times once, in its final state (`SQLiteStore.taskRowsWritten`
// counts those rows). Target (DESIGN.md, issue #7): 200,000 a second batched.

/// The custom metric every benchmark here reports.
let changesPerSecond = BenchmarkMetric.custom(
    "task state changes per second", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    Benchmark(
        "SQLiteStore batched (10,000 commands a transaction), scripted agents, 1000 instances",
        configuration: configuration(maxIterations: 5)
    ) { benchmark in
        let run = try ScriptedRun(mode: .batched(commands: 10_000))
        benchmark.startMeasurement()
        try run.drive(instances: 1_000)
        benchmark.stopMeasurement()
        benchmark.measurement(changesPerSecond, run.changesPerSecond)
    }

    Benchmark(
        "SQLiteStore per command (one transaction each), scripted agents, 100 instances",
        configuration: configuration(maxIterations: 5)
    ) { benchmark in
        let run = try ScriptedRun(mode: .perCommand)
        benchmark.startMeasurement()
        try run.drive(instances: 100)
        benchmark.stopMeasurement()
        benchmark.measurement(changesPerSecond, run.changesPerSecond)
    }

    Benchmark(
        "Load test recorded into SQLite (choreo loadtest --db), 5000 instances",
        configuration: configuration(maxIterations: 3)
    ) { benchmark in
        let scenario = try ScenarioLoader.load(path: scenarioPath("ai-model-update/load.yaml"))
        let database = TemporaryDatabase()
        let store = try SQLiteStore(path: database.path, mode: .batched(commands: 50_000))
        let started = ContinuousClock.now
        benchmark.startMeasurement()
        _ = try LoadTest.run(scenario, options: LoadTestOptions(instances: 5_000), recorder: store)
        store.flush()
        benchmark.stopMeasurement()
        let seconds = (ContinuousClock.now - started).seconds
        benchmark.measurement(changesPerSecond, Int(Double(store.taskChanges) / seconds))
    }
}

/// Wall clock and changes per second; a run slower by more than a fifth fails the check.
func configuration(maxIterations: Int) -> Benchmark.Configuration {
    .init(
        metrics: [.wallClock, .peakMemoryResident, changesPerSecond],
        warmupIterations: 1, maxDuration: .seconds(120), maxIterations: maxIterations,
        thresholds: [changesPerSecond: .init(relative: [.p50: 20])])
}

/// A file under `Scenarios/`, found from this file.
func scenarioPath(_ relative: String) -> String {
    let root = #filePath.components(separatedBy: "/benchmarks/").first!
    return root + "/Scenarios/" + relative
}

/// A database path in the temporary directory, removed with its WAL files at deinit.
final class TemporaryDatabase {
    let path = NSTemporaryDirectory() + "choreo-bench-\(UUID().uuidString).db"

    deinit {
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
