import ChoreoEngine
import MCP
import Testing

@testable import ChoreoServer

/// A tool call's answer, as the client received it.
struct ToolAnswer {
    /// The structured content.
    var value: ChoreoModel.Value
    var isError: Bool
    /// The text content.
    var text: String

    /// The refusal's code, for an error.
    var code: String? { value["error"]["code"].stringValue }
}

/// A live engine serving the MCP tools over an in-memory transport to the SDK's own client.
final class MCPHarness: Sendable {
    let clock: TestClock
    let engine: LiveEngine
    let client: Client

    private init(clock: TestClock, engine: LiveEngine, client: Client) {
        self.clock = clock
        self.engine = engine
        self.client = client
    }

    /// A connected client and server on the seed workflow and a fresh database. The lease
    /// outlasts the seed's longest step (the 4h monitoring) unless a test says otherwise.
    static func seed(lease: Microseconds = 12 * hour) async throws -> MCPHarness {
        let clock = TestClock()
        return try await serving(try seedEngine(clock: clock, lease: lease), clock: clock)
    }

    /// A connected client and a server on `engine`, whose clock is `clock`.
    static func serving(_ engine: LiveEngine, clock: TestClock) async throws -> MCPHarness {
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        let server = await WorkflowMCPServer(engine: engine).makeServer()
        try await server.start(transport: serverSide)
        let client = Client(name: "choreo-tests", version: "1.0")
        _ = try await client.connect(transport: clientSide)
        return MCPHarness(clock: clock, engine: engine, client: client)
    }

    /// Calls `tool`; the text content must be the structured content's JSON.
    func call(_ tool: String, _ arguments: ChoreoModel.Value = [:]) async throws -> ToolAnswer {
        try await client.call(tool, arguments)
    }

    /// Calls `tool`, which must succeed; returns its structured content.
    @discardableResult
    func success(_ tool: String, _ arguments: ChoreoModel.Value = [:]) async throws
        -> ChoreoModel.Value
    {
        try await client.success(tool, arguments)
    }

    /// Starts the seed workflow with the seed's inputs; returns the instance id.
    func startSeed() async throws -> String {
        let started = try await success(
            "start_workflow", ["workflow_name": "ai-model-update", "inputs": seedInputs])
        return try #require(started["instance_id"].stringValue)
    }

    /// The only open task of `team` (of `step`, when given).
    func openTask(_ team: String, step: String? = nil) async throws -> ChoreoModel.Value {
        let tasks = try await success("get_team_tasks", ["team": .string(team)])["tasks"]
        guard case .list(let items) = tasks else { throw HarnessError("no task list") }
        let matching = items.filter { step == nil || $0["step_id"].stringValue == step }
        try #require(matching.count == 1, "\(team) has \(matching.count) open tasks: \(tasks)")
        return matching[0]
    }

    /// Claims and completes the open task of `team` (of `step`) after `duration`.
    @discardableResult
    func work(
        _ team: String, step: String? = nil, after duration: Microseconds = minute,
        output: ChoreoModel.Value, outcome: String? = nil
    ) async throws -> ChoreoModel.Value {
        let task = try await openTask(team, step: step)
        let id = task["id"]
        try await success("claim_task", ["task_id": id, "team": .string(team)])
        clock.advance(by: duration)
        var arguments: [String: ChoreoModel.Value] = ["task_id": id, "output": output]
        if let outcome { arguments["outcome"] = .string(outcome) }
        try await success("complete_task", .object(arguments))
        return task
    }
}

extension Client {
    /// Calls `tool`; the text content must be the structured content's JSON.
    func call(_ tool: String, _ arguments: ChoreoModel.Value = [:]) async throws -> ToolAnswer {
        guard case .object(let members) = arguments.mcpValue else {
            preconditionFailure("arguments are an object")
        }
        let result = try await send(
            CallTool.request(.init(name: tool, arguments: members))
        ).value
        let value = result.structuredContent.map(ChoreoModel.Value.init) ?? .null
        guard case .text(let text, _, _)? = result.content.first else {
            Issue.record("\(tool) answered without text content")
            return ToolAnswer(value: value, isError: result.isError ?? false, text: "")
        }
        if result.isError != true {
            #expect(
                ChoreoModel.Value(json: text) == value,
                "\(tool): text and structured content differ")
        }
        return ToolAnswer(value: value, isError: result.isError ?? false, text: text)
    }

    /// Calls `tool`, which must succeed; returns its structured content.
    @discardableResult
    func success(_ tool: String, _ arguments: ChoreoModel.Value = [:]) async throws
        -> ChoreoModel.Value
    {
        let answer = try await call(tool, arguments)
        try #require(!answer.isError, "\(tool) refused: \(answer.text)")
        return answer.value
    }

}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
