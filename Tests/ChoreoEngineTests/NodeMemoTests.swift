import ChoreoModel
import Testing

@testable import ChoreoEngine

/// A node memo gives the value kept for a node only for that node and an argument identical
/// to the one it was built from (with `sameStorage`, only for a copy of it).
@Test func nodeMemoGivesTheKeptValueForAnIdenticalArgumentOnly() throws {
    let program = WorkflowProgram(try WorkflowLoader.load(path: seedWorkflowPath))
    let nodes = program.taskNodes.compactMap { $0 }
    try #require(nodes.count >= 2)
    let argument: Value = ["model": "gpt-4-turbo", "urgency": "medium"]
    let builtApart: Value = ["model": "gpt-4-turbo", "urgency": "medium"]
    let value: Value = ["resolved": true]
    var memo = NodeMemo()
    #expect(memo.value(for: nodes[0], from: argument) == .none)
    memo.keep(value, for: nodes[0], from: argument)
    let copy = argument
    #expect(memo.value(for: nodes[0], from: copy) == .some(value))
    #expect(memo.value(for: nodes[0], from: copy, sameStorage: true) == .some(value))
    #expect(memo.value(for: nodes[0], from: builtApart) == .some(value))
    #expect(memo.value(for: nodes[0], from: builtApart, sameStorage: true) == .none)
    #expect(memo.value(for: nodes[0], from: ["model": "gpt-4"]) == .none)
    #expect(memo.value(for: nodes[1], from: copy) == .none)
}

/// A node memo of inputs and read outputs hits only while the inputs and every output read
/// are identical to those the value was built from (a missing output counts as `null`).
@Test func nodeMemoOfReadOutputsMissesWhenAnOutputChanges() throws {
    let program = WorkflowProgram(try WorkflowLoader.load(path: seedWorkflowPath))
    let node = try #require(program.taskNodes.compactMap { $0 }.first)
    let instance = InstanceState(
        serial: 1, id: "wf-1", program: program, inputs: seedInputs, now: seedStart)
    let value: Value = ["resolved": true]
    var memo = NodeMemo()
    #expect(
        memo.value(for: node, fromInputs: seedInputs, outputsOf: [0], in: instance) == .none)
    memo.keep(value, for: node, fromInputs: seedInputs, outputsOf: [0], in: instance)
    #expect(
        memo.value(for: node, fromInputs: seedInputs, outputsOf: [0], in: instance)
            == .some(value))
    #expect(
        memo.value(for: node, fromInputs: ["other": 1], outputsOf: [0], in: instance) == .none)
    #expect(
        memo.value(for: node, fromInputs: seedInputs, outputsOf: [0, 1], in: instance) == .none)
    instance.nodes[0].complete(outputs: ["report": "ok"], outcome: .success)
    #expect(
        memo.value(for: node, fromInputs: seedInputs, outputsOf: [0], in: instance) == .none)
}
