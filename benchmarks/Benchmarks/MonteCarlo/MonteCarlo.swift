import Benchmark
import ChoreoSim

/// The shipped typical-week scenario, relative to this file.
let typicalWeek: String = {
    let root = #filePath.components(separatedBy: "/benchmarks/").first!
    return root + "/Scenarios/ai-model-update/typical-week.yaml"
}()

/// 10,000 Monte Carlo replications of typical-week, on 1 and on 2 threads. DESIGN.md's
/// target: under 1 second on 2 cores, scaling with cores.
let benchmarks: @Sendable () -> Void = {
    for jobs in [1, 2] {
        Benchmark(
            "10000 replications of typical-week, \(jobs) thread\(jobs == 1 ? "" : "s")",
            configuration: .init(
                metrics: [.wallClock, .cpuTotal, .peakMemoryResident],
                warmupIterations: 1, maxDuration: .seconds(120), maxIterations: 5,
                thresholds: [.wallClock: .init(relative: [.p50: 20])])
        ) { benchmark in
            let scenario = try ScenarioLoader.load(path: typicalWeek)
            benchmark.startMeasurement()
            let replications = MonteCarlo.run(
                scenario, runs: 10_000, seed: scenario.seed, jobs: jobs)
            benchmark.stopMeasurement()
            blackHole(replications.count)
        }
    }
}
