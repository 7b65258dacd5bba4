import ChoreoEngine

/// Step ids and event names as JSON strings, quoted once: every history event's `data`
/// holds its name and most its step's id, and checking each for escapes and copying it
/// out of a `String` cost a tenth of writing the history (`writeData`).
extension HistoryEvent {
    /// `name`, in double quotes (none needs an escape).
    var quotedName: StaticString {
        switch kind {
        case .workflowStarted: #""workflow_started""#
        case .taskOffered: #""task_offered""#
        case .taskClaimed: #""task_claimed""#
        case .taskReleased: #""task_released""#
        case .taskWithdrawn: #""task_withdrawn""#
        case .stepCompleted: #""step_completed""#
        case .stepFailed: #""step_failed""#
        case .conditionEvaluated: #""condition_evaluated""#
        case .approvalWaiting: #""approval_waiting""#
        case .approvalDecided: #""approval_decided""#
        case .approvalTimedOut: #""approval_timed_out""#
        case .containerStarted: #""step_started""#
        case .containerFinished: #""step_finished""#
        case .retryScheduled: #""retry_scheduled""#
        case .escalated: #""escalated""#
        case .escalationDecided: #""escalation_decided""#
        case .handlerStarted: #""handler_started""#
        case .notificationSent: #""notification_sent""#
        case .workflowFinished: #""workflow_finished""#
        }
    }
}

/// A program's node names (`WorkflowProgram.name(of:)`) as JSON strings, quoted and
/// escaped once: the steps', the body's and the compensation sequence's (`handler`).
final class QuotedNodeNames {
    let program: WorkflowProgram
    /// The JSON texts of the names of each node up to one past the body, one after the
    /// other: one buffer, not an array per name, which a lookup retained and released.
    private let names: [UInt8]
    /// Per node, where its name ends in `names`, after a 0.
    private let ends: [Int]

    init(_ program: WorkflowProgram) {
        self.program = program
        let writer = JSONWriter()
        var ends = [0]
        for node in 0...program.definition.steps.count + 1 {
            writer.writeString(program.name(of: node))
            ends.append(writer.count)
        }
        names = writer.bytes
        self.ends = ends
    }

    /// Appends node `node`'s name to `writer`, quoted.
    func write(_ node: Int, to writer: JSONWriter) {
        guard node >= 0, node + 1 < ends.count else {
            return writer.writeString(program.name(of: node))
        }
        names.withUnsafeBufferPointer {
            writer.append(UnsafeBufferPointer(rebasing: $0[ends[node]..<ends[node + 1]]))
        }
    }
}
