import ChoreoEngine

/// Statuses and kinds as the tables hold them (their raw values), as constants that a
/// statement binds where they are (`BoundStatement.bind(constant:)`): a task row binds two
/// and an instance row one, and a raw value's `String` cost some 150 instructions more to
/// bind (its bytes read out of the string, then copied into the arena).
extension TaskStatus {
    var rawText: StaticString {
        switch self {
        case .pending: "pending"
        case .claimed: "claimed"
        case .completed: "completed"
        case .failed: "failed"
        case .cancelled: "cancelled"
        }
    }
}

extension TaskKind {
    var rawText: StaticString {
        switch self {
        case .task: "task"
        case .approval: "approval"
        case .escalation: "escalation"
        }
    }
}

extension InstanceStatus {
    var rawText: StaticString {
        switch self {
        case .pending: "pending"
        case .running: "running"
        case .completed: "completed"
        case .failed: "failed"
        case .rejected: "rejected"
        case .rolledBack: "rolled_back"
        case .timedOut: "timed_out"
        case .cancelled: "cancelled"
        }
    }
}

extension BoundStatement {
    /// Binds constant text: SQLite reads it where it is, without a copy into the arena.
    mutating func bind(constant text: StaticString) {
        text.withUTF8Buffer { bind(static: $0) }
    }
}
