/// The arrival rate at which a workflow stops meeting its completion-time target: the
/// rate where the p99 completion time crosses the workflow's timeout (or an SLA).
///
/// The search stretches or shrinks the inter-arrival distribution by a factor: first by
/// doubling until one rate meets the target and another misses it, then by bisection
/// (on the logarithm of the factor) between the two. Every probe is a full load test
/// with the same seed, so the answer is reproducible.
public enum CapacitySearch {
    /// The most probes one search runs.
    public static let maximumProbes = 40

    /// Searches with at most `probes` load tests; `sla` defaults to the workflow timeout.
    public static func run(
        _ scenario: Scenario, options: LoadTestOptions, sla: Microseconds?, probes: Int = 16,
        progress: ((CapacityProbe) -> Void)? = nil
    ) throws(SimulationError) -> CapacityResult {
        precondition(probes >= 2 && probes <= maximumProbes, "probes must be 2...\(maximumProbes)")
        guard let target = sla ?? scenario.workflow.timeout else {
            throw SimulationError(
                "\(scenario.file): --find-capacity needs --sla or a workflow timeout")
        }
        guard let base = options.every ?? scenario.arrivals.every, base.mean > 0 else {
            throw SimulationError(
                "\(scenario.file): --find-capacity needs arrivals spaced in time (--every)")
        }
        var history: [CapacityProbe] = []
        func probe(_ factor: Double) throws(SimulationError) -> CapacityProbe {
            var probeOptions = options
            probeOptions.every = base.scaled(by: factor)
            let result = try LoadTest.run(scenario, options: probeOptions)
            let p99 = result.completionSeconds(atPercentile: 99)
            let measured = CapacityProbe(
                meanInterarrivalSeconds: base.mean * factor, p99Seconds: p99,
                meetsTarget: result.finished == result.instances
                    && p99 <= Durations.seconds(target),
                result: result)
            history.append(measured)
            progress?(measured)
            return measured
        }
        // `good` meets the target (spaced further apart), `bad` misses it.
        var good: CapacityProbe?
        var bad: CapacityProbe?
        var factor = 1.0
        while history.count < probes, good == nil || bad == nil {
            let measured = try probe(factor)
            if measured.meetsTarget { good = measured } else { bad = measured }
            factor = measured.meetsTarget ? factor / 2 : factor * 2
            if good != nil, bad != nil { break }
        }
        while history.count < probes, let low = good, let high = bad {
            let middle = (low.meanInterarrivalSeconds * high.meanInterarrivalSeconds).squareRoot()
            let measured = try probe(middle / base.mean)
            if measured.meetsTarget { good = measured } else { bad = measured }
        }
        return CapacityResult(targetSeconds: Durations.seconds(target), best: good, probes: history)
    }
}

/// One load test of a capacity search.
public struct CapacityProbe: Sendable {
    /// Mean time between arrivals, in seconds.
    public var meanInterarrivalSeconds: Double
    /// The p99 completion time, in seconds.
    public var p99Seconds: Double
    /// Whether every instance finished and the p99 met the target.
    public var meetsTarget: Bool
    /// The load test itself.
    public var result: LoadTestResult

    /// Arrivals per hour.
    public var ratePerHour: Double {
        meanInterarrivalSeconds > 0 ? 3_600 / meanInterarrivalSeconds : 0
    }
}

/// The outcome of a capacity search.
public struct CapacityResult: Sendable {
    /// The p99 completion-time target, in seconds.
    public var targetSeconds: Double
    /// The highest rate probed that met the target (`nil` when none did).
    public var best: CapacityProbe?
    /// Every probe, in the order run.
    public var probes: [CapacityProbe]

    /// The busiest team at the best rate (or at the last probe when none met the target).
    public var bottleneck: TeamLoad? { (best ?? probes.last)?.result.bottleneck }
}
