/// The estimate as JSON (`--json`) and as text for people.
extension EstimateReport {
    /// Percentiles the report gives, in order.
    public static let percentiles: [Double] = [50, 80, 90, 95, 99]

    /// The `choreo estimate --json` object. Durations in seconds; no wall-clock fields.
    public var value: Value {
        var completionObject: [String: Value] = [
            "mean": .number(completion.mean), "stddev": .number(completion.standardDeviation),
            "min": .number(completion.minimum), "max": .number(completion.maximum),
            "count": .number(Double(completion.count)),
        ]
        for p in EstimateReport.percentiles {
            completionObject["p\(Int(p))"] = .number(completion.percentile(p))
        }
        var statusObject: [String: Value] = [:]
        for (status, count) in statuses { statusObject[status] = .number(Double(count)) }
        let histogram: [Value] = completion.histogram(bins: 20).map {
            [
                "from": .number($0.lower), "to": .number($0.upper),
                "count": .number(Double($0.count)),
            ]
        }
        return [
            "scenario": .string(scenario), "workflow": .string(workflow),
            "runs": .number(Double(runs)), "seed": .number(Double(seed)),
            "completion": .object(completionObject), "histogram": .list(histogram),
            "status": .object(statusObject),
            "deadline": [
                "timeout": timeout.map { .number(Durations.seconds($0)) } ?? .null,
                "probability_met": probabilityMet.map(Value.number) ?? .null,
            ],
            "steps": .list(
                steps.map {
                    [
                        "id": .string($0.id), "kind": .string($0.kind),
                        "runs": .number(Double($0.ran)),
                        "mean": .number($0.mean), "criticality": .number($0.criticality),
                        "correlation": .number($0.correlation),
                    ]
                }),
            "teams": .list(
                teams.map {
                    [
                        "team": .string($0.team), "agents": .number(Double($0.agents)),
                        "utilization": .number($0.utilization), "mean_wait": .number($0.meanWait),
                        "longest_queue": .number(Double($0.longestQueue)),
                    ]
                }),
            "failed_runs": .number(Double(failedRuns)),
        ]
    }

    /// The report for a terminal.
    public var text: String {
        var lines = ["Estimate of \(scenario) (\(workflow)): \(runs) runs, seed \(seed)", ""]
        lines.append("Completion time")
        lines.append(
            "  mean \(EstimateReport.span(completion.mean))   sd \(EstimateReport.span(completion.standardDeviation))"
                + "   min \(EstimateReport.span(completion.minimum))   max \(EstimateReport.span(completion.maximum))"
        )
        lines.append(
            "  "
                + EstimateReport.percentiles.map {
                    "p\(Int($0)) \(EstimateReport.span(completion.percentile($0)))"
                }
                .joined(separator: "   "))
        if let timeout, let probabilityMet {
            lines.append(
                "  within the \(Durations.format(timeout)) timeout: \(EstimateReport.percent(probabilityMet))"
            )
        }
        lines.append("")
        lines.append(contentsOf: histogramLines())
        lines.append("")
        lines.append("Final status")
        let total = max(1, completion.count)
        for (status, count) in statuses {
            lines.append(
                "  \(EstimateReport.pad(status, 12)) \(EstimateReport.pad(String(count), 8, right: true))"
                    + "  \(EstimateReport.percent(Double(count) / Double(total)))")
        }
        lines.append("")
        lines.append(contentsOf: stepLines())
        lines.append("")
        lines.append("Teams                          agents  utilization  mean wait  longest queue")
        for team in teams {
            lines.append(
                "  \(EstimateReport.pad(team.team, 29))\(EstimateReport.pad(String(team.agents), 6, right: true))"
                    + "  \(EstimateReport.pad(EstimateReport.percent(team.utilization), 11, right: true))"
                    + "  \(EstimateReport.pad(EstimateReport.span(team.meanWait), 9, right: true))"
                    + "  \(EstimateReport.pad(String(team.longestQueue), 13, right: true))")
        }
        if failedRuns > 0 {
            lines.append("")
            lines.append("\(failedRuns) runs went out of bounds; the first: \(firstFailure ?? "")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func histogramLines() -> [String] {
        let bins = completion.histogram(bins: 12)
        let largest = max(1, bins.map(\.count).max() ?? 1)
        return bins.map { bin in
            let bar = String(
                repeating: "█", count: Int((Double(bin.count) / Double(largest) * 40).rounded()))
            return "  \(EstimateReport.pad(EstimateReport.span(bin.lower), 9, right: true)) "
                + "– \(EstimateReport.pad(EstimateReport.span(bin.upper), 9))"
                + " \(EstimateReport.pad(String(bin.count), 7, right: true)) \(bar)"
        }
    }

    private func stepLines() -> [String] {
        let width = max(27, (steps.map(\.id.count).max() ?? 0) + 2)
        var lines = [
            EstimateReport.pad("Steps (by criticality)", width + 2)
                + "   ran  mean      criticality  correlation"
        ]
        let ranked = steps.filter { $0.ran > 0 }.sorted {
            ($0.criticality, abs($0.correlation)) > ($1.criticality, abs($1.correlation))
        }
        for step in ranked {
            lines.append(
                "  \(EstimateReport.pad(step.id, width))\(EstimateReport.pad(String(step.ran), 6, right: true))"
                    + "  \(EstimateReport.pad(EstimateReport.span(step.mean), 8))"
                    + " \(EstimateReport.pad(EstimateReport.percent(step.criticality), 11, right: true))"
                    + "  \(EstimateReport.pad(EstimateReport.fixed(step.correlation, 2), 11, right: true))"
            )
        }
        return lines
    }

    /// Seconds as `1d2h`, `3h20m`, `45m`, `30s`: two units at most.
    public static func span(_ seconds: Double) -> String {
        let total = Int64(seconds.rounded())
        if total <= 0 { return "0s" }
        let units: [(String, Int64)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
        let first = units.firstIndex { total >= $0.1 }!
        let (unit, size) = units[first]
        var text = "\(total / size)\(unit)"
        if first + 1 < units.count, total % size >= units[first + 1].1 {
            text += "\(total % size / units[first + 1].1)\(units[first + 1].0)"
        }
        return text
    }

    static func percent(_ share: Double) -> String { fixed(share * 100, 1) + "%" }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = Value.format(number: rounded)
        if digits > 0 && !text.contains(".") { text += "." + String(repeating: "0", count: digits) }
        while let dot = text.firstIndex(of: "."),
            text.distance(from: dot, to: text.endIndex) - 1 < digits
        {
            text += "0"
        }
        return text
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }
}
