/// Built-in behaviour where neither the scenario's teams nor its defaults say anything.
public enum BuiltInBehavior {
    public static let agents = 1
    public static let claimDelay: Distribution = .constant(0)
    /// Seconds of work.
    public static let duration: Distribution = .constant(1_800)
    /// Seconds to decide an approval or escalation.
    public static let decisionDelay: Distribution = .constant(0)
    public static let approve = 1.0
    public static let escalation = EscalationWeights(retry: 0, skip: 0, abort: 1)
}

/// How a simulated team carries out one step: resolved once per run from the step
/// override, the team's action, the team and the scenario defaults, in that order.
struct WorkPlan: Sendable {
    var claimDelay: Distribution
    var claimDelayFromStep: Bool
    var duration: DurationSpec
    var durationFromStep: Bool
    var outputs: [OutputField]
    var outputsFromStep: Bool
    var failures: [FailureSpec]
    var failureFromStep: Bool
    var outcome: Outcome
    var decision: Decision?
    /// Per-attempt overrides (1-based attempt numbers).
    var attempts: [Int: StepOverride]
    /// Indices into the scenario's faults that apply to this step.
    var faults: [Int]

    init(step: Step, scenario: Scenario) {
        let team = step.team.flatMap { scenario.team(named: $0) }
        var action: ActionBehavior?
        if case .task(let task) = step.kind {
            action =
                team?.action(named: task.action) ?? scenario.defaults.action(named: task.action)
        }
        let override = scenario.override(forStep: step.id)
        let defaults = scenario.defaults
        claimDelayFromStep = override?.claimDelay != nil
        claimDelay =
            override?.claimDelay ?? action?.claimDelay ?? team?.claimDelay
            ?? defaults.claimDelay ?? BuiltInBehavior.claimDelay
        durationFromStep = override?.duration != nil
        duration =
            override?.duration ?? action?.duration
            ?? (team?.duration ?? defaults.duration).map(DurationSpec.distribution)
            ?? .distribution(BuiltInBehavior.duration)
        var outputs = action?.outputs ?? []
        outputsFromStep = !(override?.outputs.isEmpty ?? true)
        for field in override?.outputs ?? [] {
            outputs.removeAll { $0.name == field.name }
            outputs.append(field)
        }
        if case .task(let task) = step.kind {
            for pair in task.outputs
            where !outputs.contains(where: { $0.name == pair.field || $0.name == pair.alias }) {
                outputs.append(
                    OutputField(
                        name: pair.field, spec: .constant(.string("\(pair.field) of \(step.id)"))))
            }
        }
        self.outputs = outputs
        failureFromStep = override?.fail != nil
        failures = [override?.fail ?? action?.fail].compactMap { $0 }
        outcome = override?.outcome ?? action?.outcome ?? .success
        decision = override?.decision
        attempts = override?.attempts ?? [:]
        var faults: [Int] = []
        for (index, fault) in scenario.faults.enumerated() {
            switch fault {
            case .failure(let target, _), .agentLost(let target, _, _):
                if target.matches(step: step) { faults.append(index) }
            default:
                break
            }
        }
        self.faults = faults
    }
}

extension FaultTarget {
    /// Whether the fault applies to `step`.
    func matches(step: Step) -> Bool {
        switch self {
        case .step(let id): return step.id == id
        case .team(let team): return step.team == team
        case .action(let action):
            if case .task(let task) = step.kind { return task.action == action }
            return false
        }
    }
}
