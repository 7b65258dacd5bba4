/// Checking one expectation on one finished instance: whether it held, and what happened,
/// in words that stand after "expected …, ".
enum ExpectationCheck {
    static func verdict(_ kind: Expectation.Kind, on instance: InstanceState)
        -> (held: Bool, actual: String)
    {
        switch kind {
        case .status(let status):
            return (instance.status == status, "got \(instance.status.rawValue)")
        case .stepStatus(let step, let status):
            guard let node = instance.node(step) else { return (false, "no step '\(step)'") }
            return (node.status == status, "got \(node.status.rawValue)")
        case .completionAtMost(let bound):
            let took = duration(of: instance)
            return (took.map { $0 <= bound } ?? false, took.map(tookText) ?? "it never ended")
        case .completionAtLeast(let bound):
            let took = duration(of: instance)
            return (took.map { $0 >= bound } ?? false, took.map(tookText) ?? "it never ended")
        case .handlerRan(let errorType, let action):
            let ran = handlersRan(instance)
            let held = ran.contains {
                $0.errorType == errorType && (action == nil || $0.action == action)
            }
            let text = ran.map { "\($0.action) for \($0.errorType)" }
            return (
                held,
                text.isEmpty ? "no handler ran" : "handlers ran: " + text.joined(separator: ", ")
            )
        case .escalations(let step, let expected):
            let got = count(in: instance, step: step) {
                if case .escalated = $0 { true } else { false }
            }
            return (got == expected, "got \(got)")
        case .retries(let step, let expected):
            let got = count(in: instance, step: step) {
                if case .retryScheduled = $0 { true } else { false }
            }
            return (got == expected, "got \(got)")
        case .notified(let team):
            let teams = notifiedTeams(instance)
            return (
                teams.contains(team),
                teams.isEmpty ? "no team was notified" : "notified " + teams.joined(separator: ", ")
            )
        case .order(let first, let then):
            return order(first, then, in: instance)
        case .received(let step, let input, let value):
            guard let node = instance.node(step), let inputs = node.inputs else {
                return (false, "'\(step)' never ran")
            }
            let got = input.reduce(inputs) { $0[$1] }
            return compare(got, with: value, in: instance, what: "received")
        case .output(let name, let value):
            return compare(instance.outputs[name], with: value, in: instance, what: "got")
        }
    }

    private static func duration(of instance: InstanceState) -> Microseconds? {
        instance.endedAt.map { $0 - instance.startedAt }
    }

    private static func tookText(_ duration: Microseconds) -> String {
        "took \(Durations.format(duration))"
    }

    /// Every handler that ran, in history order, without repeats.
    static func handlersRan(_ instance: InstanceState) -> [(action: String, errorType: String)] {
        var ran: [(action: String, errorType: String)] = []
        for event in instance.history {
            let entry: (String, String)
            switch event.kind {
            case .retryScheduled(_, _, _, let errorType): entry = ("retry", errorType)
            case .escalated(_, _, _, let errorType): entry = ("escalate", errorType)
            case .handlerStarted(let errorType, let action, _): entry = (action, errorType)
            case .notificationSent(_, let errorType, _, _): entry = ("notify", errorType)
            default: continue
            }
            if !ran.contains(where: { $0.action == entry.0 && $0.errorType == entry.1 }) {
                ran.append(entry)
            }
        }
        return ran
    }

    private static func count(
        in instance: InstanceState, step: String?, matching: (HistoryEvent.Kind) -> Bool
    ) -> Int {
        let index = step.flatMap { instance.program.definition.index(ofStep: $0) }
        return instance.history.filter { event in
            matching(event.kind) && (step == nil || event.step == index)
        }.count
    }

    /// The teams notified, in the order first notified.
    private static func notifiedTeams(_ instance: InstanceState) -> [String] {
        var teams: [String] = []
        for event in instance.history {
            guard case .notificationSent(let recipients, _, _, _) = event.kind else { continue }
            teams += recipients.filter { !teams.contains($0) }
        }
        return teams
    }

    private static func order(_ first: String, _ then: String, in instance: InstanceState)
        -> (held: Bool, actual: String)
    {
        guard let before = instance.node(first), let after = instance.node(then) else {
            return (false, "a step is missing")
        }
        let ranBefore = before.startedAt >= 0 && before.endedAt >= 0
        let ranAfter = after.startedAt >= 0
        switch (ranBefore, ranAfter) {
        case (false, false): return (false, "neither '\(first)' nor '\(then)' ran")
        case (false, true): return (false, "'\(first)' never ran to its end")
        case (true, false): return (false, "'\(then)' never ran")
        case (true, true):
            let text =
                "'\(first)' ended \(CivilTime(timestamp: before.endedAt).logText), "
                + "'\(then)' started \(CivilTime(timestamp: after.startedAt).logText)"
            return (before.endedAt <= after.startedAt, text)
        }
    }

    private static func compare(
        _ got: Value, with expected: ExpectedValue, in instance: InstanceState, what: String
    ) -> (held: Bool, actual: String) {
        switch expected {
        case .value(let value):
            return (got == value, "\(what) \(got.json)")
        case .stepOutput(let step, let field):
            let produced = instance.node(step)?.outputs?[field] ?? .null
            guard produced != .null else {
                return (false, "'\(step)' returned no '\(field)' (\(what) \(got.json))")
            }
            let held = got == produced
            return (
                held,
                held
                    ? "\(what) \(got.json)"
                    : "\(what) \(got.json), '\(step)' returned \(produced.json)"
            )
        }
    }
}

extension Expectation.Kind: CustomStringConvertible {
    /// The expectation as the report names it: `status rolled_back`,
    /// `step emergency_rollback completed`, `'a' ends before 'b' starts`.
    public var description: String {
        switch self {
        case .status(let status): return "status \(status.rawValue)"
        case .stepStatus(let step, let status): return "step \(step) \(status.rawValue)"
        case .completionAtMost(let bound): return "completion at most \(Durations.format(bound))"
        case .completionAtLeast(let bound): return "completion at least \(Durations.format(bound))"
        case .handlerRan(let errorType, let action):
            return "handler \(action.map { "\($0) " } ?? "")for \(errorType) ran"
        case .escalations(let step, let count):
            return "escalations\(step.map { " of \($0)" } ?? "") \(count)"
        case .retries(let step, let count):
            return "retries\(step.map { " of \($0)" } ?? "") \(count)"
        case .notified(let team): return "\(team) notified"
        case .order(let first, let then): return "'\(first)' ends before '\(then)' starts"
        case .received(let step, let input, let value):
            return "\(step) received \(input.joined(separator: ".")) = \(value)"
        case .output(let name, let value): return "workflow output \(name) = \(value)"
        }
    }
}

extension ExpectedValue: CustomStringConvertible {
    /// The value as JSON, or `step.outputs.field`.
    public var description: String {
        switch self {
        case .value(let value): return value.json
        case .stepOutput(let step, let field): return "\(step).outputs.\(field)"
        }
    }
}
