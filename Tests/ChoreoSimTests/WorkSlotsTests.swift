import Testing

@testable import ChoreoSim

private func work(_ task: Int, agent: Int) -> Work {
    Work(task: task, team: 0, agent: agent, offered: 10, taken: 20)
}

@Test func aSlotGivesBackItsWorkAndTheReportSetOnIt() throws {
    let slots = WorkSlots(capacity: 2)
    let first = slots.add(2)
    slots.start(work(7, agent: 1), in: first + 1, generation: 3)
    #expect(slots.generation(of: first + 1) == 3 && slots.generation(of: first) == 0)
    slots[first + 1].claimed = 30
    slots.setReport(.fail(errorType: "boom", message: "it broke"), in: first + 1)
    let (taken, report) = slots.take(first + 1)
    #expect(taken.task == 7 && taken.agent == 1 && taken.claimed == 30)
    guard case .fail(let errorType, let message) = report else {
        Issue.record("expected the report set on the slot, got \(report)")
        return
    }
    #expect(errorType == "boom" && message == "it broke")
    #expect(slots.generation(of: first + 1) == 0)
}

@Test func workNotYetClaimedReportsThatItsAgentVanished() {
    let slots = WorkSlots(capacity: 1)
    let slot = slots.add(1)
    slots.start(work(1, agent: 0), in: slot, generation: 1)
    guard case .vanish = slots.take(slot).report else {
        Issue.record("unclaimed work should report .vanish")
        return
    }
}

@Test func busySlotsKeepTheirWorkAndReportsWhenTheSlotsGrow() {
    let slots = WorkSlots(capacity: 1)
    let first = slots.add(1)
    slots.start(work(5, agent: 0), in: first, generation: 9)
    slots.setReport(.complete(.object(["k": .string("kept")]), .success), in: first)
    // New teams' slots outgrow the capacity: the busy slot's work and report move along.
    let added = slots.add(40)
    #expect(added == 1 && slots.count == 41)
    #expect(slots.slot(of: 5, among: 0..<41) == first)
    #expect(slots.generation(of: added + 39) == 0)
    let (taken, report) = slots.take(first)
    #expect(taken.task == 5)
    guard case .complete(let output, .success) = report else {
        Issue.record("expected the completed report, got \(report)")
        return
    }
    #expect(output == .object(["k": .string("kept")]))
}
