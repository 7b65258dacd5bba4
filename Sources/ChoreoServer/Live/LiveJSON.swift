import ChoreoEngine
import ChoreoReports

/// The JSON that live commands answer with: the MCP tools' results and the shell
/// commands' `--json`. Times are ISO 8601, durations seconds.
public enum LiveJSON {
    /// An ISO 8601 time, or `null`.
    public static func time(_ time: Microseconds?) -> Value {
        time.map { .string(CivilTime(timestamp: $0).isoText) } ?? .null
    }

    /// A team task as `get_team_tasks` lists it.
    public static func task(_ task: TeamTask) -> Value {
        [
            "id": .string(task.id), "instance_id": .string(task.instanceID),
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

    /// `get_workflow_status`: the run summary (every step's status), the current step, and
    /// the dashboard text at `now`.
    public static func status(_ instance: InstanceState, now: Microseconds) -> Value {
        guard case .object(var object) = RunSummary.value(instance) else {
            preconditionFailure("a run summary is an object")
        }
        object["instance_id"] = .string(instance.id)
        object["current_step"] = instance.currentStep.map(Value.string) ?? .null
        object["dashboard"] = .string(
            Dashboard.render(instance, now: now, estimate: noEstimate(instance)))
        return .object(object)
    }

    /// The dashboard's "Est. Completion" in live mode, where no scenario says how the
    /// teams behave.
    static func noEstimate(_ instance: InstanceState) -> String {
        instance.endedAt == nil ? "unknown (no scenario given to simulate the rest)" : "ended"
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
