import ChoreoModel
import Yams

/// `steps:`: scripted overrides of single steps, and the step ids they (and faults) name.
extension ScenarioReader {
    static let overrideKeys = [
        "duration", "claim_delay", "outputs", "fail", "outcome", "decision", "attempts",
    ]
    /// Keys that only make sense for work that completes or fails, not for an approval.
    static let taskOnlyKeys = ["outputs", "fail", "outcome"]

    /// `steps:`, in source order. Unknown step ids are errors.
    func stepOverrides(_ node: Node) -> [StepOverride] {
        guard let reader = MappingReader(node, what: "'steps'", session: session) else {
            return []
        }
        var overrides: [StepOverride] = []
        for entry in reader.entries {
            let step = teamStep(entry.key, at: entry.keyNode, for: "overridden")
            if let override = stepOverride(entry.value, id: entry.key, step: step, attempt: nil) {
                overrides.append(override)
            }
        }
        return overrides
    }

    /// The workflow's step `id`, if it is a task or an approval. An unknown id, or a step
    /// no team works on, is an error at `node`; `nil` too when there is no workflow to ask.
    func teamStep(_ id: String, at node: Node, for use: String) -> Step? {
        guard let workflow else { return nil }
        guard let step = workflow.step(id) else {
            session.error(
                "unknown step '\(id)' in workflow '\(workflow.name)'"
                    + Suggestions.hint(for: id, among: workflow.stepIDs), at: node)
            return nil
        }
        switch step.kind {
        case .task, .approval:
            return step
        default:
            session.error(
                "step '\(id)' is a \(step.kindName) step; only task and approval steps can be "
                    + use, at: node)
            return nil
        }
    }

    /// One override; `attempt` is set inside `attempts:`, where no `attempts` may nest.
    private func stepOverride(_ node: Node, id: String, step: Step?, attempt: Int?)
        -> StepOverride?
    {
        let what = attempt.map { "attempt \($0) of step '\(id)'" } ?? "step '\(id)'"
        guard let reader = MappingReader(node, what: what, session: session) else { return nil }
        let allowed = attempt == nil ? Self.overrideKeys : Self.overrideKeys.dropLast()
        reader.checkKeys(Array(allowed)) { key in
            key == "attempts" ? "cannot nest: an attempt's override has no 'attempts'" : nil
        }
        if let step, case .approval = step.kind {
            for entry in reader.entries where Self.taskOnlyKeys.contains(entry.key) {
                session.error(
                    "'\(entry.key)' does not apply to approval step '\(id)': an approval only "
                        + "decides (use 'decision' and 'duration')", at: entry.keyNode)
            }
        }
        var override = StepOverride(step: id)
        override.duration = reader.value("duration").flatMap {
            session.durationSpec($0, for: "duration")
        }
        override.claimDelay = reader.value("claim_delay").flatMap {
            session.durationDistribution($0, for: "claim_delay")
        }
        override.outputs = reader.value("outputs").map(session.outputFields) ?? []
        override.fail = reader.value("fail").flatMap(session.failure)
        override.outcome = reader.choice("outcome", of: Outcome.self)
        override.decision = reader.value("decision").flatMap { decision($0, step: step) }
        if attempt == nil, let node = reader.value("attempts") {
            override.attempts = attempts(node, id: id, step: step)
        }
        return override
    }

    /// `decision:`: approve or reject for an approval; for a task, the decision of its
    /// escalation: retry, skip or abort.
    private func decision(_ node: Node, step: Step?) -> Decision? {
        guard let decision = session.choice(node, for: "decision", of: Decision.self),
            let step
        else { return nil }
        let isApproval: Bool
        if case .approval = step.kind { isApproval = true } else { isApproval = false }
        let answers = decision.answers(isApproval ? .approval : .escalation)
        guard answers else {
            let expected =
                isApproval
                ? "approval step '\(step.id)' is decided with approve or reject"
                : "task step '\(step.id)' takes its escalation's decision: retry, skip or abort"
            session.error("decision '\(decision.rawValue)' does not fit: \(expected)", at: node)
            return nil
        }
        return decision
    }

    /// `attempts: { 1: {...}, 2: {...} }`: overrides by attempt number.
    private func attempts(_ node: Node, id: String, step: Step?) -> [Int: StepOverride] {
        guard let reader = MappingReader(node, what: "'attempts'", session: session) else {
            return [:]
        }
        var attempts: [Int: StepOverride] = [:]
        for entry in reader.entries {
            // Keys come out of Yams typed as strings: `1:` and `'1':` read alike.
            guard let number = Int(entry.key), (1...ScenarioLimits.maximumAttempt).contains(number)
            else {
                session.error(
                    "attempts are numbered from 1 to \(ScenarioLimits.maximumAttempt), "
                        + "found '\(entry.key)'", at: entry.keyNode)
                continue
            }
            if let override = stepOverride(entry.value, id: id, step: step, attempt: number) {
                attempts[number] = override
            }
        }
        return attempts
    }
}
