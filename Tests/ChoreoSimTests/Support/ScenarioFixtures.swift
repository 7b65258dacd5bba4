import ChoreoSim
import Foundation

/// Shared by the scenario tests: where the fixtures are, and loading snippets.
enum ScenarioFixtures {
    /// The package's root, found from this file's place in the tree.
    static var packageRoot: String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Support
            .deletingLastPathComponent()  // ChoreoSimTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // the package
            .path
    }

    /// `Tests/ChoreoSimTests/Fixtures/<name>`.
    static func fixture(_ name: String) -> String {
        packageRoot + "/Tests/ChoreoSimTests/Fixtures/" + name
    }

    /// Where the seed's workflow is: snippets name it `ai-model-update.yaml` from here.
    static var workflowsDirectory: String { packageRoot + "/Scenarios/workflows" }

    /// A valid scenario head (three lines) for the seed's workflow, so that a snippet's
    /// line numbers are its own plus three.
    static let head = """
        scenario: test
        workflow: ai-model-update.yaml
        inputs: {model_info: {provider: p, model: m, reason: r, urgency: low}}

        """

    /// Loads `yaml` as `test.yaml`, next to the seed's workflow.
    static func load(_ yaml: String) -> ScenarioLoadResult {
        ScenarioLoader.loadResult(yaml: yaml, file: "test.yaml", baseDirectory: workflowsDirectory)
    }

    /// The errors of loading `yaml`, as `line:column: message`.
    static func errors(_ yaml: String) -> [String] {
        load(yaml).errors.map { "\($0.location): \($0.message)" }
    }

    /// The warnings of loading `yaml`, as `line:column: message`.
    static func warnings(_ yaml: String) -> [String] {
        load(yaml).warnings.map { "\($0.location): \($0.message)" }
    }

    /// Every diagnostic of loading `head + body`, as `line:column: severity: message`.
    static func diagnostics(_ body: String) -> [String] {
        load(head + body).diagnostics.map {
            "\($0.location): \($0.severity.rawValue): \($0.message)"
        }
    }
}
