import Testing

@testable import ChoreoEngine

/// An instance's open-task and timer lists get room for several numbers at their first
/// append, and keep every number appended, in order, past that room.
@Test func openListsReserveRoomAtTheirFirstAppend() {
    var numbers: [Int] = []
    numbers.append(7, reservingAtFirst: 4)
    #expect(numbers == [7])
    #expect(numbers.capacity >= 4)
    for number in 8...12 { numbers.append(number, reservingAtFirst: 4) }
    #expect(numbers == [7, 8, 9, 10, 11, 12])
}
