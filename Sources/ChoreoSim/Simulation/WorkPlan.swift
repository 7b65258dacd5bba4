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
///
/// A class, immutable once built, so that reading a task's plan retains one object rather
/// than copying a dozen fields. The blueprint builds each attempt override's plan up front
/// (`applying(_:)`).
final class WorkPlan: Sendable {
    let claimDelay: Distribution
    let claimDelayFromStep: Bool
    let duration: DurationSpec
    let durationFromStep: Bool
    let outputs: [OutputField]
    let outputsFromStep: Bool
    let failures: [FailureSpec]
    let failureFromStep: Bool
    let outcome: Outcome
    let decision: Decision?
    /// Per-attempt overrides (1-based attempt numbers).
    let attempts: [Int: StepOverride]
    /// Indices into the scenario's faults that apply to this step.
    let faults: [Int]
    /// The object every report is made from: each constant field with its value, each
    /// drawn field with `null` in its place.
    let outputTemplate: [String: Value]
    /// The output fields drawn at random, in `outputs` order (the order of the draws).
    let drawnOutputs: [OutputField]
    /// Per member of `outputTemplate`, in its order: the index in `drawnOutputs` of the
    /// draw that gives its value, or -1 for a constant.
    let outputSources: [Int]
    private init(
        claimDelay: Distribution, claimDelayFromStep: Bool, duration: DurationSpec,
        durationFromStep: Bool, outputs: [OutputField], outputsFromStep: Bool,
        failures: [FailureSpec], failureFromStep: Bool, outcome: Outcome, decision: Decision?,
        attempts: [Int: StepOverride], faults: [Int]
    ) {
        self.claimDelay = claimDelay
        self.claimDelayFromStep = claimDelayFromStep
        self.duration = duration
        self.durationFromStep = durationFromStep
        self.outputs = outputs
        self.outputsFromStep = outputsFromStep
        self.failures = failures
        self.failureFromStep = failureFromStep
        self.outcome = outcome
        self.decision = decision
        self.attempts = attempts
        self.faults = faults
        // Field names are unique (a mapping in the scenario; an override replaces a field).
        var template = [String: Value](minimumCapacity: outputs.count)
        var drawn: [OutputField] = []
        var draws: [String: Int] = [:]
        for field in outputs {
            if case .constant(let value) = field.spec {
                template[field.name] = value
            } else {
                template[field.name] = Value.null
                draws[field.name] = drawn.count
                drawn.append(field)
            }
        }
        outputTemplate = template
        drawnOutputs = drawn
        outputSources = template.keys.map { draws[$0] ?? -1 }
    }

    /// This plan with an attempt's override applied on top.
    func applying(_ attempt: StepOverride) -> WorkPlan {
        var outputs = self.outputs
        for field in attempt.outputs {
            outputs.removeAll { $0.name == field.name }
            outputs.append(field)
        }
        return WorkPlan(
            claimDelay: attempt.claimDelay ?? claimDelay,
            claimDelayFromStep: attempt.claimDelay != nil || claimDelayFromStep,
            duration: attempt.duration ?? duration,
            durationFromStep: attempt.duration != nil || durationFromStep,
            outputs: outputs, outputsFromStep: !attempt.outputs.isEmpty || outputsFromStep,
            failures: attempt.fail.map { [$0] } ?? failures,
            failureFromStep: attempt.fail != nil || failureFromStep,
            outcome: attempt.outcome ?? outcome, decision: decision, attempts: attempts,
            faults: faults)
    }

    convenience init(step: Step, scenario: Scenario) {
        let team = step.team.flatMap { scenario.team(named: $0) }
        var action: ActionBehavior?
        if case .task(let task) = step.kind {
            action =
                team?.action(named: task.action) ?? scenario.defaults.action(named: task.action)
        }
        let override = scenario.override(forStep: step.id)
        let defaults = scenario.defaults
        let claimDelay =
            override?.claimDelay ?? action?.claimDelay ?? team?.claimDelay
            ?? defaults.claimDelay ?? BuiltInBehavior.claimDelay
        let duration =
            override?.duration ?? action?.duration
            ?? (team?.duration ?? defaults.duration).map(DurationSpec.distribution)
            ?? .distribution(BuiltInBehavior.duration)
        var outputs = action?.outputs ?? []
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
        var faults: [Int] = []
        for (index, fault) in scenario.faults.enumerated() {
            switch fault {
            case .failure(let target, _), .agentLost(let target, _, _):
                if target.matches(step: step) { faults.append(index) }
            default:
                break
            }
        }
        self.init(
            claimDelay: claimDelay, claimDelayFromStep: override?.claimDelay != nil,
            duration: duration, durationFromStep: override?.duration != nil, outputs: outputs,
            outputsFromStep: !(override?.outputs.isEmpty ?? true),
            failures: [override?.fail ?? action?.fail].compactMap { $0 },
            failureFromStep: override?.fail != nil,
            outcome: override?.outcome ?? action?.outcome ?? .success,
            decision: override?.decision, attempts: override?.attempts ?? [:], faults: faults)
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
