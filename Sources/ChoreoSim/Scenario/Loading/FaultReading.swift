import ChoreoModel
import Yams

/// `faults:`: a list of `{ <target>: name, <kind>: settings }`, one target and one kind
/// each. Times (`at`, `for`) are offsets from the scenario's start.
extension ScenarioReader {
    static let faultTargets = ["team", "step", "action"]
    static let faultKinds = ["outage", "fail", "slow", "agent_lost", "silent"]
    /// Kinds that strike a whole team, never one step or action.
    static let teamFaultKinds = ["outage", "slow", "silent"]

    /// `faults:`, in source order.
    func faults(_ node: Node) -> [Fault] {
        guard let items = session.list(node, for: "faults") else { return [] }
        return items.compactMap(fault)
    }

    private func fault(_ node: Node) -> Fault? {
        guard let reader = MappingReader(node, what: "a fault", session: session) else {
            return nil
        }
        reader.checkKeys(Self.faultTargets + Self.faultKinds)
        let kinds = reader.entries.filter { Self.faultKinds.contains($0.key) }
        let targets = reader.entries.filter { Self.faultTargets.contains($0.key) }
        guard let kind = kinds.first else {
            session.error(
                "a fault needs one of " + Suggestions.list(Self.faultKinds), at: reader.location)
            return nil
        }
        for extra in kinds.dropFirst() {
            session.error(
                "a fault has one kind: '\(extra.key)' follows '\(kind.key)' "
                    + "(write a fault for each)", at: extra.keyNode)
        }
        guard let targetEntry = targets.first else {
            let needs =
                Self.teamFaultKinds.contains(kind.key) ? "'team'" : "'step', 'action' or 'team'"
            session.error(
                "'\(kind.key)' needs \(needs) to say what it strikes", at: reader.location)
            return nil
        }
        for extra in targets.dropFirst() {
            session.error(
                "a fault has one target: '\(extra.key)' follows '\(targetEntry.key)' "
                    + "(write a fault for each)", at: extra.keyNode)
        }
        // Read even when there are extra kinds or targets, so that the first kind's own
        // problems are reported too.
        guard let target = faultTarget(targetEntry, kind: kind.key) else { return nil }
        let fault = fault(kind, target: target)
        return kinds.count == 1 && targets.count == 1 ? fault : nil
    }

    /// The fault of kind `entry.key` with its settings, striking `target`.
    private func fault(_ entry: MappingReader.Entry, target: FaultTarget) -> Fault? {
        let node = entry.value
        switch (entry.key, target) {
        case ("outage", .team(let team)):
            let window = self.window(node, what: "an outage")
            return window.map { .outage(team: team, at: $0.at, duration: $0.duration) }
        case ("slow", .team(let team)):
            guard let reader = MappingReader(node, what: "'slow'", session: session) else {
                return nil
            }
            reader.checkKeys(["factor", "at", "for"])
            let factor = reader.required("factor", in: "'slow'").flatMap(slowFactor)
            guard let window = window(reader), let factor else { return nil }
            return .slow(team: team, factor: factor, at: window.at, duration: window.duration)
        case ("silent", .team(let team)):
            guard let silent = session.boolean(node, for: "silent") else { return nil }
            guard silent else {
                session.warning("'silent: false' does nothing; this fault is ignored", at: node)
                return nil
            }
            return .silent(team: team)
        case ("fail", _):
            return session.failure(node).map { .failure(target: target, failure: $0) }
        default:  // agent_lost
            return agentLost(node, target: target)
        }
    }

    /// `agent_lost: { probability, lease }`, both required.
    private func agentLost(_ node: Node, target: FaultTarget) -> Fault? {
        guard let reader = MappingReader(node, what: "'agent_lost'", session: session) else {
            return nil
        }
        reader.checkKeys(["probability", "lease"])
        let probability = reader.required("probability", in: "'agent_lost'")
            .flatMap { session.probability($0, for: "probability") }
        let lease = reader.required("lease", in: "'agent_lost'")
            .flatMap { session.duration($0, for: "lease") }
        guard let probability, let lease else { return nil }
        return .agentLost(target: target, probability: probability, lease: lease)
    }

    /// The target named by `entry`. A team or action the workflow never names is a
    /// warning (the fault never strikes); an unknown step is an error.
    private func faultTarget(_ entry: MappingReader.Entry, kind: String) -> FaultTarget? {
        guard let name = session.name(entry.value, for: entry.key) else { return nil }
        if entry.key != "team", Self.teamFaultKinds.contains(kind) {
            session.error(
                "'\(kind)' strikes a whole team; name it with 'team:' instead of '\(entry.key)'",
                at: entry.keyNode)
            return nil
        }
        switch entry.key {
        case "team":
            if let workflow, !workflow.teams.contains(name) {
                session.warning(
                    "team '\(name)' does not appear in workflow '\(workflow.name)'; "
                        + "this fault never strikes"
                        + Suggestions.hint(for: name, among: workflow.teams), at: entry.value)
            }
            return .team(name)
        case "action":
            if let workflow, !workflow.actions.contains(name) {
                session.warning(
                    "action '\(name)' does not appear in workflow '\(workflow.name)'; "
                        + "this fault never strikes"
                        + Suggestions.hint(for: name, among: workflow.actions), at: entry.value)
            }
            return .action(name)
        default:
            return stepTarget(name, at: entry.value, kind: kind)
        }
    }

    private func stepTarget(_ id: String, at node: Node, kind: String) -> FaultTarget? {
        guard workflow != nil else { return .step(id) }
        guard let step = teamStep(id, at: node, for: "struck by a fault") else { return nil }
        if kind == "fail", case .approval = step.kind {
            session.error(
                "approval step '\(id)' cannot fail: it is decided (override its 'decision' "
                    + "under 'steps:' instead)", at: node)
            return nil
        }
        return .step(id)
    }

    /// `{ at, for }` in the mapping `node`.
    private func window(_ node: Node, what: String) -> (at: Microseconds, duration: Microseconds)? {
        guard let reader = MappingReader(node, what: what, session: session) else { return nil }
        reader.checkKeys(["at", "for"])
        return window(reader)
    }

    /// `at` (from the start, `0s` allowed) and `for` (longer than 0), both required; the
    /// caller checks the keys.
    private func window(_ reader: MappingReader) -> (at: Microseconds, duration: Microseconds)? {
        let at = reader.required("at").flatMap { session.offset($0, for: "at") }
        let duration = reader.required("for").flatMap { session.duration($0, for: "for") }
        guard let at, let duration else { return nil }
        return (at, duration)
    }

    /// How many times as long work takes: a number above 0.
    private func slowFactor(_ node: Node) -> Double? {
        guard let factor = session.number(node, for: "factor") else { return nil }
        guard factor > 0 else {
            session.error("'factor' must be greater than 0, found \(node.scalarText)", at: node)
            return nil
        }
        return factor
    }
}
