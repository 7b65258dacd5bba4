import Benchmark
import ChoreoSim

/// Push+pop pairs on the simulator's event queue with 1,000 and 100,000 events pending:
/// each pop takes the earliest event and pushes one a pseudo-random delay later, the way
/// a simulation reschedules, so the queue stays at its size.
let benchmarks: @Sendable () -> Void = {
    for pending in [1_000, 100_000] {
        Benchmark(
            "EventQueue push+pop, \(pending) pending",
            configuration: .init(
                metrics: [.throughput, .wallClock, .mallocCountTotal],
                scalingFactor: .mega, maxDuration: .seconds(3), maxIterations: 20,
                thresholds: [
                    .throughput: .init(relative: [.p50: 15]),
                    .mallocCountTotal: .init(absolute: [.p90: 0]),
                ])
        ) { benchmark in
            var queue = EventQueue<Int32>(reservingCapacity: pending + 1)
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            func nextDelay() -> Int64 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int64(state >> 44)  // up to about 1 s of microseconds
            }
            for index in 0..<pending {
                queue.push(at: nextDelay(), Int32(truncatingIfNeeded: index))
            }
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                let event = queue.pop()!
                queue.push(at: event.time + nextDelay(), event.payload)
            }
            benchmark.stopMeasurement()
            blackHole(queue.count)
        }
    }
}
