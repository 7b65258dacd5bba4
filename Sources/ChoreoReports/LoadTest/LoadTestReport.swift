/// What `choreo loadtest` prints: JSON for programs (`--json`) and text for people.
public struct LoadTestReport: Sendable {
    /// The load test.
    public var result: LoadTestResult

    /// Percentiles the report gives, in order.
    public static let percentiles: [Double] = [50, 90, 95, 99, 99.9]

    /// A report of `result`.
    public init(_ result: LoadTestResult) {
        self.result = result
    }

    /// The `choreo loadtest --json` object; durations in seconds.
    public var value: Value {
        var completion: [String: Value] = [
            "count": .number(Double(result.finished)),
            "mean": .number(result.meanCompletionSeconds),
            "min": .number(seconds(result.finished > 0 ? result.completion.min : 0)),
            "max": .number(seconds(result.finished > 0 ? result.completion.max : 0)),
        ]
        for p in LoadTestReport.percentiles {
            completion[LoadTestReport.label(p)] = .number(result.completionSeconds(atPercentile: p))
        }
        var statuses: [String: Value] = [:]
        for (status, count) in result.statuses {
            statuses[status.rawValue] = .number(Double(count))
        }
        return [
            "scenario": .string(result.scenario), "workflow": .string(result.workflow),
            "seed": .number(Double(result.seed)),
            "instances": .number(Double(result.instances)),
            "finished": .number(Double(result.finished)),
            "status": .object(statuses), "completion": .object(completion),
            "deadline": [
                "timeout": result.timeout.map { .number(Durations.seconds($0)) } ?? .null,
                "share_over": .number(result.shareOverTimeout),
            ],
            "teams": .list(result.teams.map(LoadTestReport.value)),
            "tasks": .number(Double(result.tasksExecuted)),
            "simulated_seconds": .number(Durations.seconds(result.simulatedTime)),
            "events": .number(Double(result.events)),
            "wall_seconds": .number(result.wallSeconds),
            "events_per_second": .number(result.eventsPerSecond.rounded()),
            "tasks_per_second": .number(result.tasksPerSecond.rounded()),
            "peak_memory_bytes": result.peakMemoryBytes.map { .number(Double($0)) } ?? .null,
        ]
    }

    static func value(_ team: TeamLoad) -> Value {
        [
            "team": .string(team.team), "agents": .number(Double(team.agents)),
            "utilization": .number(team.utilization), "tasks": .number(Double(team.tasksTaken)),
            "mean_wait": .number(team.meanWaitSeconds), "p99_wait": .number(team.p99WaitSeconds),
            "longest_queue": .number(Double(team.longestQueue)),
        ]
    }

    /// The report for a terminal.
    public var text: String {
        var lines = [
            "Load test of \(result.scenario) (\(result.workflow)): \(result.instances) instances, "
                + "seed \(result.seed), \(EstimateReport.span(Durations.seconds(result.simulatedTime)))"
                + " simulated",
            "",
            "Instances: "
                + result.statuses.map { "\($0.status.rawValue) \($0.count)" }.joined(
                    separator: ", "),
            "Completion time (\(result.finished) finished)",
            "  mean \(EstimateReport.span(result.meanCompletionSeconds))   "
                + LoadTestReport.percentiles.map {
                    "\(LoadTestReport.label($0)) \(EstimateReport.span(result.completionSeconds(atPercentile: $0)))"
                }.joined(separator: "   ")
                + "   max \(EstimateReport.span(seconds(result.finished > 0 ? result.completion.max : 0)))",
        ]
        if let timeout = result.timeout {
            lines.append(
                "  over the \(EstimateReport.span(Durations.seconds(timeout))) timeout: "
                    + "\(result.overTimeout) (\(EstimateReport.percent(result.shareOverTimeout)))")
        }
        lines += ["", "Teams"] + teamLines() + [""] + schedulerLines()
        return lines.joined(separator: "\n") + "\n"
    }

    private func teamLines() -> [String] {
        var lines = [
            "  " + EstimateReport.pad("team", 24) + EstimateReport.pad("agents", 7, right: true)
                + EstimateReport.pad("busy", 8, right: true)
                + EstimateReport.pad("tasks", 10, right: true)
                + EstimateReport.pad("mean wait", 11, right: true)
                + EstimateReport.pad("p99 wait", 10, right: true)
                + EstimateReport.pad("longest queue", 15, right: true)
        ]
        for team in result.teams {
            lines.append(
                "  " + EstimateReport.pad(team.team, 24)
                    + EstimateReport.pad("\(team.agents)", 7, right: true)
                    + EstimateReport.pad(EstimateReport.percent(team.utilization), 8, right: true)
                    + EstimateReport.pad("\(team.tasksTaken)", 10, right: true)
                    + EstimateReport.pad(EstimateReport.span(team.meanWaitSeconds), 11, right: true)
                    + EstimateReport.pad(EstimateReport.span(team.p99WaitSeconds), 10, right: true)
                    + EstimateReport.pad("\(team.longestQueue)", 15, right: true))
        }
        return lines
    }

    private func schedulerLines() -> [String] {
        var lines = [
            "Scheduler",
            "  tasks executed   \(result.tasksExecuted)",
            "  events           \(result.events)",
            "  wall time        \(EstimateReport.fixed(result.wallSeconds, 3)) s",
            "  events/s         \(Int(result.eventsPerSecond.rounded()))",
            "  tasks/s          \(Int(result.tasksPerSecond.rounded()))",
        ]
        if let bytes = result.peakMemoryBytes {
            lines.append(
                "  peak memory      \(EstimateReport.fixed(Double(bytes) / 1_048_576, 1)) MiB")
        }
        return lines
    }

    private func seconds(_ microseconds: UInt64) -> Double {
        Durations.seconds(Microseconds(microseconds))
    }

    /// `p50`, `p99`, `p99.9`.
    static func label(_ percentile: Double) -> String {
        "p" + Value.format(number: percentile)
    }
}
