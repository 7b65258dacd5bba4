import ChoreoEngine
import Testing

/// Random inserts, overwrites and removals (a fixed LCG) agree with a `Dictionary` after
/// every step, through growth and the back-shifting of removals.
@Test func numberTableAgreesWithADictionary() {
    var table = NumberTable<Int>()
    var reference: [Int: Int] = [:]
    var state: UInt64 = 42
    func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int(state >> 33) % bound
    }
    for step in 0..<20_000 {
        // Keys cluster (sequential numbers, as the engine hands them out) and repeat.
        let key = next(4) == 0 ? -next(50) : next(600) + step / 10
        if next(3) == 0 {
            #expect(table.removeValue(forKey: key) == reference.removeValue(forKey: key))
        } else {
            table[key] = step
            reference[key] = step
        }
        #expect(table[key] == reference[key])
        #expect(table.count == reference.count)
    }
    for key in -60..<3_000 {
        #expect(table[key] == reference[key])
    }
    #expect(table.values.sorted() == reference.values.sorted())
}

@Test func emptiedNumberTableFindsNothing() {
    var table = NumberTable<String>()
    for number in 1...100 { table[number] = "task-\(number)" }
    for number in 1...100 { table[number] = nil }
    #expect(table.isEmpty)
    #expect(table[50] == nil)
    #expect(table.values.isEmpty)
}
