import Testing

@testable import ChoreoModel

@Test func durationsParseEveryUnitAndCombination() {
    #expect(Durations.parse("90s") == 90 * Durations.second)
    #expect(Durations.parse("15m") == 15 * Durations.minute)
    #expect(Durations.parse("2h") == 2 * Durations.hour)
    #expect(Durations.parse("1d") == Durations.day)
    #expect(Durations.parse("1h30m") == 90 * Durations.minute)
    #expect(Durations.parse("2.5h") == 150 * Durations.minute)
    #expect(Durations.parse("250ms") == 250_000)
}

@Test func malformedDurationsAreRefused() {
    for text in ["", "h", "5", "-5m", "5x", "30m1h", "1h1h", "1..5h", "999999999d"] {
        #expect(Durations.parse(text) == nil, "\(text)")
    }
}

@Test func durationsFormatAsPeopleWriteThem() {
    #expect(Durations.format(90 * Durations.minute) == "1h30m")
    #expect(Durations.format(0) == "0s")
    #expect(Durations.format(Durations.day + 4 * Durations.hour) == "1d4h")
}
