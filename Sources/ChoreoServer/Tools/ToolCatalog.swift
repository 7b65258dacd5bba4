import ChoreoEngine

/// One tool of the MCP server: its name, what it does, and the JSON Schema of its
/// arguments.
public struct ToolDescription: Sendable, Hashable {
    public var name: String
    public var summary: String
    /// A JSON Schema (`type: object`) for the arguments.
    public var inputSchema: Value
}

/// The tools the live engine offers: the seed's `WorkflowMCPClient` calls and a few more.
public enum ToolCatalog {
    public static let all: [ToolDescription] = [
        tool(
            "list_workflows", "The workflows that can be started, with their inputs.", [:]),
        tool(
            "start_workflow",
            "Start an instance of a workflow with its inputs; answers {instance_id}.",
            [
                "workflow_name": string("The workflow's name, as list_workflows gives it."),
                "inputs": object("The workflow's inputs, checked against its declared types."),
            ], required: ["workflow_name"]),
        tool(
            "get_team_tasks",
            "A team's open tasks (pending and claimed), oldest first; kind is task, approval "
                + "or escalation.",
            ["team": string("The team, e.g. engineering-team.")], required: ["team"]),
        tool(
            "claim_task",
            "Claim a pending task for its team; the claim holds for the server's lease, "
                + "after which an unfinished task goes back to the team's queue.",
            [
                "task_id": string("The task, e.g. task-1."),
                "team": string("The team the task is offered to."),
                "agent": string("Who works on it (default: the team)."),
            ], required: ["task_id", "team"]),
        tool(
            "complete_task",
            "Complete a claimed task with its output (an object holding every declared "
                + "output field).",
            [
                "task_id": string("The task, e.g. task-1."),
                "output": object("The fields the work produced."),
                "outcome": enumeration(
                    Outcome.allCases.map(\.rawValue), "success (default) or partial."),
                "agent": agentArgument,
            ], required: ["task_id", "output"]),
        tool(
            "fail_task",
            "Report that a claimed task failed; the workflow's error handlers take over.",
            [
                "task_id": string("The task, e.g. task-1."),
                "error_type": string("The error type the handlers match, e.g. test_failure."),
                "message": string("What went wrong."),
                "agent": agentArgument,
            ], required: ["task_id", "error_type", "message"]),
        tool(
            "decide",
            "Decide an approval (approve or reject) or an escalation (retry, skip or abort).",
            [
                "task_id": string("The approval or escalation task, e.g. task-2."),
                "team": string("The deciding team."),
                "role": string("The role the decider holds, when the approval names one."),
                "decision": enumeration(Decision.allCases.map(\.rawValue), "The decision."),
                "comment": string("Why, for the history."),
            ], required: ["task_id", "team", "decision"]),
        tool(
            "get_workflow_status",
            "An instance's status, current step, every step's status and the dashboard.",
            ["instance_id": string("The instance, e.g. wf-2025-01-22-ai-model-update-001.")],
            required: ["instance_id"]),
        tool(
            "get_history",
            "Every history event of an instance, in order.",
            ["instance_id": string("The instance, e.g. wf-2025-01-22-ai-model-update-001.")],
            required: ["instance_id"]),
    ]

    /// `agent` of complete_task and fail_task.
    private static let agentArgument = string(
        "The agent that claimed the task; refused if another agent holds the claim now.")

    /// The tool named `name`.
    public static func tool(named name: String) -> ToolDescription? {
        all.first { $0.name == name }
    }

    private static func tool(
        _ name: String, _ summary: String, _ properties: [String: Value],
        required: [String] = []
    ) -> ToolDescription {
        ToolDescription(
            name: name, summary: summary,
            inputSchema: [
                "type": "object", "properties": .object(properties),
                "required": .list(required.map(Value.string)), "additionalProperties": false,
            ])
    }

    private static func string(_ description: String) -> Value {
        ["type": "string", "description": .string(description)]
    }

    private static func object(_ description: String) -> Value {
        ["type": "object", "description": .string(description)]
    }

    private static func enumeration(_ cases: [String], _ description: String) -> Value {
        [
            "type": "string", "enum": .list(cases.map(Value.string)),
            "description": .string(description),
        ]
    }
}
