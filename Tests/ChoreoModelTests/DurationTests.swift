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

@Test func durationsReadSurroundingSpacesMicrosecondsAndLongText() {
    #expect(Durations.parse(" \t45m ") == 45 * Durations.minute)
    #expect(
        Durations.parse("1d2h3m4s5ms6us") == Durations.day + 2 * Durations.hour + 3
            * Durations.minute + 4 * Durations.second + 5_006)
    #expect(Durations.parse(".5h") == 30 * Durations.minute)
    // Longer than a small string's 15 bytes: read from heap storage.
    #expect(Durations.parse("0000000000000000001h") == Durations.hour)
    for text in ["1 h", "1H", "1hm", "1mh", "1é", "é1h", "\u{00A0}1h", "1msh", "1usms"] {
        #expect(Durations.parse(text) == nil, "\(text)")
    }
}

@Test func durationsFormatAsPeopleWriteThem() {
    #expect(Durations.format(90 * Durations.minute) == "1h30m")
    #expect(Durations.format(0) == "0s")
    #expect(Durations.format(Durations.day + 4 * Durations.hour) == "1d4h")
}
