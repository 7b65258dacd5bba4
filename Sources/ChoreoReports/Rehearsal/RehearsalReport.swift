/// The text `choreo rehearse` prints: per expectation ✓ or ✗ with what happened; on a miss
/// the command that replays the run, the path the error took through the handlers and the
/// timeline around the failure, both in the seed's execution log format.
///
/// ```swift
/// print(RehearsalReport.render(Rehearsal.check(scenario)), terminator: "")
/// ```
public enum RehearsalReport {
    /// How many log lines the timeline shows before and after the failure.
    public static let linesBefore = 4
    public static let linesAfter = 6

    /// The report of one run.
    public static func render(_ result: RehearsalResult) -> String {
        let scenario = result.scenario
        var lines = ["rehearsal \(scenario.name) (\(scenario.file), seed \(result.seed))"]
        if let error = result.error {
            lines.append("  ✗ the run did not finish: \(error)")
        }
        if scenario.expectations.isEmpty { lines.append("  (no expectations)") }
        for outcome in result.outcomes {
            lines.append("  \(outcome.held ? "✓" : "✗") \(outcome.summary)")
        }
        if !result.held {
            lines.append("  replay: \(result.replayCommand)")
            if let instance = result.instances.first {
                lines.append("  error path:")
                lines += errorPath(instance).map { "    " + $0 }
                lines.append("  timeline around the failure:")
                lines += timeline(instance).map { "    " + $0 }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report of many runs: each expectation's share of runs, and its first miss.
    public static func render(_ summary: RehearsalSummary) -> String {
        let scenario = summary.scenario
        let last = summary.firstSeed &+ UInt64(summary.runs - 1)
        var lines = [
            "rehearsal \(scenario.name) (\(scenario.file)): \(summary.runs) runs, "
                + "seeds \(summary.firstSeed) to \(last)"
        ]
        if let error = summary.firstError {
            lines.append(
                "  ✗ \(summary.failedRuns) runs did not finish; first: seed \(error.seed): "
                    + error.message)
        }
        for tally in summary.tallies {
            let mark = tally.held == summary.runs ? "✓" : "✗"
            let percent = percentText(tally.share(of: summary.runs))
            var line = "  \(mark) \(percent) \(tally.expectation.kind)"
            if let seed = tally.firstMissSeed, let actual = tally.firstMissActual {
                line += " (first miss: seed \(seed), \(actual))"
                lines.append(line)
                lines.append(
                    "      replay: " + Rehearsal.replayCommand(scenario.file, seed: seed))
            } else {
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The error's way through the handlers: each failure, retry, escalation, decision,
    /// handler and notification, and how the workflow ended, in history order.
    public static func errorPath(_ instance: InstanceState) -> [String] {
        let events = instance.history.filter(isOnErrorPath)
        guard !events.isEmpty else { return ["no error was raised"] }
        return events.enumerated().compactMap { index, event in
            guard let text = logLine(event, program: instance.program) else { return nil }
            return (index == 0 ? "" : "→ ") + text
        }
    }

    /// The execution log lines around the first failure (or the end, when nothing
    /// failed), the failure marked with `»`.
    public static func timeline(_ instance: InstanceState) -> [String] {
        let program = instance.program
        var entries: [(index: Int, text: String)] = []
        for (index, event) in instance.history.enumerated() {
            if let text = logLine(event, program: program) { entries.append((index, text)) }
        }
        guard !entries.isEmpty else { return [] }
        let failure = instance.history.firstIndex { isFailure($0.kind) }
        let anchor = entries.firstIndex { $0.index >= (failure ?? Int.max) } ?? entries.count - 1
        let lower = max(0, anchor - linesBefore)
        let upper = min(entries.count - 1, anchor + linesAfter)
        return (lower...upper).map { position in
            (position == anchor ? "» " : "  ") + entries[position].text
        }
    }

    /// `  83.5%`: a share with one decimal, right-aligned to six characters.
    public static func percentText(_ share: Double) -> String {
        let tenths = Int((share * 1000).rounded())
        let text = "\(tenths / 10).\(tenths % 10)%"
        return String(repeating: " ", count: max(0, 6 - text.count)) + text
    }

    private static func logLine(_ event: HistoryEvent, program: WorkflowProgram) -> String? {
        ExecutionLog.headline(event, program: program).map {
            "[\(CivilTime(timestamp: event.time).logText)] " + $0
        }
    }

    /// Whether the event starts trouble: a failure, a rejection, a timed-out approval.
    private static func isFailure(_ kind: HistoryEvent.Kind) -> Bool {
        switch kind {
        case .stepFailed, .approvalTimedOut: return true
        case .approvalDecided(_, _, _, let decision): return decision == .reject
        case .workflowFinished(let status): return status != .completed
        default: return false
        }
    }

    private static func isOnErrorPath(_ event: HistoryEvent) -> Bool {
        switch event.kind {
        case .retryScheduled, .escalated, .escalationDecided, .handlerStarted, .notificationSent:
            return true
        case .containerFinished(_, let status):
            return status == .failed || status == .partial
        default:
            return isFailure(event.kind)
        }
    }
}
