import Foundation
import Testing

@testable import ChoreoSim

/// Problems with the files themselves: the workflow a scenario names, and the limits and
/// YAML errors every load reports as the workflow loader does.
@Suite struct ScenarioFileDiagnosticsTests {
    static let fixtures = ScenarioFixtures.fixture("")

    @Test func aMissingWorkflowIsAnErrorAtItsPath() {
        let result = ScenarioFixtures.load("scenario: x\nworkflow: nope.yaml\n")
        let path = ScenarioFixtures.workflowsDirectory + "/nope.yaml"
        #expect(
            result.diagnostics.map(\.description) == [
                "test.yaml:2:11: error: the workflow file '\(path)' does not exist"
            ])
        #expect(result.scenario == nil && result.workflow == nil)
    }

    @Test func aDirectoryIsNotAWorkflow() {
        #expect(
            ScenarioFixtures.errors("scenario: x\nworkflow: .\n") == [
                "2:11: the workflow '\(ScenarioFixtures.workflowsDirectory)' is a directory, not a file"
            ])
    }

    @Test func theWorkflowsOwnDiagnosticsKeepItsFileName() {
        let yaml = "scenario: x\nworkflow: bad-workflow.yaml\nseed: x\n"
        let result = ScenarioLoader.loadResult(
            yaml: yaml, file: "s.yaml", baseDirectory: Self.fixtures)
        let workflow = Self.fixtures + "bad-workflow.yaml"
        #expect(
            result.diagnostics.map(\.description) == [
                "s.yaml:2:11: error: the workflow '\(workflow)' did not load: 2 errors",
                "s.yaml:3:7: error: 'seed' expects a whole number from 0 to 18446744073709551615, found a string",
                "\(workflow):3:5: error: task step needs 'action'",
                "\(workflow):4:5: error: unknown key 'acton' in a task step (did you mean 'action'?)",
            ])
        #expect(result.scenario == nil)
        #expect(result.workflowFile == workflow)
        let last = result.diagnostics.last
        #expect(last.map { result.source(of: $0).hasPrefix("name: bad\n") } == true)
        #expect(result.source(of: result.diagnostics[0]) == yaml)
    }

    @Test func scenarioFilesAreFoundAndReadByPath() throws {
        let missing = ScenarioLoader.loadResult(path: "/nonexistent/choreo/scenario.yaml")
        #expect(missing.errors.count == 1)
        #expect(missing.errors.first?.message.hasPrefix("cannot read the file") == true)

        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("choreo-scenario-\(UUID().uuidString).yaml").path
        try Data(Array("scenario: caf".utf8) + [0xC3, 0x28]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(
            ScenarioLoader.loadResult(path: path).errors.map { "\($0.location): \($0.message)" }
                == ["1:14: the file is not valid UTF-8 text here"])
    }

    @Test func emptyOversizedAndMalformedFiles() {
        #expect(ScenarioFixtures.errors("") == ["1:1: the file is empty"])
        #expect(
            ScenarioFixtures.errors("# nothing\n") == [
                "1:1: the file holds no YAML document, only blank lines or comments"
            ])
        let big = "scenario: x\n" + String(repeating: "#", count: LoadLimits.maximumFileBytes)
        #expect(ScenarioFixtures.errors(big) == ["1:1: the file is larger than the limit of 4 MiB"])
        #expect(
            ScenarioFixtures.errors("scenario: 'x\n") == [
                "1:13: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar at 1:11)"
            ])
        #expect(
            ScenarioFixtures.errors("scenario: x\nscenario: y\n") == [
                "2:1: duplicate key 'scenario' (first at 1:1)"
            ])
        #expect(
            ScenarioFixtures.errors("a: &a x\n*a : y\n") == [
                "2:1: a YAML alias cannot be used as a mapping key (if this is text, quote it)"
            ])
    }

    @Test func aBillionLaughsStopsAtTheNodeBudget() {
        var yaml = "scenario: bomb\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            yaml +=
                "a\(level): &a\(level) ["
                + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        yaml += "faults: *a9\n"
        #expect(
            ScenarioFixtures.errors(yaml) == [
                "2:13: the YAML expands to more than 1000000 nodes (are aliases nested inside each other?)"
            ])
    }
}
