import ChoreoEngine
import ChoreoServer
import Foundation
import Testing

/// The repository root, found from this file.
let repositoryRoot: String = {
    #filePath.components(separatedBy: "/Tests/").first!
}()

/// The seed workflow file.
let seedWorkflowPath = repositoryRoot + "/Scenarios/workflows/ai-model-update.yaml"

/// The seed's start: 2025-01-22 10:00:00 UTC.
let seedStart = CivilTime(year: 2025, month: 1, day: 22, hour: 10).timestamp

let minute = Durations.minute
let hour = Durations.hour

/// The inputs of the seed's walkthrough.
let seedInputs: Value = [
    "model_info": [
        "provider": "OpenAI", "current_model": "gpt-4", "model": "gpt-4-turbo",
        "reason": "Improved performance and cost efficiency", "urgency": "medium",
    ]
]

/// The seed workflow, loaded.
func seedWorkflows() throws -> [LoadedWorkflow] {
    let loading = WorkflowDirectory.load(path: seedWorkflowPath)
    try #require(loading.diagnostics.isEmpty, "\(loading.diagnostics)")
    return loading.workflows
}

/// A path for a new database inside `testScratch`.
func temporaryDatabase() -> String {
    testScratch.appendingPathComponent("\(UUID().uuidString).db").path
}

/// A new empty directory inside `testScratch`.
func temporaryDirectory() throws -> String {
    let directory = testScratch.appendingPathComponent(UUID().uuidString).path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return directory
}

/// The one directory this test process keeps its files in, removed when the process
/// exits, so that test runs leave nothing behind in the temporary directory.
let testScratch: URL = {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("choreo-server-tests-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: testScratch) }
    return directory
}()

/// A clock the test moves and the live engine reads from another task.
final class TestClock: EngineClock, @unchecked Sendable {
    private let lock = NSLock()
    private var time: Microseconds

    init(now: Microseconds = seedStart) { time = now }

    var now: Microseconds { lock.withLock { time } }

    func advance(by duration: Microseconds) {
        precondition(duration >= 0, "time never moves backwards")
        lock.withLock { time += duration }
    }
}

/// A live engine on a fresh database with the seed workflow, on a test clock.
func seedEngine(
    path: String = temporaryDatabase(), clock: TestClock = TestClock(),
    lease: Microseconds = LiveEngine.defaultLease
) throws -> LiveEngine {
    try LiveEngine(database: path, workflows: try seedWorkflows(), clock: clock, lease: lease)
}

/// Waits (up to 10 s of real time) until `live`'s next due time is `time`: the timer
/// service, running on its own, got there. Returns whether it did.
func waitForNextDueTime(of live: LiveEngine, toBe time: Microseconds) async throws -> Bool {
    // Generous: on a loaded machine the service task can wait seconds for a thread.
    let deadline = ContinuousClock.now + .seconds(60)
    while await live.nextDueTime() != time {
        guard ContinuousClock.now < deadline else { return false }
        try await Task.sleep(for: .milliseconds(5))
    }
    return true
}
