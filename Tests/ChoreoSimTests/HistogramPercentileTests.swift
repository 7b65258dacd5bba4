import Histogram
import Testing

@testable import ChoreoSim

/// A duration histogram and its power-of-two counts, with `count` values spread over many
/// magnitudes from a fixed stream, and `zeros` zeros.
private func spread(count: Int, zeros: UInt64, seed: UInt64) -> (
    Histogram<UInt64>, PowerOfTwoCounts
) {
    var histogram = LoadTest.durationHistogram()
    var counts = PowerOfTwoCounts(lowestDiscernibleValue: histogram.lowestDiscernibleValue)
    var state = seed
    for _ in 0..<count {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let magnitude = (state >> 58) % 45
        let value = (state >> 16) % (1 << magnitude) + 1
        histogram.record(value)
        counts.record(value)
    }
    if zeros > 0 {
        histogram.record(0, count: zeros)
        counts.record(0, count: zeros)
    }
    return (histogram, counts)
}

private let percentiles: [Double] = [
    0, 1e-9, 0.1, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 99.999, 100, 150,
]

@Test(arguments: [0, 1, 2, 7, 100, 5_000], [0, 1, 1_000] as [UInt64])
func percentilesFromPowerOfTwoCountsMatchTheHistograms(count: Int, zeros: UInt64) {
    let (histogram, counts) = spread(count: count, zeros: zeros, seed: UInt64(count) + zeros)
    for percentile in percentiles {
        #expect(
            histogram.value(atPercentile: percentile, counts: counts)
                == histogram.valueAtPercentile(percentile), "at \(percentile)")
    }
}

@Test func powerOfTwoSlotsStartAndEndOnTheHistogramsBucketEdges() {
    let histogram = LoadTest.durationHistogram()
    let counts = PowerOfTwoCounts(lowestDiscernibleValue: histogram.lowestDiscernibleValue)
    #expect(counts.unitMagnitude == 9)
    #expect(counts.counts.count == 56)
    for slot in counts.counts.indices.dropLast() {
        let (start, end) = counts.range(ofSlot: slot)
        #expect(histogram.lowestEquivalentForValue(start) == start)
        #expect(histogram.lowestEquivalentForValue(end!) == end!)
    }
    #expect(counts.range(ofSlot: counts.counts.count - 1).end == nil)
}

@Test func aTeamsP99WaitIsTheHistogramsAfterALoadTest() throws {
    var options = SimulationOptions()
    options.recordsWaitHistograms = true
    let simulation = Simulation(
        scenario: try oneTaskScenario(count: 300, agents: 3, duration: .exponential(mean: 3_600)),
        options: options)
    try simulation.run()
    let team = simulation.teams[0]
    let histogram = try #require(team.waitHistogram)
    #expect(histogram.totalCount == 300)
    for percentile in percentiles {
        #expect(team.wait(atPercentile: percentile) == histogram.valueAtPercentile(percentile))
    }
}
