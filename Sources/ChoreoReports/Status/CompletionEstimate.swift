/// What a status view says about when an instance ends: when it did, that nothing
/// estimates it, or what simulated continuations of its current state say.
public enum CompletionEstimate: Sendable {
    /// The instance has ended.
    case ended(at: Microseconds)
    /// No scenario was given to simulate the rest with.
    case noScenario
    /// Continuations of the instance's state in simulations of scenario `scenario`.
    case simulated(scenario: String, RemainingTime)

    /// The percentiles a status view reports.
    static let percentiles: [Double] = [50, 90, 95, 99]

    /// The "Est. Completion" text: a first line, then details on further lines.
    func text(now: Microseconds) -> String {
        switch self {
        case .ended(let time):
            return "ended at \(CivilTime(timestamp: time).logText) UTC"
        case .noScenario:
            return "unknown: no scenario given\n(--scenario FILE simulates the rest)"
        case .simulated(let scenario, let remaining):
            let summary = SampleSummary(remaining.samples)
            let runs = "\(remaining.runs) continuations of \(scenario)"
            guard summary.count > 0 else {
                let reason = remaining.failures.first.map { "\n\($0)" } ?? ""
                return "unknown: none of \(runs) ended\(reason)"
            }
            func moment(_ p: Double) -> String {
                let seconds = summary.percentile(p)
                return "in \(EstimateReport.span(seconds)), "
                    + CompletionEstimate.clock(now + Microseconds(seconds * 1e6), now: now)
            }
            var lines = [
                "\(moment(50)) (median)", "p90 \(moment(90))",
                "simulated: \(runs) (seed \(remaining.seed))",
            ]
            let counts = CompletionEstimate.statusCounts(remaining.statuses)
            if counts.count > 1 || counts.first?.status != .completed {
                let total = Double(summary.count)
                lines.append(
                    "ending "
                        + counts.map {
                            "\($0.status.rawValue) \(percent(Double($0.count) / total))"
                        }
                        .joined(separator: ", "))
            }
            if !remaining.failures.isEmpty {
                lines.append(
                    "\(remaining.failures.count) of \(remaining.runs) did not end: "
                        + remaining.failures[0])
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Per step under way, by id: the median time until it ends (`2h left`).
    var stepNotes: [String: String] {
        guard case .simulated(_, let remaining) = self else { return [:] }
        return remaining.stepSamples.compactMapValues { samples in
            samples.isEmpty
                ? nil : "\(EstimateReport.span(SampleSummary(samples).percentile(50))) left"
        }
    }

    /// The estimate as JSON: remaining seconds and completion times per percentile, final
    /// statuses, and per step under way the seconds until it ends; `null` when there is no
    /// simulated estimate.
    var value: Value {
        guard case .simulated(let scenario, let remaining) = self else { return .null }
        let summary = SampleSummary(remaining.samples)
        var seconds: [String: Value] = ["mean": summary.count > 0 ? .number(summary.mean) : .null]
        var times: [String: Value] = [:]
        for p in CompletionEstimate.percentiles {
            let key = "p\(Int(p))"
            guard summary.count > 0 else {
                seconds[key] = .null
                times[key] = .null
                continue
            }
            let value = summary.percentile(p)
            seconds[key] = .number(value)
            times[key] = .string(
                CivilTime(timestamp: remaining.now + Microseconds(value * 1e6)).isoText)
        }
        var statuses: [String: Value] = [:]
        for count in CompletionEstimate.statusCounts(remaining.statuses) {
            statuses[count.status.rawValue] = .number(Double(count.count))
        }
        var object: [String: Value] = [:]
        object["scenario"] = .string(scenario)
        object["seed"] = .number(Double(remaining.seed))
        object["runs"] = .number(Double(remaining.runs))
        object["ended"] = .number(Double(summary.count))
        object["remaining"] = .object(seconds)
        object["completion"] = .object(times)
        object["status"] = .object(statuses)
        object["failures"] = .list(remaining.failures.prefix(5).map(Value.string))
        object["steps"] = .object(
            remaining.stepSamples.mapValues { samples in
                let summary = SampleSummary(samples)
                return [
                    "ended": .number(Double(summary.count)),
                    "p50": .number(summary.percentile(50)), "p90": .number(summary.percentile(90)),
                ]
            })
        return .object(object)
    }

    /// A one-line account of the estimate, for JSON readers.
    func note(now: Microseconds) -> String {
        text(now: now).split(separator: "\n").joined(separator: " ")
    }

    /// How many continuations ended with each status, most frequent first (ties in the
    /// order statuses are declared).
    static func statusCounts(_ statuses: [InstanceStatus]) -> [(status: InstanceStatus, count: Int)]
    {
        var counts: [(status: InstanceStatus, count: Int, order: Int)] = []
        for (order, status) in InstanceStatus.allCases.enumerated() {
            let count = statuses.count(where: { $0 == status })
            if count > 0 { counts.append((status, count, order)) }
        }
        counts.sort { ($1.count, $0.order) < ($0.count, $1.order) }
        return counts.map { ($0.status, $0.count) }
    }

    /// `18:45 UTC` on `now`'s day, `2025-01-23 09:10 UTC` on another.
    static func clock(_ time: Microseconds, now: Microseconds) -> String {
        let civil = CivilTime(timestamp: time)
        let text = String(civil.logText.dropLast(3)) + " UTC"
        guard civil.dateText == CivilTime(timestamp: now).dateText else { return text }
        return String(text.dropFirst(11))
    }

    private func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }
}
