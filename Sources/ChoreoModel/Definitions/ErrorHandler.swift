/// A workflow-level rule for one error type (`team_timeout`, `test_failure`, …).
public struct ErrorHandler: Sendable, Hashable {
    public var errorType: String
    public var action: Action
    public var location: SourceLocation

    public init(errorType: String, action: Action, location: SourceLocation = .start) {
        self.errorType = errorType
        self.action = action
        self.location = location
    }

    /// What the handler does.
    public enum Action: Sendable, Hashable {
        /// Try again; `maxAttempts` counts every attempt, the first included. `backoff`
        /// waits before each new attempt; `then` says what happens when attempts run out.
        case retry(maxAttempts: Int, backoff: Microseconds?, then: FollowUp?)
        /// Ask the escalation team: retry, skip or abort.
        case escalate
        /// Run compensation steps (indices into `WorkflowDefinition.steps`), then end the
        /// instance `rolled_back`.
        case custom(steps: [Int])
        /// Tell these teams, then let the error go on.
        case notify(recipients: [String])
    }

    /// What a retry handler does once its attempts are spent.
    public enum FollowUp: String, Sendable, Hashable, CaseIterable {
        case escalate
        case fail
    }

    /// `retry`, `escalate`, `custom` or `notify`.
    public var actionName: String {
        switch action {
        case .retry: return "retry"
        case .escalate: return "escalate"
        case .custom: return "custom"
        case .notify: return "notify"
        }
    }
}
