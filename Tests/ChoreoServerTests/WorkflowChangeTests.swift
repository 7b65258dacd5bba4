import ChoreoEngine
import ChoreoServer
import Testing

/// The seed workflow with one more task, as `version`: what editing the file makes.
private func editedSeed(version: String) throws -> LoadedWorkflow {
    let source = try seedWorkflows()[0].source
        .replacingOccurrences(of: "version: 1", with: "version: \(version)")
        .replacingOccurrences(
            of: "  # Phase 6: Final report",
            with: "  - id: extra_review\n    team: qa-team\n    action: review\n\n"
                + "  # Phase 6: Final report")
    let file = "edited-v\(version).yaml"
    return LoadedWorkflow(
        definition: try WorkflowLoader.load(yaml: source, file: file), source: source)
}

@Test func aWorkflowEditedUnderTheSameVersionIsRefusedWhenTheEngineOpens() async throws {
    let path = temporaryDatabase()
    _ = try await seedEngine(path: path).start(workflow: "ai-model-update", inputs: seedInputs)
    #expect(
        throws: LiveEngine.OpeningError.changedWorkflow(
            name: "ai-model-update", version: "1", file: "edited-v1.yaml", database: path)
    ) {
        try LiveEngine(database: path, workflows: [try editedSeed(version: "1")])
    }
}

@Test func aNewVersionStartsBesideInstancesOfTheOldOne() async throws {
    let path = temporaryDatabase()
    let first = try await seedEngine(path: path).start(
        workflow: "ai-model-update", inputs: seedInputs)
    let live = try LiveEngine(
        database: path, workflows: [try editedSeed(version: "2")], clock: TestClock())
    // The old instance goes on with the definition it started with.
    try await live.claim(task: "task-1", team: "engineering-team", agent: "eng-1")
    try await live.complete(task: "task-1", output: ["report": "ok", "cost_delta": 100])
    let second = try await live.start(workflow: "ai-model-update", inputs: seedInputs)
    func stepIDs(_ instance: String) async throws -> [String] {
        guard case .list(let steps) = try await live.status(instance: instance)["steps"] else {
            return []
        }
        return steps.compactMap { $0["id"].stringValue }
    }
    #expect(try await !stepIDs(first).contains("extra_review"))
    #expect(try await stepIDs(second).contains("extra_review"))
}
