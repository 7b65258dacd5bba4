import ChoreoEngine
import ChoreoSim
import ChoreoStore
import GRDB
import Testing

@Test func savedSeedSimulationAnswersTheSeedsQueries() throws {
    let root = #filePath.components(separatedBy: "/Tests/").first!
    let scenario = try ScenarioLoader.load(
        path: root + "/Scenarios/ai-model-update/seed-walkthrough.yaml")
    let simulation = Simulation(scenario: scenario)
    try simulation.run()
    let path = temporaryDatabase()
    try SQLiteStore(path: path, mode: .batched(commands: 1)).save(simulation.store)

    let queue = try DatabaseQueue(path: path)
    let row = try #require(
        try queue.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT id, workflow_definition_id, status, started_at,
                        json_extract(context, '$.steps.initial_assessment.outputs.cost_delta')
                        AS cost_delta
                    FROM workflow_instances
                    """)
        })
    #expect(row["id"] == "wf-2025-01-22-ai-model-update-001")
    #expect(row["workflow_definition_id"] == "ai-model-update-v1")
    #expect(row["status"] == "completed")
    #expect(row["started_at"] == "2025-01-22 10:00:00")
    #expect(row["cost_delta"] == 650)
    let pending = try queue.read { db in
        try Int.fetchOne(
            db,
            sql: "SELECT count(*) FROM workflow_team_tasks WHERE status = 'pending'")
    }
    #expect(pending == 0)
    // The saved run reopens as a store whose instance equals the simulated one.
    let reopened = try SQLiteStore(path: path)
    let instance = try #require(reopened.allInstances.first)
    #expect(instance.snapshot == simulation.store.allInstances[0].snapshot)
    #expect(throws: SQLiteStoreError.self) { try reopened.save(simulation.store) }
}
