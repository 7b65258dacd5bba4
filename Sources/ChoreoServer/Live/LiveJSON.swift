import ChoreoEngine
import ChoreoReports

/// The JSON that live commands answer with: the MCP tools' results and the shell
/// commands' `--json`. Times are ISO 8601, durations seconds.
public enum LiveJSON {
    /// An ISO 8601 time, or `null`.
    public static func time(_ time: Microseconds?) -> Value {
        time.map { .string(CivilTime(timestamp: $0).isoText) } ?? .null
    }

    /// A team task as `get_team_tasks` lists it. The instance is also under
    /// `workflow_instance`, the name the seed's `WorkflowMCPClient` reads it by.
    public static func task(_ task: TeamTask) -> Value {
        [
            "id": .string(task.id), "instance_id": .string(task.instanceID),
            "workflow_instance": .string(task.instanceID),
            "step_id": .string(task.stepID), "kind": .string(task.kind.rawValue),
            "action": .string(task.action), "team": .string(task.team),
            "role": task.role.map(Value.string) ?? .null, "input_data": task.inputs,
            "deadline": time(task.deadline), "status": .string(task.status.rawValue),
            "claimed_by": task.claimedBy.map(Value.string) ?? .null,
            "offered_at": time(task.offeredAt), "claimed_at": time(task.claimedAt),
            "attempt": .number(Double(task.attempt)),
        ]
    }

    /// What a command that closed or claimed a task answers: the task's state and its
    /// instance's.
    public static func receipt(_ receipt: TaskReceipt) -> Value {
        [
            "task_id": .string(receipt.task.id), "status": .string(receipt.task.status.rawValue),
            "claimed_by": receipt.task.claimedBy.map(Value.string) ?? .null,
            "lease_expires_at": time(receipt.leaseExpiresAt),
            "instance_id": .string(receipt.task.instanceID),
            "instance_status": .string(receipt.instanceStatus.rawValue),
        ]
    }

    /// A workflow as `list_workflows` shows it.
    public static func workflow(_ definition: WorkflowDefinition) -> Value {
        let inputs: [Value] = definition.inputs.map { input in
            [
                "name": .string(input.name), "type": .string(input.type.rawValue),
                "required": .bool(input.required),
                "schema": .object(
                    Dictionary(
                        input.schema.map { ($0.name, Value.string($0.type.rawValue)) },
                        uniquingKeysWith: { first, _ in first })),
            ]
        }
        return [
            "name": .string(definition.name),
            "version": definition.version.map(Value.string) ?? .null,
            "description": definition.description.map(Value.string) ?? .null,
            "inputs": .list(inputs), "outputs": .list(definition.outputs.map(Value.string)),
            "teams": .list(definition.teams.map(Value.string)),
            "timeout": definition.timeout.map { .number(Durations.seconds($0)) } ?? .null,
        ]
    }

    /// `get_workflow_status`: what `choreo status --json` prints without a scenario (the
    /// run summary with every step's status, the current step, progress and alerts), plus
    /// the dashboard text at `now`.
    public static func status(_ instance: InstanceState, now: Microseconds) -> Value {
        let report = StatusReport(
            instance: instance, now: now,
            estimate: instance.endedAt.map { .ended(at: $0) } ?? .noScenario)
        guard case .object(var object) = report.value else {
            preconditionFailure("a status report is an object")
        }
        object["instance_id"] = .string(instance.id)
        object["dashboard"] = .string(report.text)
        return .object(object)
    }

    /// `get_history`: every event of the instance, in order.
    public static func history(_ instance: InstanceState) -> Value {
        [
            "instance_id": .string(instance.id),
            "status": .string(instance.status.rawValue),
            "events": .list(instance.history.map { $0.value(program: instance.program) }),
        ]
    }
}
