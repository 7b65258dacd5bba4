/// The seed's monitoring view of an instance at a moment: a box with the status, start,
/// progress bar, step tree (✓ ▶ ⏸ ⚠ ✗), durations and teams, alerts and the estimated
/// completion.
public enum Dashboard {
    /// The view of `instance` at `now`; `estimate` is the "Est. Completion" text (say where
    /// it comes from, or that there is none); its further lines are indented under the first.
    /// `stepNotes` adds a note in brackets after a step's team, by step id (`2h left`).
    public static func render(
        _ instance: InstanceState, now: Microseconds, estimate: String,
        stepNotes: [String: String] = [:]
    ) -> String {
        let program = instance.program
        let header = [center(title(program.definition.name)), center("Instance: \(instance.id)")]
        var status = [
            "Status: \(instance.status.rawValue.uppercased())",
            "Started: \(EstimateReport.span(Durations.seconds(now - instance.startedAt))) ago",
            "Progress: \(progressBar(instance))",
        ]
        if let ended = instance.endedAt {
            status[1] +=
                ", ended after \(EstimateReport.span(Durations.seconds(ended - instance.startedAt)))"
        }
        let steps = ["Steps:"] + stepLines(instance, now: now, notes: stepNotes)
        let label = "Est. Completion: "
        let estimateLines = estimate.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated().map { position, line in
                (position == 0 ? label : String(repeating: " ", count: label.count)) + line
            }
        let footer = ["Alerts: " + alertText(instance)] + estimateLines
        return box([header, status, steps, footer])
    }

    private static func title(_ name: String) -> String {
        name.split(separator: "-").map { word in
            word.count <= 2 ? word.uppercased() : word.prefix(1).uppercased() + word.dropFirst()
        }.joined(separator: " ") + " Workflow"
    }

    /// Marks a line to be centred in the box.
    private static func center(_ text: String) -> String { "\u{0}" + text }

    /// Finished task and approval steps among those that will run (skipped ones left out).
    static func progress(_ instance: InstanceState) -> (done: Int, total: Int) {
        var total = 0
        var done = 0
        for index in 0..<instance.program.stepCount {
            let kind = instance.program.kinds[index]
            guard kind == .task || kind == .approval else { continue }
            let status = instance.nodes[index].status
            if status == .skipped { continue }
            total += 1
            if status.isFinal { done += 1 }
        }
        return (done, total)
    }

    private static func progressBar(_ instance: InstanceState) -> String {
        let (done, total) = progress(instance)
        let share = total == 0 ? 1 : Double(done) / Double(total)
        let filled = Int((share * 20).rounded())
        return String(repeating: "█", count: filled) + String(repeating: "░", count: 20 - filled)
            + " \(Int((share * 100).rounded()))%"
    }

    private static func alertText(_ instance: InstanceState) -> String {
        let found = alerts(instance)
        return found.isEmpty ? "None" : found.joined(separator: "; ")
    }

    /// Failed steps, escalations and timed-out approvals, in the order they happened.
    static func alerts(_ instance: InstanceState) -> [String] {
        var alerts: [String] = []
        for event in instance.history {
            switch event.kind {
            case .stepFailed(let step, let errorType, _, _):
                alerts.append("\(instance.program.name(of: step)) \(errorType)")
            case .escalated(let step, _, let team, _):
                alerts.append("\(instance.program.name(of: step)) escalated to \(team)")
            case .approvalTimedOut(let step, _):
                alerts.append("\(instance.program.name(of: step)) timed out")
            default:
                break
            }
        }
        return alerts
    }

    /// Draws `sections` in a box as wide as its longest line (at least 61).
    static func box(_ sections: [[String]]) -> String {
        let lines = sections.flatMap { $0 }
        let width = max(
            61, lines.map { $0.replacingOccurrences(of: "\u{0}", with: "").count + 2 }.max() ?? 0)
        var out = ["┌" + String(repeating: "─", count: width) + "┐"]
        for (position, section) in sections.enumerated() {
            if position > 0 { out.append("├" + String(repeating: "─", count: width) + "┤") }
            for line in section {
                if line.hasPrefix("\u{0}") {
                    let text = String(line.dropFirst())
                    let left = (width - text.count) / 2
                    out.append(
                        "│" + String(repeating: " ", count: left) + text
                            + String(repeating: " ", count: width - left - text.count) + "│")
                } else {
                    out.append(
                        "│ " + line + String(repeating: " ", count: width - 1 - line.count) + "│")
                }
            }
        }
        out.append("└" + String(repeating: "─", count: width) + "┘")
        return out.joined(separator: "\n") + "\n"
    }
}
