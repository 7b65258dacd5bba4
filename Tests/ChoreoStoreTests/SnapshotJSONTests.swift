import ChoreoEngine
import Foundation
import Testing

@testable import ChoreoStore

/// The `state` column written straight from the instance restores it exactly, and the
/// `context` column is the same text as the `Value` context gives, after every move of the
/// seed run, with the kept inputs and context entries carried from move to move as a store
/// carries them. Nodes are rows (`NodeRow`), their outputs read from the context; once the
/// seed's `final_report` is offered, its deferred inputs are left out of the snapshot and
/// rebuilt equal from the history.
@Test func snapshotRestoresTheInstanceAndContextIsTheValuesText() throws {
    let (store, driver) = inMemorySeedDriver()
    let order = seedStepOrder
    var kept = WrittenNodes()
    let finalReport = try #require(seedProgram.definition.index(ofStep: "final_report"))
    var deferredMoves = 0
    var outputsFromContext = 0
    let state = JSONWriter()
    let context = JSONWriter()
    let reference = JSONWriter()
    for move in seedScript {
        try driver.play(move)
        let instance = try #require(store.allInstances.first)
        state.reset()
        state.writeSnapshot(of: instance, nodes: &kept)
        context.reset()
        context.writeContext(of: instance, stepOrder: order, cache: &kept)
        reference.reset()
        reference.write(value: InstanceContext.value(instance))
        #expect(context.bytes == reference.bytes, "\(move)")

        #expect(!String(decoding: state.bytes, as: UTF8.self).contains("nodeRows"))
        var stored = try JSONDecoder().decode(StoredSnapshot.self, from: Data(state.bytes))
        let rows = try #require(stored.nodeRows)
        #expect(stored.snapshot.nodes.isEmpty && rows.count == instance.nodes.count)
        outputsFromContext += rows.filter(\.outputsInContext).count
        #expect(rows.allSatisfy { $0.outputs == nil }, "every seed node's outputs are its step's")
        try stored.restoreNodes(
            context: String(decoding: context.bytes, as: UTF8.self), program: seedProgram,
            decoder: JSONDecoder())
        // The approval's message is built when read too, but kept as its value: only the
        // steps the program defers (those that read the history) are rebuilt from it.
        let deferring = instance.nodes.indices.filter {
            seedProgram.defersInputs[$0] && instance.nodes[$0].offeredInputs?.deferred != nil
        }
        if deferring.isEmpty {
            #expect(stored.deferredInputs.isEmpty)
        } else {
            #expect(stored.deferredInputs.map(\.node) == [finalReport])
            #expect(stored.snapshot.nodes[finalReport].offeredInputs == nil)
            deferredMoves += 1
        }
        stored.snapshot.history = Array(instance.history)
        #expect(try stored.restored(program: seedProgram) == instance.snapshot, "\(move)")
    }
    #expect(deferredMoves == 4, "final_report offered, claimed, worked on, completed")
    #expect(outputsFromContext > 0)
}

/// Node rows hold every field a node can have: a node with an error, escalated, with a
/// timer, a branch, inputs and outputs comes back equal, its outputs read from the context
/// or, for a node the context does not list (one past the program's steps), from its row,
/// its times (here before the instance's start) counted from the start; a node as the
/// engine makes it is `0`, and comes back equal too.
@Test func nodeRowsRestoreEveryField() throws {
    let engine = Engine(clock: ManualClock(now: seedStart), store: InMemoryStore())
    engine.register(seedProgram)
    let started = try engine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
    let untouched = try #require(started.nodes.last)
    #expect(untouched.isUntouched && !started.nodes[0].isUntouched)
    let full = #"""
        {"status":"failed","attempts":3,"startedAt":5,"offeredAt":6,"claimedAt":7,
        "endedAt":8,"task":9,"cursor":2,"pending":1,"succeeded":4,"branch":1,
        "escalated":true,"timer":12,"error":{"errorType":"team_timeout","message":"late",
        "step":3},"outputs":{"cost_delta":650,"list":[1,"two",null]},
        "inputs":{"model":"gpt-4"},"outcome":"partial"}
        """#
    let node = try JSONDecoder().decode(NodeState.self, from: Data(full.utf8))
    let writer = JSONWriter()
    var cache = WrittenNodes()
    cache.fit(nodeCount: 2)
    writer.append(UInt8(ascii: "["))
    withUnsafePointer(to: node) { node in
        writer.writeNodeRow(
            node, index: 0, startedAt: seedStart, outputsInContext: true, deferred: false,
            cache: &cache)
        writer.append(UInt8(ascii: ","))
        writer.writeNodeRow(
            node, index: 1, startedAt: seedStart, outputsInContext: false, deferred: false,
            cache: &cache)
    }
    writer.append(UInt8(ascii: ","))
    let untouchedAt = writer.count
    withUnsafePointer(to: untouched) { untouched in
        writer.writeNodeRow(
            untouched, index: 0, startedAt: seedStart, outputsInContext: true,
            deferred: false, cache: &cache)
    }
    #expect(writer.count == untouchedAt + 1)
    writer.append(UInt8(ascii: "]"))
    let compact = try JSONDecoder().decode([CompactNodeRow].self, from: Data(writer.bytes))
    #expect(compact.map(\.fields.count) == [15, 15, 0])
    let rows = try compact.map { try $0.nodeRow(startedAt: seedStart) }
    #expect(rows.map(\.outputsInContext) == [true, false, false])
    #expect(rows[0].outputs == nil && rows[1].outputs == node.outputs)
    let stepID = seedProgram.definition.steps[0].id
    let context = """
        {"steps":{"\(stepID)":{"outputs":{"cost_delta":650,"list":[1,"two",null]},\
        "status":"failed"}}}
        """
    let restored = try NodeRow.nodes(
        rows, context: context, program: seedProgram, decoder: JSONDecoder())
    #expect(restored == [node, node, untouched])
    // A row that says its outputs are in the context, when they are not, is refused.
    #expect(throws: SnapshotError.self) {
        try NodeRow.nodes(
            [rows[0]], context: #"{"steps":{}}"#, program: seedProgram, decoder: JSONDecoder())
    }
}

/// A node row stops after its last field that is not at its initial value, and its times
/// count from the instance's start, whole seconds with an exponent, `null` when not set:
/// a skipped step is its status alone, a completed task a few short numbers; each comes
/// back equal, times with a fraction of a second or before the start too.
@Test func nodeRowsLeaveOutInitialFieldsAndCountTimesFromTheStart() throws {
    func makeNode(_ status: String, attempts: Int, times: [Int64]) throws -> NodeState {
        let text = """
            {"status":"\(status)","attempts":\(attempts),"startedAt":\(times[0]),\
            "offeredAt":\(times[1]),"claimedAt":\(times[2]),"endedAt":\(times[3]),"task":0,\
            "cursor":0,"pending":0,"succeeded":0,"branch":-1,"escalated":false,"timer":0,\
            "outcome":"success"}
            """
        return try JSONDecoder().decode(NodeState.self, from: Data(text.utf8))
    }
    let skipped = try makeNode("skipped", attempts: 0, times: [-1, -1, -1, -1])
    let completed = try makeNode(
        "completed", attempts: 1,
        times: [seedStart, seedStart, seedStart + 1_000_000, seedStart + 12_000_000])
    let fractions = try makeNode(
        "claimed", attempts: 2,
        times: [seedStart - 3_000_000, seedStart + 1_500_000, seedStart + 1_000_001, -1])
    #expect(try makeNode("waiting", attempts: 0, times: [-1, -1, -1, -1]).isUntouched)
    let writer = JSONWriter()
    var cache = WrittenNodes()
    cache.fit(nodeCount: 1)
    for (node, text) in [
        (skipped, #"{"n":[7]}"#), (completed, #"{"n":[4,0,1,0,0,12e6,0,1e6]}"#),
        (fractions, #"{"n":[2,0,2,0,-3e6,null,1500000,1000001]}"#),
    ] {
        writer.reset()
        withUnsafePointer(to: node) { node in
            writer.writeNodeRow(
                node, index: 0, startedAt: seedStart, outputsInContext: true, deferred: true,
                cache: &cache)
        }
        #expect(String(decoding: writer.bytes, as: UTF8.self) == text)
        let row = try JSONDecoder().decode(CompactNodeRow.self, from: Data(writer.bytes))
        let restored = try NodeRow.nodes(
            [row.nodeRow(startedAt: seedStart)], context: "{}", program: seedProgram,
            decoder: JSONDecoder())
        #expect(restored == [node])
    }
}

/// Every step status has its own number in a node row, and the number gives it back.
@Test func everyStepStatusHasItsOwnRowCode() {
    let codes = StepStatus.allCases.map(\.rowCode)
    #expect(Set(codes).count == StepStatus.allCases.count)
    for status in StepStatus.allCases {
        #expect(StepStatus(rowCode: status.rowCode) == status)
    }
    #expect(StepStatus(rowCode: codes.max()! + 1) == nil)
}

/// A node row this Choreo cannot read (a status number it does not know, a flag that is
/// not 0 or 1, a null where a count goes, too many fields) is refused with a message that
/// says what is wrong, not read as something else.
@Test func aNodeRowThatDoesNotFitIsRefused() throws {
    for (text, message) in [
        (#"{"n":[99]}"#, "status is 99"), (#"{"n":[4,2]}"#, "flag is 2"),
        (#"{"n":[4,0,null]}"#, "field 3 is null"),
        (#"{"n":[4,0,1,1,0,0,0,0,0,0,0,0,-1,0,0,0]}"#, "16 fields"),
        (#"{"n":[4,0,3000000000]}"#, "out of range"), ("1", "not 0 or an object"),
    ] {
        var refusal = ""
        do {
            let row = try JSONDecoder().decode(CompactNodeRow.self, from: Data(text.utf8))
            _ = try row.nodeRow(startedAt: seedStart)
        } catch let error as SnapshotError {
            refusal = error.message
        } catch {
            refusal = "\(error)"
        }
        #expect(refusal.contains(message), "\(text): \(refusal)")
    }
}

/// A deferred input's JSON written from its template and context (the history straight
/// from the events) is the same text as its value's, as task rows' `input_data` hold it.
@Test func deferredInputsJSONIsTheSameTextAsTheirValue() throws {
    let (store, driver) = inMemorySeedDriver()
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

/// The snapshot writer lists `NodeState`'s stored fields by hand three times: in a node's
/// row, in the row's reader, and in the node's `Codable` form written from a row. A new
/// field must be added to all (`SnapshotJSON.writeNodeRow`, `NodeRow`,
/// `writeNodeState(of:)`, and `writeNodeState` for deferred inputs' steps), or an instance
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
        "NodeState changed: update SnapshotJSON.writeNodeRow, NodeRow, this list")
}

/// The `context` column's kept parts (the inputs around `steps`, each step's entry) give
/// the value's text with inputs on both sides of `steps` and one named `steps` (which the
/// steps replace), written anew and from the kept parts after the instance moves on.
@Test func contextJSONFromKeptPartsIsTheValuesText() throws {
    let (store, driver) = inMemorySeedDriver()
    guard case .object(var inputs) = seedInputs else { throw CancellationError() }
    inputs["a"] = 1
    inputs["steps"] = "replaced"
    inputs["zeta"] = ["last", true]
    _ = try driver.engine.start(workflow: seedProgram.definition.name, inputs: .object(inputs))
    let instance = try #require(store.allInstances.first)
    let order = seedStepOrder
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

/// The state and context written with the caches carried from write to write (each
/// step's entry copied while its status and outputs stay as they were, each offered node's
/// inputs kept for its attempt) are the text written with caches anew, after every move of
/// the seed run, and again when nothing moved in between.
@Test func stateAndContextFromKeptPartsAreTheTextWrittenAnew() throws {
    let (store, driver) = inMemorySeedDriver()
    let order = seedStepOrder
    var kept = WrittenNodes()
    let carried = JSONWriter()
    let anew = JSONWriter()
    for move in seedScript {
        try driver.play(move)
        let instance = try #require(store.allInstances.first)
        var fresh = WrittenNodes()
        anew.reset()
        anew.writeSnapshot(of: instance, nodes: &fresh)
        anew.writeContext(of: instance, stepOrder: order, cache: &fresh)
        for _ in 0..<2 {
            carried.reset()
            carried.writeSnapshot(of: instance, nodes: &kept)
            carried.writeContext(of: instance, stepOrder: order, cache: &kept)
            #expect(carried.bytes == anew.bytes, "\(move)")
        }
    }
    #expect(kept.contextSteps.contains { $0.hasText })
}

/// A driver of the seed workflow on an in-memory store, the store with it.
private func inMemorySeedDriver() -> (store: InMemoryStore, driver: Driver) {
    let store = InMemoryStore()
    let clock = ManualClock(now: seedStart)
    let driver = Driver(
        clock: clock, engine: Engine(clock: clock, store: store), timers: { store.pendingTimers })
    driver.engine.register(seedProgram)
    return (store, driver)
}

/// The seed's step indices in the order of their ids, as `context` lists them.
private let seedStepOrder: [Int] = {
    let steps = seedProgram.definition.steps
    return (0..<seedProgram.stepCount).sorted { steps[$0].id < steps[$1].id }
}()
