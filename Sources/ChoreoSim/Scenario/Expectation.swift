/// A check `choreo rehearse` makes on a finished run (the scenario's `expect:`).
public struct Expectation: Sendable, Hashable {
    /// What is checked.
    public var kind: Kind
    /// Where the expectation is written, for messages.
    public var location: SourceLocation

    /// An expectation of `kind`, written at `location`.
    public init(_ kind: Kind, at location: SourceLocation = .start) {
        self.kind = kind
        self.location = location
    }

    /// What is checked.
    public enum Kind: Sendable, Hashable {
        /// `status: rolled_back`: how the instance ends.
        case status(InstanceStatus)
        /// `steps: { id: status }`: how a step ends.
        case stepStatus(step: String, status: StepStatus)
        /// `completion: { at_most }`: the run takes at most this long.
        case completionAtMost(Microseconds)
        /// `completion: { at_least }`: the run takes at least this long.
        case completionAtLeast(Microseconds)
        /// `handlers: [test_failure]` or `[{custom: test_failure}]`: a handler for
        /// `errorType` ran (of `action` when given: retry, escalate, custom or notify).
        case handlerRan(errorType: String, action: String?)
        /// `escalations: 1` or `{ initial_assessment: 1 }`: how many escalations were
        /// offered, in the whole run (`step` nil) or for one step.
        case escalations(step: String?, count: Int)
        /// `retries: 1` or `{ initial_assessment: 1 }`: how many retries were scheduled.
        case retries(step: String?, count: Int)
        /// `notified: [operations-team]`: the team received at least one notification.
        case notified(team: String)
        /// `order: [[a, b]]`: step `first` ended no later than step `then` started.
        case order(first: String, then: String)
        /// `received: { step: { input: value } }`: the member `input` (a dotted path into
        /// the step's resolved inputs) of the step's last attempt.
        case received(step: String, input: [String], value: ExpectedValue)
        /// `outputs: { name: value }`: a workflow output when the run ended.
        case output(name: String, value: ExpectedValue)
    }
}

/// A value an expectation compares with: written out, or another step's output.
public enum ExpectedValue: Sendable, Hashable {
    /// This value exactly.
    case value(Value)
    /// `{ from: step.outputs.field }`: what that step returned in `field`; the check fails
    /// when the step returned nothing there.
    case stepOutput(step: String, field: String)
}
