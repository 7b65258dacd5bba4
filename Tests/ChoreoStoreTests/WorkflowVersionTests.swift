import ChoreoEngine
import ChoreoStore
import Foundation
import Testing

/// The seed workflow as version 2, with one more task: its program and its source.
private func seedVersion2() throws -> (WorkflowProgram, String) {
    let source = try String(contentsOfFile: seedWorkflowPath, encoding: .utf8)
        .replacingOccurrences(of: "version: 1", with: "version: 2")
        .replacingOccurrences(
            of: "  # Phase 6: Final report",
            with: "  - id: extra_review\n    team: qa-team\n    action: review\n\n"
                + "  # Phase 6: Final report")
    return (WorkflowProgram(try WorkflowLoader.load(yaml: source, file: "v2.yaml")), source)
}

@Test func instancesOfTwoVersionsOfAWorkflowEachRunTheirOwn() throws {
    let path = temporaryDatabase()
    let (version2, source2) = try seedVersion2()
    #expect(version2.nodeCount == seedProgram.nodeCount + 1)
    for (program, source) in [(seedProgram, nil), (version2, source2)] {
        let store = try SQLiteStore(path: path)
        store.register(program, source: source)
        let engine = Engine(clock: ManualClock(now: seedStart), store: store)
        engine.register(program)
        try engine.start(workflow: "ai-model-update", inputs: seedInputs)
    }
    // Whichever version is registered (or none), each instance comes back with its own.
    for registered in [nil, seedProgram, version2] {
        let store = try SQLiteStore(path: path)
        if let registered { store.register(registered) }
        let nodes = store.allInstances.map(\.program.nodeCount)
        #expect(nodes == [seedProgram.nodeCount, version2.nodeCount])
    }
    #expect(try SQLiteStore(path: path).storedSource(of: version2.definition) == source2)
}
