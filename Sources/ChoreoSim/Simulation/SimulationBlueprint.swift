/// What every run of a scenario shares, prepared once: the workflow program, the work
/// plan of each step and the make-up of each team. Immutable, so replications on several
/// threads can share one.
public final class SimulationBlueprint: Sendable {
    public let scenario: Scenario
    public let program: WorkflowProgram
    let plans: [WorkPlan]
    let teams: [TeamSetup]

    public init(_ scenario: Scenario) {
        self.scenario = scenario
        program = WorkflowProgram(scenario.workflow)
        plans = scenario.workflow.steps.map { WorkPlan(step: $0, scenario: scenario) }
        teams = SimulationBlueprint.teams(of: scenario)
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
    var name: String
    var agents: Int
    var availability: Availability
    var behavior: TeamBehavior?
    var silent: Bool
}
