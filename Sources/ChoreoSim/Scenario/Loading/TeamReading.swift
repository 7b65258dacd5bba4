import ChoreoModel
import Yams

/// What one scenario load reads with: the session that collects diagnostics, and the facts
/// of the workflow once it loaded without errors (checks against the workflow are skipped
/// without them: the workflow's own errors are reported instead).
struct ScenarioReader {
    let session: LoadSession
    let workflow: WorkflowFacts?
}

/// `defaults:` and `teams:`: agents, delays, durations, calendars, actions and decisions.
extension ScenarioReader {
    static let teamKeys = [
        "agents", "claim_delay", "duration", "calendar", "actions", "decisions",
    ]
    static let actionKeys = ["duration", "claim_delay", "outputs", "fail", "outcome"]

    /// `teams:`, in source order. A team the workflow never names is a warning.
    func teams(_ node: Node) -> [TeamBehavior] {
        guard let reader = MappingReader(node, what: "'teams'", session: session) else {
            return []
        }
        var teams: [TeamBehavior] = []
        for entry in reader.entries {
            var known = true
            if let workflow, !workflow.teams.contains(entry.key) {
                known = false
                session.warning(
                    "team '\(entry.key)' does not appear in workflow '\(workflow.name)'; "
                        + "its settings are never used"
                        + Suggestions.hint(for: entry.key, among: workflow.teams),
                    at: entry.keyNode)
            }
            let actions = known ? workflow.map { $0.actions(of: entry.key) } : nil
            if let team = team(entry.value, name: entry.key, actions: actions) {
                teams.append(team)
            }
        }
        return teams
    }

    /// `defaults:`: the same fields as a team, for every team; its actions are checked
    /// against every action of the workflow.
    func defaults(_ node: Node) -> TeamBehavior? {
        team(node, name: "defaults", actions: workflow?.actions)
    }

    /// One team's behaviour; `actions` are the ones the workflow asks of it (`nil`: do not
    /// check).
    private func team(_ node: Node, name: String, actions: [String]?) -> TeamBehavior? {
        let what = name == "defaults" ? "'defaults'" : "team '\(name)'"
        guard let reader = MappingReader(node, what: what, session: session) else { return nil }
        reader.checkKeys(Self.teamKeys)
        var team = TeamBehavior(name: name)
        team.agents = reader.value("agents").flatMap {
            session.integer($0, for: "agents", in: 1...ScenarioLimits.maximumAgents)
        }
        team.claimDelay = reader.value("claim_delay").flatMap {
            session.durationDistribution($0, for: "claim_delay")
        }
        team.duration = reader.value("duration").flatMap {
            session.durationDistribution($0, for: "duration")
        }
        team.calendar = reader.value("calendar").flatMap(session.calendar)
        if let node = reader.value("actions") {
            team.actions = self.actions(node, team: name, known: actions)
        }
        team.decisions = reader.value("decisions").flatMap(decisions)
        return team
    }

    /// `actions:`, in source order; an action outside `known` is a warning.
    private func actions(_ node: Node, team: String, known: [String]?) -> [ActionBehavior] {
        guard let reader = MappingReader(node, what: "'actions'", session: session) else {
            return []
        }
        var actions: [ActionBehavior] = []
        for entry in reader.entries {
            if let known, !known.contains(entry.key) {
                warnUnused(action: entry.key, team: team, known: known, at: entry.keyNode)
            }
            if let action = action(entry.value, name: entry.key) { actions.append(action) }
        }
        return actions
    }

    private func warnUnused(action: String, team: String, known: [String], at node: Node) {
        guard let workflow else { return }
        let asked = team == "defaults" ? "" : " of team '\(team)'"
        var message =
            "action '\(action)' is never asked\(asked) by workflow '\(workflow.name)'; "
            + "its settings are never used"
        let others = workflow.teams(doing: action)
        if !others.isEmpty {
            message += " (it is asked of \(Suggestions.list(others, conjunction: "and")))"
        } else {
            message += Suggestions.hint(for: action, among: known)
        }
        session.warning(message, at: node)
    }

    /// One action's behaviour.
    private func action(_ node: Node, name: String) -> ActionBehavior? {
        guard let reader = MappingReader(node, what: "action '\(name)'", session: session) else {
            return nil
        }
        reader.checkKeys(Self.actionKeys)
        var action = ActionBehavior(name: name)
        action.duration = reader.value("duration").flatMap {
            session.durationSpec($0, for: "duration")
        }
        action.claimDelay = reader.value("claim_delay").flatMap {
            session.durationDistribution($0, for: "claim_delay")
        }
        action.outputs = reader.value("outputs").map(session.outputFields) ?? []
        action.fail = reader.value("fail").flatMap(session.failure)
        action.outcome = reader.choice("outcome", of: Outcome.self)
        return action
    }

    /// `decisions: { approve, delay, escalation: { retry, skip, abort }, silent }`.
    private func decisions(_ node: Node) -> DecisionBehavior? {
        guard let reader = MappingReader(node, what: "'decisions'", session: session) else {
            return nil
        }
        reader.checkKeys(["approve", "delay", "escalation", "silent"])
        var decisions = DecisionBehavior()
        decisions.approve = reader.value("approve").flatMap {
            session.probability($0, for: "approve")
        }
        decisions.delay = reader.value("delay").flatMap {
            session.durationDistribution($0, for: "delay")
        }
        decisions.escalation = reader.value("escalation").flatMap(escalationWeights)
        decisions.silent =
            reader.value("silent").flatMap { session.boolean($0, for: "silent") } ?? false
        return decisions
    }

    /// `escalation: { retry, skip, abort }`: weights, a missing one 0, not all 0.
    private func escalationWeights(_ node: Node) -> EscalationWeights? {
        guard let reader = MappingReader(node, what: "'escalation'", session: session) else {
            return nil
        }
        let names = [Decision.retry, .skip, .abort].map(\.rawValue)
        reader.checkKeys(names)
        let weights = names.map { name in
            reader.value(name).map { session.weight($0, for: name) } ?? 0
        }
        guard let retry = weights[0], let skip = weights[1], let abort = weights[2] else {
            return nil
        }
        guard retry + skip + abort > 0 else {
            session.error(
                "'escalation' needs a weight above 0 for retry, skip or abort", at: node)
            return nil
        }
        return EscalationWeights(retry: retry, skip: skip, abort: abort)
    }
}
