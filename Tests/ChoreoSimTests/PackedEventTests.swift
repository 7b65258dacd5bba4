import Testing

@testable import ChoreoSim

/// Whether `event` is `expected`: the enum is not `Equatable`, so the cases are compared here.
private func same(_ event: SimulationEvent, _ expected: SimulationEvent) -> Bool {
    switch (event, expected) {
    case (.arrival(let a), .arrival(let b)): return a == b
    case (.timer(let a), .timer(let b)): return a == b
    case (.claim(let a, let g), .claim(let b, let h)): return a == b && g == h
    case (.finish(let a, let g), .finish(let b, let h)): return a == b && g == h
    case (.wake(let a), .wake(let b)): return a == b
    default: return false
    }
}

@Test func packedEventsComeBackAsTheyWentInAtTheEdgesOfTheirRanges() {
    let largest = 1 << 61 - 1
    let lastSlot = PackedEvent.slotLimit - 1
    let events: [SimulationEvent] = [
        .arrival(index: 0), .arrival(index: largest), .timer(id: 0), .timer(id: 12_345),
        .timer(id: largest), .claim(slot: 0, generation: 1),
        .claim(slot: lastSlot, generation: .max), .finish(slot: 7, generation: 1 << 31),
        .finish(slot: lastSlot, generation: .max), .wake(team: 0), .wake(team: 3),
    ]
    for event in events {
        let unpacked = PackedEvent(event).event
        #expect(same(unpacked, event), "\(event) came back as \(unpacked)")
    }
}

@Test func packedEventIsOneWord() {
    #expect(MemoryLayout<PackedEvent>.stride == 8)
}

@Test func packedEventRefusesASlotBeyondItsBits() async {
    await #expect(processExitsWith: .failure) {
        _ = PackedEvent(.claim(slot: PackedEvent.slotLimit, generation: 1))
    }
}
