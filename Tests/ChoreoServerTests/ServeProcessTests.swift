import ChoreoEngine
import Foundation
import MCP
import SystemPackage
import Testing

/// A `choreo serve` child process, and the SDK's client talking to it over its standard
/// input and output.
private struct ServeProcess {
    let pid: pid_t
    let client: Client

    /// Starts `choreo serve` on `db` with the seed workflow and connects a client.
    static func start(db: String) async throws -> ServeProcess {
        var toServer: [Int32] = [0, 0]
        var fromServer: [Int32] = [0, 0]
        try #require(pipe(&toServer) == 0 && pipe(&fromServer) == 0)
        // Close-on-exec, so that no other child inherits an end and holds a pipe open.
        for descriptor in toServer + fromServer { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        let arguments = [
            choreoPath, "serve", "--db", db, "--workflows", seedWorkflowPath, "--quiet",
        ]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toServer[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromServer[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, choreoPath, &actions, nil, &argv, environ)
        close(toServer[0])
        close(fromServer[1])
        try #require(spawned == 0, "cannot start \(choreoPath): error \(spawned)")
        let transport = StdioTransport(
            input: FileDescriptor(rawValue: fromServer[0]),
            output: FileDescriptor(rawValue: toServer[1]))
        let client = Client(name: "choreo-restart-test", version: "1.0")
        _ = try await client.connect(transport: transport)
        return ServeProcess(pid: pid, client: client)
    }

    /// Kills the server with SIGKILL; returns whether the signal is what ended it.
    func kill() async -> Bool {
        Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        await client.disconnect()
        return status & 0x7F == SIGKILL
    }
}

@Test(.enabled(if: choreoIsBuilt), .timeLimit(.minutes(2)))
func aServerKilledMidWorkflowLosesNothingAcrossARestart() async throws {
    let db = temporaryDatabase()
    let first = try await ServeProcess.start(db: db)
    let started = try await first.client.success(
        "start_workflow", ["workflow_name": "ai-model-update", "inputs": seedInputs])
    let instance = try #require(started["instance_id"].stringValue)
    try await first.client.success(
        "claim_task", ["task_id": "task-1", "team": "engineering-team", "agent": "eng-1"])
    #expect(await first.kill())

    let second = try await ServeProcess.start(db: db)
    let tasks = try await second.client.success("get_team_tasks", ["team": "engineering-team"])
    guard case .list(let open) = tasks["tasks"], open.count == 1 else {
        Issue.record("engineering-team's queue after the restart: \(tasks)")
        return
    }
    let claimed = open[0]
    #expect(claimed["id"] == "task-1")
    #expect(claimed["claimed_by"] == "eng-1")
    try await second.client.success(
        "complete_task",
        ["task_id": "task-1", "output": ["compatibility_report": "ok", "cost_delta": 650]])
    let status = try await second.client.success(
        "get_workflow_status", ["instance_id": .string(instance)])
    #expect(status["status"] == "running")
    #expect(status["current_step"] == "cost_approval")
    let history = try await second.client.success(
        "get_history", ["instance_id": .string(instance)])
    guard case .list(let events) = history["events"] else {
        Issue.record("no events: \(history)")
        return
    }
    let names = events.compactMap { $0["event"].stringValue }
    #expect(names.filter { $0 == "workflow_started" }.count == 1)
    #expect(names.filter { $0 == "task_claimed" }.count == 1)
    #expect(names.filter { $0 == "step_completed" }.count == 1)
    #expect(await second.kill())
}

@Test(.enabled(if: choreoIsBuilt), .timeLimit(.minutes(2)))
func shellCommandsAndARunningServerShareOneDatabase() async throws {
    let db = temporaryDatabase()
    let server = try await ServeProcess.start(db: db)
    let started = try runChoreo(
        [
            "start", "ai-model-update", "--workflows", seedWorkflowPath, "--db", db,
            "--inputs", seedInputs.json,
        ])
    #expect(started.status == 0, "\(started.standardError)")
    let tasks = try await server.client.success("get_team_tasks", ["team": "engineering-team"])
    guard case .list(let open) = tasks["tasks"], let task = open.first else {
        Issue.record("the server does not see the shell's instance: \(tasks)")
        return
    }
    #expect(
        task["instance_id"] == .string(started.standardOutput.trimmingCharacters(in: .newlines)))
    try await server.client.success(
        "claim_task", ["task_id": task["id"], "team": "engineering-team", "agent": "mcp-agent"])
    let second = try runChoreo(
        ["claim", "task-1", "--team", "engineering-team", "--agent", "shell", "--db", db])
    #expect(second.status == 1)
    #expect(second.standardError.contains("already claimed by mcp-agent"))
    #expect(await server.kill())
}
