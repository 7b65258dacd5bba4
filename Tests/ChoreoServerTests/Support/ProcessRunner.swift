import Foundation
import Testing

/// The `choreo` executable built beside this test binary.
let choreoPath: String = {
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    return executable.deletingLastPathComponent().appendingPathComponent("choreo").path
}()

/// Whether the `choreo` executable is there to run.
let choreoIsBuilt = FileManager.default.isExecutableFile(atPath: choreoPath)

/// What a finished process left: its exit status and its two outputs.
struct ProcessResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

/// Runs `choreo` with `arguments` to its end (killed after `limit`), with standard input
/// closed. (`posix_spawn` and `waitpid` directly: Foundation's `Process` can miss a
/// child's end on Linux.)
func runChoreo(_ arguments: [String], limit: Duration = .seconds(60)) throws -> ProcessResult {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("choreo-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let outputPath = directory.appendingPathComponent("out").path
    let errorPath = directory.appendingPathComponent("err").path
    var argv = ([choreoPath] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, choreoPath, &actions, nil, &argv, environ)
    try #require(spawned == 0, "cannot start \(choreoPath): error \(spawned)")
    let deadline = ContinuousClock.now + limit
    var status: Int32 = 0
    while waitpid(pid, &status, WNOHANG) == 0 {
        if ContinuousClock.now >= deadline {
            kill(pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
            Issue.record("choreo \(arguments.joined(separator: " ")) did not end within \(limit)")
            break
        }
        usleep(1_000)
    }
    func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
    // WEXITSTATUS, spelled out: the C macro does not import; a signal reads as 128 + it.
    let code = status & 0x7F != 0 ? 128 + (status & 0x7F) : (status >> 8) & 0xFF
    return ProcessResult(
        status: code, standardOutput: read(outputPath), standardError: read(errorPath))
}
