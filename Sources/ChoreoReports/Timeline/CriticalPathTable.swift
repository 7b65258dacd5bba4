/// The critical path of a run as a table for a terminal: each step's share of the time by
/// cause, and its slack-free place in the chain.
public enum CriticalPathTable {
    public static func render(_ steps: [CriticalStep], instance: InstanceState) -> String {
        let width = max(24, (steps.map(\.id.count).max() ?? 0) + 2)
        func cell(_ value: Microseconds) -> String {
            value <= 0 ? "–" : EstimateReport.span(Durations.seconds(value))
        }
        func pad(_ text: String, _ size: Int, right: Bool = true) -> String {
            EstimateReport.pad(text, size, right: right)  // Numbers align right here.
        }
        let columns = [
            "starts", "retries", "agent wait", "claim", "work", "decision", "paused", "total",
        ]
        var lines = [
            "Critical path of \(instance.id) (\(instance.status.rawValue) after "
                + "\(EstimateReport.span(Durations.seconds((instance.endedAt ?? instance.startedAt) - instance.startedAt))))",
            pad("step", width, right: false) + pad("team", 24, right: false)
                + columns.map { pad($0, 11) }.joined(),
        ]
        for step in steps {
            let values = [
                step.started - instance.startedAt, step.earlierAttempts, step.agentWait,
                step.claimDelay, step.work, step.decisionWait, step.paused, step.total,
            ]
            let starts = EstimateReport.span(Durations.seconds(values[0]))
            lines.append(
                pad(step.id, width, right: false) + pad(step.team ?? "", 24, right: false)
                    + pad(starts, 11) + values.dropFirst().map { pad(cell($0), 11) }.joined())
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
