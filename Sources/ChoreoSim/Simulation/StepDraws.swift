/// What a task's claim delay and work are drawn from, per step, as plain values: built
/// once from the step's `WorkPlan` by the blueprint, read by the run loop where it is.
///
/// Reading the plan itself retained it, and each draw copied its distribution in and out
/// (the enum holds arrays in some cases): about 140 instructions of a task's claim delay
/// and as many of its work. What a sampler cannot hold, and a step with attempt overrides,
/// failures or faults, goes through the plan as before.
struct StepDraws: Sendable {
    /// The claim delay; nil for a distribution that draws from a list.
    let claimDelay: Sampler?
    let claimDelayFromStep: Bool
    /// The duration of the work; nil when it is read from an input or drawn from a list.
    let duration: Sampler?
    let durationFromStep: Bool
    /// Whether the work is drawn from this alone: the step has no attempt overrides, no
    /// failures and no faults (whose draws come before and after the duration's).
    let isPlain: Bool
    /// Whether any output field is drawn (else the report is the plan's template).
    let drawsOutputs: Bool
    let outcome: Outcome

    init(_ plan: WorkPlan) {
        claimDelay = Sampler(plan.claimDelay)
        claimDelayFromStep = plan.claimDelayFromStep
        if case .distribution(let distribution) = plan.duration {
            duration = Sampler(distribution)
        } else {
            duration = nil
        }
        durationFromStep = plan.durationFromStep
        isPlain = plan.attempts.isEmpty && plan.failures.isEmpty && plan.faults.isEmpty
        drawsOutputs = !plan.drawnOutputs.isEmpty
        outcome = plan.outcome
    }
}
