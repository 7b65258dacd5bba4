import ChoreoModel
import Yams

/// `expect:` keys checked against the run's history: which handlers ran, how many retries
/// and escalations there were, who was notified, and in which order steps ran.
extension ScenarioReader {
    /// The handler actions a `handlers:` entry may name.
    static let handlerActions = ["retry", "escalate", "custom", "notify"]

    /// `handlers: [test_failure, {custom: test_failure}]`: one expectation per entry.
    func handlerExpectations(_ node: Node, keyNode: Node) -> [Expectation] {
        guard let items = session.list(node, for: "handlers") else { return [] }
        var expectations: [Expectation] = []
        for item in items {
            let location = session.location(of: item)
            if case .mapping = item {
                guard let reader = MappingReader(item, what: "a handler", session: session)
                else { continue }
                reader.checkKeys(Self.handlerActions)
                guard reader.entries.count == 1, let entry = reader.entries.first else {
                    session.error(
                        "a handler entry names one action and its error type, as "
                            + "'{custom: test_failure}'", at: item)
                    continue
                }
                guard Self.handlerActions.contains(entry.key),
                    let errorType = handledErrorType(entry.value, action: entry.key)
                else { continue }
                expectations.append(
                    Expectation(.handlerRan(errorType: errorType, action: entry.key), at: location))
            } else if let errorType = handledErrorType(item, action: nil) {
                expectations.append(
                    Expectation(.handlerRan(errorType: errorType, action: nil), at: location))
            }
        }
        return expectations
    }

    /// An error type the workflow has a handler for (of `action`, when given).
    private func handledErrorType(_ node: Node, action: String?) -> String? {
        guard let errorType = session.name(node, for: "error_type") else { return nil }
        guard let workflow else { return errorType }
        let handlers = workflow.definition.errorHandlers
        let types = handlers.map(\.errorType).reduce(into: [String]()) { types, type in
            if !types.contains(type) { types.append(type) }
        }
        guard types.contains(errorType) else {
            session.error(
                "workflow '\(workflow.name)' has no handler for '\(errorType)'"
                    + Suggestions.hint(for: errorType, among: types) + "; it handles "
                    + Suggestions.list(types, conjunction: "and"), at: node)
            return nil
        }
        guard let action else { return errorType }
        let actions = Self.actions(handling: errorType, in: handlers)
        guard actions.contains(action) else {
            session.error(
                "workflow '\(workflow.name)' handles '\(errorType)' with "
                    + Suggestions.list(actions, conjunction: "and") + ", never with '\(action)'",
                at: node)
            return nil
        }
        return errorType
    }

    /// The actions that can handle `errorType`: each handler's, and `escalate` after a
    /// retry with `then: escalate`.
    private static func actions(handling errorType: String, in handlers: [ErrorHandler])
        -> [String]
    {
        var actions: [String] = []
        for handler in handlers where handler.errorType == errorType {
            actions.append(handler.actionName)
            if case .retry(_, _, .escalate?) = handler.action { actions.append("escalate") }
        }
        return actions
    }

    /// `escalations:` or `retries:`: a whole number for the run, or `{ step: number }`.
    func countExpectations(_ node: Node, keyNode: Node, key: String) -> [Expectation] {
        func kind(_ step: String?, _ count: Int) -> Expectation.Kind {
            key == "retries"
                ? .retries(step: step, count: count) : .escalations(step: step, count: count)
        }
        let limit = ScenarioLimits.maximumAttempt
        if case .mapping = node {
            guard let reader = MappingReader(node, what: "'\(key)'", session: session) else {
                return []
            }
            return reader.entries.compactMap { entry in
                let stepIsKnown = teamStep(entry.key, at: entry.keyNode, for: "counted") != nil
                let count = session.integer(entry.value, for: key, in: 0...limit)
                guard let count, stepIsKnown || workflow == nil else { return nil }
                return Expectation(kind(entry.key, count), at: session.location(of: entry.keyNode))
            }
        }
        guard node.kindDescription == "a number" else {
            session.error(
                "'\(key)' expects a whole number, or a mapping of step ids to numbers, found "
                    + node.kindDescription, at: node)
            return []
        }
        guard let count = session.integer(node, for: key, in: 0...limit) else { return [] }
        return [Expectation(kind(nil, count), at: session.location(of: keyNode))]
    }

    /// `notified: [team, …]`: each team a recipient of some `notify` handler.
    func notifiedExpectations(_ node: Node, keyNode: Node) -> [Expectation] {
        guard let items = session.list(node, for: "notified") else { return [] }
        var recipients: [String] = []
        for handler in workflow?.definition.errorHandlers ?? [] {
            if case .notify(let teams) = handler.action {
                recipients += teams.filter { !recipients.contains($0) }
            }
        }
        return items.compactMap { item in
            guard let team = session.name(item, for: "notified") else { return nil }
            if let workflow, !recipients.contains(team) {
                let among =
                    recipients.isEmpty
                    ? "; it has no notify handler"
                    : Suggestions.hint(for: team, among: recipients) + "; its notify handlers tell "
                        + Suggestions.list(recipients, conjunction: "and")
                session.error(
                    "team '\(team)' is never notified by workflow '\(workflow.name)'" + among,
                    at: item)
                return nil
            }
            return Expectation(.notified(team: team), at: session.location(of: item))
        }
    }

    /// `order: [[a, b, c], …]`: each list a chain, every step ended before the next started.
    func orderExpectations(_ node: Node, keyNode: Node) -> [Expectation] {
        guard let chains = session.list(node, for: "order") else { return [] }
        var expectations: [Expectation] = []
        for chain in chains {
            guard case .sequence(let sequence) = chain else {
                session.error(
                    "each entry of 'order' is a list of step ids, as "
                        + "'[create_rollback_plan, emergency_rollback]', found "
                        + chain.kindDescription, at: chain)
                continue
            }
            let items = Array(sequence)
            guard items.count >= 2 else {
                session.error(
                    "an order names at least two steps, the first to end first: "
                        + "'[create_rollback_plan, emergency_rollback]'", at: chain)
                continue
            }
            let ids = items.map { item -> String? in
                guard let id = session.name(item, for: "a step"), knownStep(id, at: item) else {
                    return nil
                }
                return id
            }
            for index in 1..<ids.count {
                guard let first = ids[index - 1], let then = ids[index] else { continue }
                expectations.append(
                    Expectation(
                        .order(first: first, then: then), at: session.location(of: items[index])))
            }
        }
        return expectations
    }
}
