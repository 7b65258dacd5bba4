import Testing

@testable import ChoreoEngine

/// Something with an identity, standing for a program.
private final class Program {}

/// Each program keeps the longest length any of its instances ended with, whichever program
/// was asked about in between; a program none of whose instances ended has 0.
@Test func historyLengthsKeepTheLongestOfEachProgram() {
    let (first, second, third) = (Program(), Program(), Program())
    var lengths = HistoryLengths()
    #expect(lengths.reservation(for: ObjectIdentifier(first)) == 0)
    lengths.ended(ObjectIdentifier(first), length: 40)
    lengths.ended(ObjectIdentifier(first), length: 30)
    #expect(lengths.reservation(for: ObjectIdentifier(first)) == 40)
    lengths.ended(ObjectIdentifier(second), length: 12)
    #expect(lengths.reservation(for: ObjectIdentifier(third)) == 0)
    #expect(lengths.reservation(for: ObjectIdentifier(first)) == 40)
    lengths.ended(ObjectIdentifier(first), length: 54)
    #expect(lengths.reservation(for: ObjectIdentifier(second)) == 12)
    lengths.ended(ObjectIdentifier(second), length: 13)
    #expect(lengths.reservation(for: ObjectIdentifier(first)) == 54)
    #expect(lengths.reservation(for: ObjectIdentifier(second)) == 13)
}
