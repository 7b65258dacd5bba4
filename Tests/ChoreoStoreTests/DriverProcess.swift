import Foundation
import Testing

/// The crash driver built beside this test binary.
let driverPath: String = {
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    return executable.deletingLastPathComponent().appendingPathComponent("ChoreoCrashDriver").path
}()

/// A child process running the crash driver. (`posix_spawn` and `waitpid` directly:
/// Foundation's `Process` can miss a child's end on Linux and hang the wait.)
struct DriverProcess {
    /// How the child ended.
    enum Ending: Equatable {
        case exited(Int32)
        case killed
    }

    let pid: pid_t

    /// Starts the driver with `arguments`, its standard output written to `output`.
    init(_ arguments: [String], output: String = "/dev/null") throws {
        var argv = ([driverPath] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, driverPath, &actions, nil, &argv, environ)
        try #require(spawned == 0, "cannot start \(driverPath): error \(spawned)")
        self.pid = pid
    }

    /// Waits for the child to end; SIGKILLs it at `deadline` if it is still running.
    func wait(killingAt deadline: ContinuousClock.Instant) -> Ending {
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if ContinuousClock.now >= deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                break
            }
            usleep(500)
        }
        // WIFSIGNALED / WEXITSTATUS, spelled out: the C macros do not import.
        return status & 0x7F != 0 ? .killed : .exited((status >> 8) & 0xFF)
    }
}
