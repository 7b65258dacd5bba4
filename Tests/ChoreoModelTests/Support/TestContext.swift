@testable import ChoreoModel

/// An instance's data at one moment, as a test sets it up.
struct TestContext: EvaluationContext {
    var inputs: Value = [:]
    var stepOutputs: [Int: Value] = [:]
    var stepInputs: [Int: Value] = [:]
    var statuses: [Int: String] = [:]
    var workflowValues: [Path.WorkflowField: Value] = [:]

    func outputs(ofStep index: Int) -> Value? { stepOutputs[index] }
    func inputs(ofStep index: Int) -> Value? { stepInputs[index] }
    func status(ofStep index: Int) -> String? { statuses[index] }
    func workflow(_ field: Path.WorkflowField) -> Value { workflowValues[field] ?? .null }
}
