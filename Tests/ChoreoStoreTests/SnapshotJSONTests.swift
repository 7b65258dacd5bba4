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
