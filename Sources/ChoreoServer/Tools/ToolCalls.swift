import ChoreoEngine

/// Runs a tool call on a live engine: arguments in, JSON result or refusal out. Each call
/// is one live command.
public enum ToolCalls {
    /// The result of tool `name` with `arguments`, or why it was refused (nothing changed).
    public static func call(_ name: String, arguments: Value, on live: LiveEngine) async
        -> Result<Value, LiveRefusal>
    {
        guard let tool = ToolCatalog.tool(named: name) else {
            let known = ToolCatalog.all.map(\.name).joined(separator: ", ")
            return .failure(.invalidArguments("no tool '\(name)' (tools: \(known))"))
        }
        do {
            return .success(try await run(tool, try ToolArguments(arguments, for: tool), on: live))
        } catch let refusal as LiveRefusal {
            return .failure(refusal)
        } catch {
            return .failure(LiveRefusal(code: "internal_error", "\(error)"))
        }
    }

    private static func run(
        _ tool: ToolDescription, _ arguments: ToolArguments, on live: LiveEngine
    )
        async throws -> Value
    {
        switch tool.name {
        case "list_workflows":
            return ["workflows": .list(live.workflows.map(LiveJSON.workflow))]
        case "start_workflow":
            let id = try await live.start(
                workflow: try arguments.string("workflow_name"),
                inputs: try arguments.object("inputs"))
            return ["instance_id": .string(id)]
        case "get_team_tasks":
            let tasks = await live.tasks(team: try arguments.string("team"))
            return ["tasks": .list(tasks.map(LiveJSON.task))]
        case "claim_task":
            let team = try arguments.string("team")
            return LiveJSON.receipt(
                try await live.claim(
                    task: try arguments.string("task_id"), team: team,
                    agent: try arguments.optionalString("agent") ?? team))
        case "complete_task":
            return LiveJSON.receipt(
                try await live.complete(
                    task: try arguments.string("task_id"), output: try arguments.object("output"),
                    outcome: try arguments.choice("outcome", as: Outcome.self, default: .success),
                    agent: try arguments.optionalString("agent")))
        case "fail_task":
            return LiveJSON.receipt(
                try await live.fail(
                    task: try arguments.string("task_id"),
                    errorType: try arguments.string("error_type"),
                    message: try arguments.string("message"),
                    agent: try arguments.optionalString("agent")))
        case "decide":
            return LiveJSON.receipt(
                try await live.decide(
                    task: try arguments.string("task_id"), team: try arguments.string("team"),
                    role: try arguments.optionalString("role"),
                    decision: try arguments.choice("decision", as: Decision.self),
                    comment: try arguments.optionalString("comment")))
        case "get_workflow_status":
            return try await live.status(instance: try arguments.string("instance_id"))
        case "get_history":
            return try await live.history(instance: try arguments.string("instance_id"))
        default:
            preconditionFailure("tool \(tool.name) is in the catalog but not run")
        }
    }
}
