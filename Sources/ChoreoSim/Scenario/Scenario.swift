/// A simulated world for one workflow: who the teams are, how long their work takes,
/// what they return, how they decide, what goes wrong, and what is expected.
///
/// Durations inside distributions are in seconds.
public struct Scenario: Sendable {
    public var name: String
    /// The file the scenario was loaded from, for messages and replay commands.
    public var file: String
    public var workflow: WorkflowDefinition
    public var seed: UInt64
    /// When the first instance starts (microseconds since the Unix epoch).
    public var start: Microseconds
    public var inputs: Value
    public var arrivals: Arrivals
    public var defaults: TeamBehavior
    /// Teams in source order.
    public var teams: [TeamBehavior]
    /// Per-step overrides, in source order.
    public var steps: [StepOverride]
    public var faults: [Fault]
    public var expectations: [Expectation]

    public init(
        name: String, file: String, workflow: WorkflowDefinition, seed: UInt64 = 1,
        start: Microseconds = 0, inputs: Value = .object([:]), arrivals: Arrivals = Arrivals(),
        defaults: TeamBehavior = TeamBehavior(name: "defaults"), teams: [TeamBehavior] = [],
        steps: [StepOverride] = [], faults: [Fault] = [], expectations: [Expectation] = []
    ) {
        self.name = name
        self.file = file
        self.workflow = workflow
        self.seed = seed
        self.start = start
        self.inputs = inputs
        self.arrivals = arrivals
        self.defaults = defaults
        self.teams = teams
        self.steps = steps
        self.faults = faults
        self.expectations = expectations
    }

    /// The behaviour of team `name`, if the scenario describes it.
    public func team(named name: String) -> TeamBehavior? {
        teams.first { $0.name == name }
    }

    /// The override of step `id`, if the scenario has one.
    public func override(forStep id: String) -> StepOverride? {
        steps.first { $0.step == id }
    }
}

/// How instances arrive: `count` of them, `every` apart (all at once without `every`).
public struct Arrivals: Sendable, Hashable {
    public var count: Int
    /// Inter-arrival time in seconds.
    public var every: Distribution?

    public init(count: Int = 1, every: Distribution? = nil) {
        self.count = count
        self.every = every
    }
}

/// How a team (or the scenario's `defaults`) behaves. Unset fields fall back to the
/// scenario's defaults, then to built-in values.
public struct TeamBehavior: Sendable {
    public var name: String
    public var agents: Int?
    public var calendar: WorkCalendar?
    /// Seconds from an agent taking a task to claiming it.
    public var claimDelay: Distribution?
    /// Seconds of work.
    public var duration: Distribution?
    /// Per action, in source order.
    public var actions: [ActionBehavior]
    public var decisions: DecisionBehavior?

    public init(
        name: String, agents: Int? = nil, calendar: WorkCalendar? = nil,
        claimDelay: Distribution? = nil, duration: Distribution? = nil,
        actions: [ActionBehavior] = [], decisions: DecisionBehavior? = nil
    ) {
        self.name = name
        self.agents = agents
        self.calendar = calendar
        self.claimDelay = claimDelay
        self.duration = duration
        self.actions = actions
        self.decisions = decisions
    }

    /// The behaviour of `action`, if listed.
    public func action(named name: String) -> ActionBehavior? {
        actions.first { $0.name == name }
    }
}

/// How long work takes: a distribution in seconds, or a duration read from the step's
/// resolved inputs (the seed's monitors: `duration: 2h`).
public enum DurationSpec: Sendable, Hashable {
    case distribution(Distribution)
    case input(String)
}

/// What an output field holds: a constant, a number drawn from a distribution, or one of
/// several values.
public enum OutputSpec: Sendable, Hashable {
    case constant(Value)
    case distribution(Distribution)
    case choice(values: [Value], weights: [Double])
}

/// A named output field and what it holds.
public struct OutputField: Sendable, Hashable {
    public var name: String
    public var spec: OutputSpec

    public init(name: String, spec: OutputSpec) {
        self.name = name
        self.spec = spec
    }
}

/// A chance that work fails with `errorType` (reported when its duration has passed).
public struct FailureSpec: Sendable, Hashable {
    public var probability: Double
    public var errorType: String
    public var message: String?

    public init(probability: Double, errorType: String, message: String? = nil) {
        self.probability = probability
        self.errorType = errorType
        self.message = message
    }
}

/// How a team does one action.
public struct ActionBehavior: Sendable {
    public var name: String
    public var duration: DurationSpec?
    public var claimDelay: Distribution?
    public var outputs: [OutputField]
    public var fail: FailureSpec?
    public var outcome: Outcome?

    public init(
        name: String, duration: DurationSpec? = nil, claimDelay: Distribution? = nil,
        outputs: [OutputField] = [], fail: FailureSpec? = nil, outcome: Outcome? = nil
    ) {
        self.name = name
        self.duration = duration
        self.claimDelay = claimDelay
        self.outputs = outputs
        self.fail = fail
        self.outcome = outcome
    }
}

/// How a team decides approvals and escalations.
public struct DecisionBehavior: Sendable, Hashable {
    /// Probability that an approval is approved.
    public var approve: Double?
    /// Seconds to decide.
    public var delay: Distribution?
    /// Weights of retry, skip and abort for escalations.
    public var escalation: EscalationWeights?
    /// Whether the team never answers (an approver who is away).
    public var silent: Bool

    public init(
        approve: Double? = nil, delay: Distribution? = nil, escalation: EscalationWeights? = nil,
        silent: Bool = false
    ) {
        self.approve = approve
        self.delay = delay
        self.escalation = escalation
        self.silent = silent
    }
}

/// Relative weights of the three escalation decisions.
public struct EscalationWeights: Sendable, Hashable {
    public var retry: Double
    public var skip: Double
    public var abort: Double

    public init(retry: Double, skip: Double, abort: Double) {
        self.retry = retry
        self.skip = skip
        self.abort = abort
    }
}

/// A scripted override for one step: what its team does when it gets it.
public struct StepOverride: Sendable {
    public var step: String
    public var duration: DurationSpec?
    public var claimDelay: Distribution?
    public var outputs: [OutputField]
    public var fail: FailureSpec?
    public var outcome: Outcome?
    /// For approvals and escalations: the decision taken.
    public var decision: Decision?
    /// Per attempt (1-based): overrides for that attempt only, e.g. to fail the first.
    public var attempts: [Int: StepOverride]

    public init(
        step: String, duration: DurationSpec? = nil, claimDelay: Distribution? = nil,
        outputs: [OutputField] = [], fail: FailureSpec? = nil, outcome: Outcome? = nil,
        decision: Decision? = nil, attempts: [Int: StepOverride] = [:]
    ) {
        self.step = step
        self.duration = duration
        self.claimDelay = claimDelay
        self.outputs = outputs
        self.fail = fail
        self.outcome = outcome
        self.decision = decision
        self.attempts = attempts
    }
}
