import Testing

@testable import ChoreoSim

/// A name of more than 15 bytes in storage of its own (not a literal's), as a name read
/// from a file is.
private func ownStorage(_ text: String) -> String {
    var copy = String(text.prefix(1))
    copy += text.dropFirst()
    return copy
}

@Test func aRememberedNameIsFoundByItsStorageAndAnotherCopyIsNot() {
    let index = TeamNameIndex()
    let name = ownStorage("engineering-team-of-the-east")
    let sameText = ownStorage("engineering-team-of-the-east")
    #expect(index.team(ofStorage: name) == nil)
    index.remember(name, as: 3)
    #expect(index.team(ofStorage: name) == 3)
    #expect(index.team(ofStorage: sameText) == nil)
    index.remember(sameText, as: 3)
    #expect(index.team(ofStorage: sameText) == 3)
}

@Test func smallNamesAreFoundByTheirBytes() {
    let index = TeamNameIndex()
    index.remember(ownStorage("qa-team"), as: 1)
    #expect(index.team(ofStorage: ownStorage("qa-team")) == 1)
    #expect(index.team(ofStorage: "qa-teams") == nil)
}

@Test func namesStayFoundAsTheTableGrowsAndPastItsBoundAreNotRemembered() {
    let index = TeamNameIndex()
    let names = (0..<TeamNameIndex.maximumNames + 10).map {
        ownStorage("team-with-a-long-name-\($0)")
    }
    for (team, name) in names.enumerated() { index.remember(name, as: team) }
    for (team, name) in names.enumerated().prefix(TeamNameIndex.maximumNames) {
        #expect(index.team(ofStorage: name) == team)
    }
    #expect(index.team(ofStorage: names[TeamNameIndex.maximumNames]) == nil)
}

@Test func theSimulationFindsATeamByANameOfAnyStorage() throws {
    let simulation = try Simulation(
        scenario: ScenarioLoader.load(
            path: ScenarioFixtures.packageRoot + "/Scenarios/ai-model-update/load.yaml"))
    let first = simulation.teamIndex(ownStorage("engineering-team"))
    #expect(simulation.teams[first].name == "engineering-team")
    #expect(simulation.teamIndex(ownStorage("engineering-team")) == first)
    #expect(simulation.teamIndex("engineering-team") == first)
    let unknown = simulation.teamIndex(ownStorage("a-team-the-scenario-never-named"))
    #expect(unknown == simulation.teams.count - 1)
    #expect(simulation.teamIndex(ownStorage("a-team-the-scenario-never-named")) == unknown)
}
