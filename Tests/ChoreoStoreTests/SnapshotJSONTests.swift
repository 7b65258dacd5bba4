import ChoreoEngine
import Foundation
import Testing

@testable import ChoreoStore

/// The `state` and `context` columns written straight from the instance are the same text
/// as the `Codable` snapshot and the `Value` context give, after every move of the seed
/// run, with the kept nodes and inputs carried from move to move as a store carries them;
/// once the seed's `final_report` is offered, its deferred inputs are left out of the
/// snapshot and rebuilt equal from the history.
@Test func snapshotAndContextJSONAreTheSameTextAsTheCodableAndValuePaths() throws {
    let store = InMemoryStore()
    let clock = ManualClock(now: seedStart)
    let driver = Driver(
        clock: clock, engine: Engine(clock: clock, store: store), timers: { store.pendingTimers })
    driver.engine.register(seedProgram)
    let steps = seedProgram.definition.steps
    let order = (0..<seedProgram.stepCount).sorted { steps[$0].id < steps[$1].id }
    var kept = WrittenNodes()
    let finalReport = try #require(seedProgram.definition.index(ofStep: "final_report"))
    var deferredMoves = 0
    let direct = JSONWriter()
    let reference = JSONWriter()
    for move in seedScript {
        try driver.play(move)
        let instance = try #require(store.allInstances.first)
        direct.reset()
        direct.writeSnapshot(of: instance, nodes: &kept)
        var stored = try JSONDecoder().decode(StoredSnapshot.self, from: Data(direct.bytes))
        if instance.nodes.allSatisfy({ $0.offeredInputs?.deferred == nil }) {
            try StreamingJSONEncoder.encode(instance.storedSnapshot, into: reference)
            #expect(
                String(decoding: direct.bytes, as: UTF8.self)
                    == String(decoding: reference.bytes, as: UTF8.self), "\(move)")
            #expect(stored.deferredInputs.isEmpty)
        } else {
            #expect(stored.deferredInputs.map(\.node) == [finalReport])
            #expect(stored.snapshot.nodes[finalReport].offeredInputs == nil)
            deferredMoves += 1
        }
        stored.snapshot.history = Array(instance.history)
        #expect(try stored.restored(program: seedProgram) == instance.snapshot, "\(move)")

        direct.reset()
        direct.writeContext(of: instance, stepOrder: order, cache: &kept)
        reference.reset()
        reference.write(value: InstanceContext.value(instance))
        #expect(direct.bytes == reference.bytes, "\(move)")
    }
    #expect(deferredMoves == 4, "final_report offered, claimed, worked on, completed")
}

/// A deferred input's JSON written from its template and context (the history straight
/// from the events) is the same text as its value's, as task rows' `input_data` hold it.
@Test func deferredInputsJSONIsTheSameTextAsTheirValue() throws {
    let store = InMemoryStore()
    let clock = ManualClock(now: seedStart)
    let driver = Driver(
        clock: clock, engine: Engine(clock: clock, store: store), timers: { store.pendingTimers })
    driver.engine.register(seedProgram)
    for move in seedScript.dropLast() { try driver.play(move) }
    let instance = try #require(store.allInstances.first)
    let node = try #require(instance.node("final_report"))
    let deferred = try #require(node.offeredInputs?.deferred)
    let direct = JSONWriter()
    direct.write(template: deferred.template, in: deferred.context)
    let reference = JSONWriter()
    reference.write(value: try #require(node.inputs))
    #expect(direct.bytes == reference.bytes)
    #expect(String(decoding: direct.bytes, as: UTF8.self).contains(#""workflow_history":[{"#))

    // Members repeated, nested, listed and interpolated resolve as the value does.
    let template = try TemplateParser.parse(
        "${workflow.history}", at: .start)
    let object = Template.object([
        TemplateMember(key: "b", value: template),
        TemplateMember(key: "a", value: .list([template, .constant(1)])),
        TemplateMember(key: "b", value: .constant("last")),
        TemplateMember(key: "c", value: try TemplateParser.parse("n=${workflow.status}")),
    ])
    direct.reset()
    direct.write(template: object, in: deferred.context)
    reference.reset()
    reference.write(value: object.resolve(in: deferred.context))
    #expect(direct.bytes == reference.bytes)
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

/// The `context` column's kept parts (the inputs around `steps`, each step's entry) give
/// the value's text with inputs on both sides of `steps` and one named `steps` (which the
/// steps replace), written anew and from the kept parts after the instance moves on.
@Test func contextJSONFromKeptPartsIsTheValuesText() throws {
    let store = InMemoryStore()
    let clock = ManualClock(now: seedStart)
    let driver = Driver(
        clock: clock, engine: Engine(clock: clock, store: store), timers: { store.pendingTimers })
    driver.engine.register(seedProgram)
    guard case .object(var inputs) = seedInputs else { throw CancellationError() }
    inputs["a"] = 1
    inputs["steps"] = "replaced"
    inputs["zeta"] = ["last", true]
    _ = try driver.engine.start(workflow: seedProgram.definition.name, inputs: .object(inputs))
    let instance = try #require(store.allInstances.first)
    let steps = seedProgram.definition.steps
    let order = (0..<seedProgram.stepCount).sorted { steps[$0].id < steps[$1].id }
    var kept = WrittenNodes()
    let direct = JSONWriter()
    let reference = JSONWriter()
    for move in seedScript.dropFirst().prefix(8) {
        for _ in 0..<2 {
            direct.reset()
            direct.writeSnapshot(of: instance, nodes: &kept)
            direct.reset()
            direct.writeContext(of: instance, stepOrder: order, cache: &kept)
            reference.reset()
            reference.write(value: InstanceContext.value(instance))
            #expect(direct.bytes == reference.bytes, "\(move)")
        }
        try driver.play(move)
    }
}
