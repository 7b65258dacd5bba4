import ChoreoReports
import Foundation
import Testing

@Test func theReadmesScenarioExampleLoadsAndRuns() throws {
    let readme = try String(contentsOfFile: repositoryRoot + "/README.md", encoding: .utf8)
    let section = try #require(readme.range(of: "## The scenario language"))
    let rest = readme[section.upperBound...]
    let open = try #require(rest.range(of: "```yaml\n"))
    let close = try #require(rest[open.upperBound...].range(of: "```"))
    let yaml = String(rest[open.upperBound..<close.lowerBound])
    let result = ScenarioLoader.loadResult(
        yaml: yaml, file: "README.md", baseDirectory: repositoryRoot + "/Scenarios/ai-model-update")
    #expect(result.errors.isEmpty, "\(result.errors)")
    let scenario = try #require(result.scenario)
    #expect(scenario.faults.count == 5)
    let simulation = Simulation(scenario: scenario)
    try simulation.run()
    #expect(simulation.store.allInstances.first?.status.isFinal == true)
}
