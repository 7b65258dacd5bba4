import Benchmark
import ChoreoSim

/// The engine's round trip with the in-memory store: start a one-task instance (the task
/// is offered), claim it, complete it (the instance finishes and is dropped).
let benchmarks: @Sendable () -> Void = {
    Benchmark(
        "Engine round trip (start, offer, claim, complete), in-memory store",
        configuration: .init(
            metrics: [.throughput, .wallClock, .mallocCountTotal, .peakMemoryResident],
            scalingFactor: .kilo, maxDuration: .seconds(3), maxIterations: 20,
            thresholds: [.throughput: .init(relative: [.p50: 15])])
    ) { benchmark in
        let definition = try WorkflowLoader.load(
            yaml: """
                name: one-task
                steps:
                  - id: work
                    team: workers
                    action: work
                """)
        let clock = ManualClock(now: 1_737_540_000_000_000)
        let engine = Engine(
            clock: clock, store: InMemoryStore(keepsFinished: false), workflows: [definition])
        let inputs: Value = .object([:])
        let output: Value = .object(["result": .string("done")])
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            _ = try engine.start(workflow: "one-task", inputs: inputs)
            var offered = -1
            engine.drainEffects { effect in
                if case .taskOffered(let task, _) = effect { offered = task }
            }
            clock.advance(by: 1_000_000)
            try engine.claim(task: offered, team: "workers", agent: "workers-1")
            try engine.complete(task: offered, output: output)
            engine.drainEffects { _ in }
        }
        benchmark.stopMeasurement()
    }
}
