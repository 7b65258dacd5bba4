import ChoreoEngine
import Foundation
import Testing

@testable import ChoreoStore

/// The `state` and `context` columns written straight from the instance are the same text
/// as the `Codable` snapshot and the `Value` context give, after every move of the seed
/// run, with the kept nodes and inputs carried from move to move as a store carries them.
@Test func snapshotAndContextJSONAreTheSameTextAsTheCodableAndValuePaths() throws {
    let store = InMemoryStore()
    let clock = ManualClock(now: seedStart)
    let driver = Driver(
        clock: clock, engine: Engine(clock: clock, store: store), timers: { store.pendingTimers })
    driver.engine.register(seedProgram)
    let steps = seedProgram.definition.steps
    let order = (0..<seedProgram.stepCount).sorted { steps[$0].id < steps[$1].id }
    var kept = WrittenNodes()
    let direct = JSONWriter()
    let reference = JSONWriter()
    for move in seedScript {
        try driver.play(move)
        let instance = try #require(store.allInstances.first)
        direct.reset()
        direct.writeSnapshot(of: instance, nodes: &kept)
        try StreamingJSONEncoder.encode(instance.storedSnapshot, into: reference)
        #expect(
            String(decoding: direct.bytes, as: UTF8.self)
                == String(decoding: reference.bytes, as: UTF8.self), "\(move)")
        let decoded = try JSONDecoder().decode(InstanceSnapshot.self, from: Data(direct.bytes))
        #expect(decoded == instance.storedSnapshot)

        direct.reset()
        direct.writeContext(of: instance, stepOrder: order)
        reference.reset()
        reference.write(value: InstanceContext.value(instance))
        #expect(direct.bytes == reference.bytes, "\(move)")
    }
}

/// The snapshot writer lists `NodeState`'s stored fields by hand twice: in the JSON it
/// writes and in the check that lets it reuse a node's bytes. A new field must be added
/// to both (`SnapshotJSON.writeNodeHead`, `NodeState.isWrittenTheSame`), or an instance
/// would reopen without it; this list fails first.
@Test func everyStoredNodeFieldIsKnownToTheSnapshotWriter() throws {
    let engine = Engine(clock: ManualClock(now: seedStart), store: InMemoryStore())
    engine.register(seedProgram)
    let instance = try engine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
    let fields = Mirror(reflecting: instance.nodes[0]).children.compactMap(\.label)
    #expect(
        fields == [
            "status", "attempts", "startedAt", "offeredAt", "claimedAt", "endedAt", "task",
            "cursor", "pending", "succeeded", "branch", "escalated", "timer", "error",
            "outputs", "offeredInputs", "outcome",
        ],
        "NodeState changed: update SnapshotJSON.writeNodeHead, isWrittenTheSame, this list")
}
