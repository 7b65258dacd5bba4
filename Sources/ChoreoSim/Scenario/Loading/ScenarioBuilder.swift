import ChoreoModel
import Yams

/// The top of a scenario file: its workflow first (everything else is checked against it),
/// then each field.
struct ScenarioBuilder {
    /// What a load produced: the scenario (meaningful only without errors) and the
    /// workflow's load.
    struct Built {
        var scenario: Scenario?
        var workflow: WorkflowLoad?
    }

    static let keys = [
        "scenario", "workflow", "seed", "start", "inputs", "arrivals", "defaults", "teams",
        "steps", "faults", "expect",
    ]

    let session: LoadSession
    let baseDirectory: String

    func build(_ root: Node) -> Built {
        guard case .mapping = root,
            let reader = MappingReader(root, what: "a scenario", session: session)
        else {
            session.error(
                "expected a scenario (a mapping of 'scenario', 'workflow', …) at the top of the "
                    + "file, found \(root.kindDescription)", at: root)
            return Built()
        }
        reader.checkKeys(Self.keys, misplaced: Self.misplaced)
        var built = Built()
        let name = reader.value("scenario").flatMap { session.name($0, for: "scenario") }
        if !reader.has("scenario") {
            session.error("a scenario needs a name: 'scenario: <name>'", at: reader.location)
        }
        if let node = reader.required("workflow", in: "a scenario") {
            built.workflow = WorkflowReference.load(
                node, session: session, baseDirectory: baseDirectory)
        }
        let definition = built.workflow?.result.definition
        let scenario = ScenarioReader(
            session: session, workflow: definition.map(WorkflowFacts.init))
        let seed = reader.value("seed").flatMap(seed) ?? ScenarioLoader.defaultSeed
        let start = reader.value("start").flatMap(start) ?? ScenarioLoader.defaultStart
        let inputs = self.inputs(reader, workflow: scenario.workflow)
        let arrivals = reader.value("arrivals").map(arrivals) ?? Arrivals()
        let defaults = reader.value("defaults").flatMap(scenario.defaults)
        let teams = reader.value("teams").map(scenario.teams) ?? []
        let steps = reader.value("steps").map(scenario.stepOverrides) ?? []
        let faults = reader.value("faults").map(scenario.faults) ?? []
        let expectations = reader.value("expect").map(scenario.expectations) ?? []
        guard let name, let definition else { return built }
        built.scenario = Scenario(
            name: name, file: session.file, workflow: definition, seed: seed, start: start,
            inputs: inputs, arrivals: arrivals,
            defaults: defaults ?? TeamBehavior(name: "defaults"), teams: teams, steps: steps,
            faults: faults, expectations: expectations)
        return built
    }

    /// Why a key that belongs elsewhere is not at the top.
    private static func misplaced(_ key: String) -> String? {
        if key == "name" { return "is not a scenario key: a scenario is named with 'scenario:'" }
        guard ScenarioReader.teamKeys.contains(key) else { return nil }
        return "belongs to a team (under 'teams:') or to 'defaults:', not at the top"
    }

    /// `seed:`: a whole number from 0 to `UInt64.max`.
    private func seed(_ node: Node) -> UInt64? {
        let isNumber = node.kindDescription == "a number"
        guard isNumber, case .scalar(let scalar) = node, let seed = UInt64.construct(from: scalar)
        else {
            let found = isNumber ? node.scalarText : node.kindDescription
            session.error(
                "'seed' expects a whole number from 0 to \(UInt64.max), found \(found)", at: node)
            return nil
        }
        return seed
    }

    /// `start:`: an ISO 8601 date and time (UTC unless it says otherwise).
    private func start(_ node: Node) -> Microseconds? {
        guard let text = session.string(node, for: "start") else { return nil }
        guard let start = CivilTime.parse(text), Self.namesARealDay(text) else {
            session.error(
                "'start': '\(text)' is not a date and time; write e.g. '2025-01-22T10:00:00Z'",
                at: node)
            return nil
        }
        return start
    }

    /// Whether the date part of `text` is a day of the calendar (not 2025-02-30).
    private static func namesARealDay(_ text: String) -> Bool {
        let date = String(text.prefix(10))
        guard let midnight = CivilTime.parse(date) else { return false }
        return CivilTime(timestamp: midnight).dateText == date
    }

    /// `inputs:` as a value, checked against the workflow's declared inputs with the
    /// engine's own check; a refusal is an error at `inputs:` (at the top when missing).
    private func inputs(_ reader: MappingReader, workflow: WorkflowFacts?) -> Value {
        let entry = reader.entries.first { $0.key == "inputs" }
        var inputs = entry.map { session.value($0.value) } ?? .object([:])
        if inputs == .null { inputs = .object([:]) }
        guard let workflow else { return inputs }
        do {
            inputs = try Engine.checkInputs(inputs, of: workflow.definition)
        } catch {
            let location = entry.map { session.location(of: $0.keyNode) } ?? reader.location
            session.error(
                "the inputs do not fit workflow '\(workflow.name)': \(error.message)",
                at: location)
        }
        return inputs
    }

    /// `arrivals: { count, every }`: how many instances start, and how far apart.
    private func arrivals(_ node: Node) -> Arrivals {
        guard let reader = MappingReader(node, what: "'arrivals'", session: session) else {
            return Arrivals()
        }
        reader.checkKeys(["count", "every"])
        let count = reader.value("count").flatMap {
            session.integer($0, for: "count", in: 1...ScenarioLimits.maximumArrivals)
        }
        let every = reader.value("every").flatMap {
            session.durationDistribution($0, for: "every")
        }
        return Arrivals(count: count ?? 1, every: every)
    }
}
