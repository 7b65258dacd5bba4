import Benchmark
import ChoreoSim

/// The load scenario shipped with the seed workflow, relative to this file.
let loadScenario: String = {
    let root = #filePath.components(separatedBy: "/benchmarks/").first!
    return root + "/Scenarios/ai-model-update/load.yaml"
}()

/// The seed workflow under load and the memory an instance in flight takes.
let benchmarks: @Sendable () -> Void = {
    // 100,000 instances at the scenario's stable rate (Poisson, one every 10 minutes).
    Benchmark(
        "Seed workflow under load, 100000 instances",
        configuration: .init(
            metrics: [
                .wallClock, .peakMemoryResident,
                .custom("tasks per second", polarity: .prefersLarger, useScalingFactor: false),
                .custom("events per second", polarity: .prefersLarger, useScalingFactor: false),
            ],
            warmupIterations: 0, maxDuration: .seconds(600), maxIterations: 3,
            thresholds: [
                .custom("tasks per second", polarity: .prefersLarger, useScalingFactor: false):
                    .init(relative: [.p50: 20])
            ])
    ) { benchmark in
        let scenario = try ScenarioLoader.load(path: loadScenario)
        benchmark.startMeasurement()
        let result = try LoadTest.run(scenario, options: LoadTestOptions(instances: 100_000))
        benchmark.stopMeasurement()
        benchmark.measurement(
            .custom("tasks per second", polarity: .prefersLarger, useScalingFactor: false),
            Int(result.tasksPerSecond))
        benchmark.measurement(
            .custom("events per second", polarity: .prefersLarger, useScalingFactor: false),
            Int(result.eventsPerSecond))
    }

    // 100,000 instances started at once and stopped one simulated second later, when all
    // of them are in flight: resident memory grown, per instance. One iteration: the
    // allocator keeps the first iteration's freed pages resident, so a second one grew by
    // next to nothing (5 and 734 bytes an instance against 6,949 for the first), and the
    // p50 of three measured the reuse, not the instances.
    Benchmark(
        "Memory per instance in flight, 100000 instances",
        configuration: .init(
            metrics: [
                .peakMemoryResident,
                .custom("bytes per instance", polarity: .prefersSmaller, useScalingFactor: false),
            ],
            warmupIterations: 0, maxDuration: .seconds(300), maxIterations: 1,
            thresholds: [
                .custom("bytes per instance", polarity: .prefersSmaller, useScalingFactor: false):
                    .init(relative: [.p50: 20], absolute: [.p50: 10_737])  // 1 GiB / 100,000
            ])
    ) { benchmark in
        let scenario = try ScenarioLoader.load(path: loadScenario)
        let instances = 100_000
        let before = PeakMemory.currentResidentBytes() ?? 0
        benchmark.startMeasurement()
        let result = try LoadTest.run(
            scenario,
            options: LoadTestOptions(instances: instances, every: .constant(0), until: 1_000_000))
        benchmark.stopMeasurement()
        let after = result.residentBytesAtEnd ?? 0
        precondition(result.instances == instances && result.finished == 0)
        benchmark.measurement(
            .custom("bytes per instance", polarity: .prefersSmaller, useScalingFactor: false),
            max(0, after - before) / instances)
    }
}
