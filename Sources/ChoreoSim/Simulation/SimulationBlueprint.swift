/// What every run of a scenario shares, prepared once: the workflow program, the work
/// plan of each step and the make-up of each team. Immutable, so replications on several
/// threads can share one.
public final class SimulationBlueprint: Sendable {
    public let scenario: Scenario
    public let program: WorkflowProgram
    let plans: [WorkPlan]
    /// Per step: the plan of each attempt with an override (1-based attempt numbers).
    let attemptPlans: [[Int: WorkPlan]]
    /// Per step, what the run loop draws its tasks from without reading the plan.
    let stepDraws: [StepDraws]
    let teams: [TeamSetup]
    /// The `fnv1a64` hash of each step's stream name (`step:<id>`), by step index.
    let stepStreamHashes: [UInt64]
    /// The `fnv1a64` hash of each fault's stream name (`fault:<index>`).
    let faultStreamHashes: [UInt64]

    public init(_ scenario: Scenario) {
        self.scenario = scenario
        program = WorkflowProgram(scenario.workflow)
        let plans = scenario.workflow.steps.map { WorkPlan(step: $0, scenario: scenario) }
        self.plans = plans
        attemptPlans = plans.map { plan in plan.attempts.mapValues(plan.applying) }
        stepDraws = plans.map(StepDraws.init)
        teams = SimulationBlueprint.teams(of: scenario)
        stepStreamHashes = scenario.workflow.steps.map { RandomStreams.fnv1a64("step:\($0.id)") }
        faultStreamHashes = scenario.faults.indices.map { RandomStreams.fnv1a64("fault:\($0)") }
    }

    /// Every team the workflow or the scenario names, workflow teams first (sorted).
    private static func teams(of scenario: Scenario) -> [TeamSetup] {
        var names = scenario.workflow.teams
        for team in scenario.teams where !names.contains(team.name) { names.append(team.name) }
        for fault in scenario.faults {
            if case .outage(let team, _, _) = fault, !names.contains(team) { names.append(team) }
        }
        return names.map { name in
            let behavior = scenario.team(named: name)
            var outages: [(Microseconds, Microseconds)] = []
            var silent = behavior?.decisions?.silent ?? false
            for fault in scenario.faults {
                switch fault {
                case .outage(name, let at, let duration):
                    outages.append((scenario.start + at, scenario.start + at + duration))
                case .silent(name):
                    silent = true
                default:
                    break
                }
            }
            return TeamSetup(
                name: name,
                agents: behavior?.agents ?? scenario.defaults.agents ?? BuiltInBehavior.agents,
                availability: Availability(
                    calendar: behavior?.calendar ?? scenario.defaults.calendar, outages: outages),
                behavior: behavior, silent: silent)
        }
    }
}

/// How one simulated team is made up.
struct TeamSetup: Sendable {
    let name: String
    let agents: Int
    let availability: Availability
    let behavior: TeamBehavior?
    let silent: Bool
    /// The name each agent claims under: `engineering-team-1`, …
    let agentNames: [String]
    /// The `fnv1a64` hash of each stream's name (`team:<name>:claim`, …), by `Stream`.
    let streamHashes: [UInt64]

    /// The team's random streams, in `streamHashes` order.
    enum Stream: Int, CaseIterable {
        case claim, duration, outputs, failure, decision

        /// The last part of the stream's name.
        var purpose: String {
            switch self {
            case .claim: return "claim"
            case .duration: return "duration"
            case .outputs: return "outputs"
            case .failure: return "failure"
            case .decision: return "decision"
            }
        }
    }

    init(
        name: String, agents: Int, availability: Availability, behavior: TeamBehavior?,
        silent: Bool
    ) {
        self.name = name
        self.agents = agents
        self.availability = availability
        self.behavior = behavior
        self.silent = silent
        agentNames = agents >= 1 ? (1...agents).map { "\(name)-\($0)" } : []
        streamHashes = Stream.allCases.map {
            RandomStreams.fnv1a64("team:\(name):\($0.purpose)")
        }
    }
}
