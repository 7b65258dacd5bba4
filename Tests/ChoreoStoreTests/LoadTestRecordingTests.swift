import ChoreoEngine
import ChoreoSim
import ChoreoStore
import GRDB
import Testing

/// A load test recorded into a database through a batched store: the rows agree with the
/// load test's own report, the seed's queries work on them, and the store keeps in memory
/// only the instances still in flight.
@Test func recordedLoadTestMatchesItsReport() throws {
    let root = #filePath.components(separatedBy: "/Tests/").first!
    let scenario = try ScenarioLoader.load(path: root + "/Scenarios/ai-model-update/load.yaml")
    let path = temporaryDatabase()
    let store = try SQLiteStore(path: path, mode: .batched(commands: 500))
    // Stopped mid-run, so that running instances and open tasks are recorded too.
    let options = LoadTestOptions(instances: 120, until: 12 * hour)
    let result = try LoadTest.run(scenario, options: options, recorder: store)
    store.flush()
    #expect(result.finished > 0 && result.finished < result.instances)

    let queue = try DatabaseQueue(path: path)
    let statuses = try queue.read { db in
        try Row.fetchAll(
            db, sql: "SELECT status, count(*) AS n FROM workflow_instances GROUP BY status")
    }
    var counted: [String: Int] = [:]
    for row in statuses { counted[row["status"]] = row["n"] }
    var reported: [String: Int] = [:]
    for (status, count) in result.statuses { reported[status.rawValue] = count }
    #expect(counted == reported)

    let tasks = try queue.read { db in
        try Row.fetchAll(
            db, sql: "SELECT status, count(*) AS n FROM workflow_team_tasks GROUP BY status")
    }
    var tasksByStatus: [String: Int] = [:]
    for row in tasks { tasksByStatus[row["status"]] = row["n"] }
    // load.yaml has no failures: every task an agent reported on is completed.
    #expect(tasksByStatus["completed"] == result.tasksExecuted)
    let total = tasksByStatus.values.reduce(0, +)
    #expect(total == store.counters.lastTask)
    // Offers, claims and completions; a task's changes between two writes are one row.
    #expect(store.taskChanges >= total + result.tasksExecuted)
    #expect(store.taskRowsWritten >= total && store.taskRowsWritten < store.taskChanges)

    let costs = try queue.read { db in
        try Int.fetchOne(
            db,
            sql: """
                SELECT count(*) FROM workflow_instances WHERE status = 'completed'
                AND json_extract(context, '$.steps.initial_assessment.outputs.cost_delta')
                    IS NOT NULL
                """)
    }
    #expect(costs == reported["completed"])
    #expect(store.cachedInstances == reported["running"] ?? 0)
}
