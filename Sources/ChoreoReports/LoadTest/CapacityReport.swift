/// What `choreo loadtest --find-capacity` prints.
public struct CapacityReport: Sendable {
    /// The search.
    public var result: CapacityResult

    /// A report of `result`.
    public init(_ result: CapacityResult) {
        self.result = result
    }

    /// The search as JSON: the best rate, its bottleneck, and every probe.
    public var value: Value {
        let bottleneck = result.bottleneck
        return [
            "sla": .number(result.targetSeconds),
            "capacity": result.best.map(CapacityReport.value) ?? .null,
            "bottleneck": bottleneck.map(LoadTestReport.value) ?? .null,
            "probes": .list(result.probes.map(CapacityReport.value)),
        ]
    }

    static func value(_ probe: CapacityProbe) -> Value {
        [
            "mean_interarrival": .number(probe.meanInterarrivalSeconds),
            "rate_per_hour": .number(probe.ratePerHour), "p99": .number(probe.p99Seconds),
            "meets_target": .bool(probe.meetsTarget),
            "instances": .number(Double(probe.result.instances)),
            "wall_seconds": .number(probe.result.wallSeconds),
        ]
    }

    /// The report for a terminal.
    public var text: String {
        var lines = [
            "Capacity search: p99 completion within \(EstimateReport.span(result.targetSeconds))",
            "",
        ]
        for probe in result.probes {
            lines.append(
                "  every \(EstimateReport.pad(EstimateReport.span(probe.meanInterarrivalSeconds), 8)) "
                    + "(\(EstimateReport.fixed(probe.ratePerHour, 2))/h)  "
                    + "p99 \(EstimateReport.pad(EstimateReport.span(probe.p99Seconds), 8)) "
                    + (probe.meetsTarget ? "meets" : "misses"))
        }
        lines.append("")
        if let best = result.best {
            lines.append(
                "Capacity: about \(EstimateReport.fixed(best.ratePerHour, 2)) instances per hour "
                    + "(one every \(EstimateReport.span(best.meanInterarrivalSeconds))), "
                    + "p99 \(EstimateReport.span(best.p99Seconds))")
        } else {
            lines.append("No rate probed met the target.")
        }
        if let team = result.bottleneck {
            lines.append(
                "Bottleneck: \(team.team) (\(team.agents) agents, "
                    + "\(EstimateReport.percent(team.utilization)) busy)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
