import ChoreoModel
import Foundation

/// Shared by the tests: the seed's file and loading snippets.
enum Fixtures {
    /// `Scenarios/workflows/ai-model-update.yaml`, found from this file's place in the tree.
    static var seedPath: String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Support
            .deletingLastPathComponent()  // ChoreoModelTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // the package
            .appendingPathComponent("Scenarios/workflows/ai-model-update.yaml").path
    }

    static var seedText: String {
        (try? String(contentsOfFile: seedPath, encoding: .utf8)) ?? ""
    }

    /// A valid workflow head to put steps under, so that a snippet's line numbers are its
    /// own plus two.
    static let head = "name: test\nsteps:\n"

    /// Loads `yaml` as a file named `test.yaml`.
    static func load(_ yaml: String) -> LoadResult {
        WorkflowLoader.loadResult(yaml: yaml, file: "test.yaml")
    }

    /// The errors of loading `yaml`, as `line:column: message`.
    static func errors(_ yaml: String) -> [String] {
        load(yaml).errors.map { "\($0.location): \($0.message)" }
    }

    /// The warnings of loading `yaml`, as `line:column: message`.
    static func warnings(_ yaml: String) -> [String] {
        load(yaml).warnings.map { "\($0.location): \($0.message)" }
    }
}
