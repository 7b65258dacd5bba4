import ChoreoModel
import Yams

/// `expect:`: what `choreo rehearse` checks on a finished run. One function per key, found
/// through `expectationKeys`: a new kind of expectation is a new entry there and its
/// function.
extension ScenarioReader {
    /// Reads the value of one `expect:` key into expectations; `keyNode` is where the key is.
    typealias ExpectationParser =
        @Sendable (ScenarioReader, _ value: Node, _ keyNode: Node) -> [Expectation]

    /// Every key `expect:` accepts, in the order messages list them.
    static let expectationKeys: [(key: String, parse: ExpectationParser)] = [
        ("status", { $0.statusExpectation($1, keyNode: $2) }),
        ("steps", { $0.stepExpectations($1, keyNode: $2) }),
        ("completion", { $0.completionExpectations($1, keyNode: $2) }),
        ("handlers", { $0.handlerExpectations($1, keyNode: $2) }),
        ("escalations", { $0.countExpectations($1, keyNode: $2, key: "escalations") }),
        ("retries", { $0.countExpectations($1, keyNode: $2, key: "retries") }),
        ("notified", { $0.notifiedExpectations($1, keyNode: $2) }),
        ("order", { $0.orderExpectations($1, keyNode: $2) }),
        ("received", { $0.receivedExpectations($1, keyNode: $2) }),
        ("outputs", { $0.outputExpectations($1, keyNode: $2) }),
    ]

    /// `expect:`, in source order.
    func expectations(_ node: Node) -> [Expectation] {
        guard let reader = MappingReader(node, what: "'expect'", session: session) else {
            return []
        }
        reader.checkKeys(Self.expectationKeys.map(\.key))
        var expectations: [Expectation] = []
        for entry in reader.entries {
            guard let parser = Self.expectationKeys.first(where: { $0.key == entry.key }) else {
                continue
            }
            expectations += parser.parse(self, entry.value, entry.keyNode)
        }
        return expectations
    }

    /// `status: rolled_back`: how the instance ends.
    private func statusExpectation(_ node: Node, keyNode: Node) -> [Expectation] {
        let finals = InstanceStatus.allCases.filter(\.isFinal)
        guard let status = finalStatus(node, of: "a run", finals: finals) else { return [] }
        return [Expectation(.status(status), at: session.location(of: keyNode))]
    }

    /// `steps: { id: status }`: how steps end. Unknown step ids are errors.
    private func stepExpectations(_ node: Node, keyNode: Node) -> [Expectation] {
        guard let reader = MappingReader(node, what: "'steps'", session: session) else {
            return []
        }
        let finals = StepStatus.allCases.filter(\.isFinal)
        var expectations: [Expectation] = []
        for entry in reader.entries {
            knownStep(entry.key, at: entry.keyNode)
            guard let status = finalStatus(entry.value, of: "a step", finals: finals) else {
                continue
            }
            expectations.append(
                Expectation(
                    .stepStatus(step: entry.key, status: status),
                    at: session.location(of: entry.keyNode)))
        }
        return expectations
    }

    /// `completion: { at_most, at_least }`: bounds on the time from start to end.
    private func completionExpectations(_ node: Node, keyNode: Node) -> [Expectation] {
        guard let reader = MappingReader(node, what: "'completion'", session: session) else {
            return []
        }
        reader.checkKeys(["at_most", "at_least"])
        var expectations: [Expectation] = []
        let atMost = reader.value("at_most").flatMap { session.duration($0, for: "at_most") }
        let atLeast = reader.value("at_least").flatMap { session.duration($0, for: "at_least") }
        if let atMost, let atLeast, atLeast > atMost {
            session.error(
                "'at_least' (\(Durations.format(atLeast))) is longer than 'at_most' "
                    + "(\(Durations.format(atMost))): no run can meet both", at: node)
            return []
        }
        for entry in reader.entries {
            switch entry.key {
            case "at_most":
                if let atMost {
                    let location = session.location(of: entry.keyNode)
                    expectations.append(Expectation(.completionAtMost(atMost), at: location))
                }
            case "at_least":
                if let atLeast {
                    let location = session.location(of: entry.keyNode)
                    expectations.append(Expectation(.completionAtLeast(atLeast), at: location))
                }
            default:
                break
            }
        }
        if !reader.has("at_most") && !reader.has("at_least") {
            session.error("'completion' needs 'at_most', 'at_least' or both", at: node)
        }
        return expectations
    }

    /// Whether the workflow has step `id` (true when there is no workflow to ask); an
    /// unknown id is an error at `node`, with the closest id as a hint.
    @discardableResult
    func knownStep(_ id: String, at node: Node) -> Bool {
        guard let workflow, workflow.step(id) == nil else { return true }
        session.error(
            "unknown step '\(id)' in workflow '\(workflow.name)'"
                + Suggestions.hint(for: id, among: workflow.stepIDs), at: node)
        return false
    }

    /// One of `finals`; a status that exists but is not final gets its own message.
    private func finalStatus<Status: RawRepresentable & CaseIterable>(
        _ node: Node, of what: String, finals: [Status]
    ) -> Status? where Status.RawValue == String {
        let text = node.scalarText
        if Status(rawValue: text) != nil, !finals.contains(where: { $0.rawValue == text }) {
            session.error(
                "'\(text)' is not how \(what) ends; expected "
                    + Suggestions.list(finals.map(\.rawValue)), at: node)
            return nil
        }
        return session.word(node, for: "status", among: finals)
    }
}
