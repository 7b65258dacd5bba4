import ChoreoEngine
import MCP

/// The live engine as an MCP server: the `ToolCatalog` tools over any MCP transport
/// (stdio for `choreo serve`, in-memory in tests), with the timer service running beside.
///
/// ```swift
/// let live = try LiveEngine(database: "choreo.db", workflows: loaded.workflows)
/// try await WorkflowMCPServer(engine: live).serveStandardIO()
/// ```
public struct WorkflowMCPServer: Sendable {
    public let engine: LiveEngine
    /// Longest sleep of the timer service.
    public let pollInterval: Duration

    public init(engine: LiveEngine, pollInterval: Duration = .seconds(1)) {
        self.engine = engine
        self.pollInterval = pollInterval
    }

    /// An MCP server whose tools run on the live engine, not yet started.
    public func makeServer() async -> Server {
        let server = Server(
            name: "choreo", version: "0.1.0", title: "Choreo live engine",
            instructions: "Teams poll get_team_tasks, claim_task, then complete_task or "
                + "fail_task; approvals and escalations are answered with decide.",
            capabilities: .init(tools: .init(listChanged: false)))
        let engine = self.engine
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(
                tools: ToolCatalog.all.map { tool in
                    Tool(
                        name: tool.name, description: tool.summary,
                        inputSchema: tool.inputSchema.mcpValue)
                })
        }
        await server.withMethodHandler(CallTool.self) { parameters in
            let arguments = ChoreoModel.Value(.object(parameters.arguments ?? [:]))
            switch await ToolCalls.call(parameters.name, arguments: arguments, on: engine) {
            case .success(let value):
                return Self.result(text: value.json, structured: value, isError: false)
            case .failure(let refusal):
                return Self.result(
                    text: "\(refusal.code): \(refusal.message)", structured: refusal.value,
                    isError: true)
            }
        }
        return server
    }

    /// A tool result carrying `structured` as structured content and `text` as text.
    private static func result(text: String, structured: ChoreoModel.Value, isError: Bool)
        -> CallTool.Result
    {
        // Spelled as an optional: a bare value picks the SDK's throwing `Codable` initializer.
        let content: MCP.Value? = structured.mcpValue
        return CallTool.Result(
            content: [.text(text: text, annotations: nil, _meta: nil)],
            structuredContent: content, isError: isError)
    }

    /// Serves on standard input and output (`choreo serve`) until the client closes them.
    public func serveStandardIO() async throws {
        try await serve(transport: StdioTransport())
    }

    /// Serves on `transport` until the peer disconnects, firing timers meanwhile.
    public func serve(transport: any Transport) async throws {
        let server = await makeServer()
        let timers = Task { [engine, pollInterval] in
            await TimerService(engine: engine, pollInterval: pollInterval).run()
        }
        defer { timers.cancel() }
        try await server.start(transport: transport)
        await server.waitUntilCompleted()
        await server.stop()
    }
}
