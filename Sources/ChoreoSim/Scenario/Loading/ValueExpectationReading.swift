import ChoreoModel
import Yams

/// `expect:` keys that compare values: what a step received (`received:`) and what the
/// workflow produced (`outputs:`). A value is written out, or `{ from: step.outputs.field }`
/// for what another step returned.
extension ScenarioReader {
    /// `received: { step: { input: value } }`; `input` may be a dotted path (`model.name`).
    func receivedExpectations(_ node: Node, keyNode: Node) -> [Expectation] {
        guard let reader = MappingReader(node, what: "'received'", session: session) else {
            return []
        }
        var expectations: [Expectation] = []
        for entry in reader.entries {
            let inputs = receivingStep(entry.key, at: entry.keyNode)
            guard let members = MappingReader(entry.value, what: "'received'", session: session)
            else { continue }
            if members.entries.isEmpty {
                session.error(
                    "'received' names at least one input of '\(entry.key)', as '{ plan: … }'",
                    at: entry.value)
            }
            for member in members.entries {
                let path = member.key.split(separator: ".", omittingEmptySubsequences: false)
                    .map(String.init)
                if let inputs, let name = path.first, !inputs.contains(name) {
                    session.error(
                        "step '\(entry.key)' has no input '\(name)'"
                            + Suggestions.hint(for: name, among: inputs) + "; it has "
                            + Suggestions.list(inputs, conjunction: "and"), at: member.keyNode)
                    continue
                }
                guard let value = expectedValue(member.value) else { continue }
                expectations.append(
                    Expectation(
                        .received(step: entry.key, input: path, value: value),
                        at: session.location(of: member.keyNode)))
            }
        }
        return expectations
    }

    /// The input names of task step `id`, or nil when unknown; errors for a step that is
    /// not a task.
    private func receivingStep(_ id: String, at node: Node) -> [String]? {
        guard knownStep(id, at: node), let step = workflow?.step(id) else { return nil }
        guard case .task(let task) = step.kind else {
            session.error(
                "step '\(id)' is \(step.kindName == "approval" ? "an" : "a") \(step.kindName) "
                    + "step; only task steps receive inputs",
                at: node)
            return nil
        }
        switch task.inputs {
        case .object(let members): return members.map(\.key)
        case .constant(.object(let members)): return members.keys.sorted()
        default: return []
        }
    }

    /// `outputs: { name: value }`: the workflow's outputs when the run ended.
    func outputExpectations(_ node: Node, keyNode: Node) -> [Expectation] {
        guard let reader = MappingReader(node, what: "'outputs'", session: session) else {
            return []
        }
        var expectations: [Expectation] = []
        for entry in reader.entries {
            if let workflow, !workflow.definition.outputs.contains(entry.key) {
                let outputs = workflow.definition.outputs
                session.error(
                    "workflow '\(workflow.name)' has no output '\(entry.key)'"
                        + Suggestions.hint(for: entry.key, among: outputs)
                        + (outputs.isEmpty
                            ? "; it declares none"
                            : "; it has " + Suggestions.list(outputs, conjunction: "and")),
                    at: entry.keyNode)
                continue
            }
            guard let value = expectedValue(entry.value) else { continue }
            expectations.append(
                Expectation(
                    .output(name: entry.key, value: value),
                    at: session.location(of: entry.keyNode)))
        }
        return expectations
    }

    /// A written value, or `{ from: step.outputs.field }`.
    private func expectedValue(_ node: Node) -> ExpectedValue? {
        guard case .mapping = node, let reader = MappingReader(node, what: "", session: session),
            reader.has("from")
        else { return .value(session.value(node)) }
        reader.checkKeys(["from"])
        guard let fromNode = reader.value("from"),
            let text = session.name(fromNode, for: "from")
        else { return nil }
        guard let range = text.range(of: ".outputs."), range.upperBound < text.endIndex else {
            session.error(
                "'from' names a step's output as '<step>.outputs.<field>', found '\(text)'",
                at: fromNode)
            return nil
        }
        let step = String(text[..<range.lowerBound])
        guard knownStep(step, at: fromNode) else { return nil }
        return .stepOutput(step: step, field: String(text[range.upperBound...]))
    }
}
