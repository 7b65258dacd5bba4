import ChoreoSim
import Testing

let officeHours = WorkCalendar(days: 0b0001_1111, startMinute: 9 * 60, endMinute: 17 * 60)

func at(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Microseconds {
    CivilTime(year: 2025, month: 1, day: day, hour: hour, minute: minute).timestamp
}

@Test func workOfferedFridayAfternoonEndsMondayMorning() {
    let availability = Availability(calendar: officeHours)
    // 2025-01-24 is a Friday; 2025-01-27 the Monday after.
    #expect(CivilTime(timestamp: at(24, 16, 30)).weekday == 4)
    #expect(availability.finish(from: at(24, 16, 30), work: Durations.hour) == at(27, 9, 30))
}

@Test func workStartsAtTheNextOpeningOutsideWorkingHours() {
    let availability = Availability(calendar: officeHours)
    #expect(availability.nextAvailable(from: at(25, 12)) == at(27, 9))  // Saturday
    #expect(availability.nextAvailable(from: at(22, 7)) == at(22, 9))  // Wednesday early
    #expect(availability.nextAvailable(from: at(22, 17)) == at(23, 9))  // Wednesday close
    #expect(availability.finish(from: at(22, 10), work: 10 * Durations.hour) == at(23, 12))
}

@Test func calendarsInAnotherZoneShiftTheWindow() {
    let berlin = WorkCalendar(
        days: 0b0001_1111, startMinute: 9 * 60, endMinute: 17 * 60, offset: Durations.hour)
    #expect(Availability(calendar: berlin).nextAvailable(from: at(22, 7)) == at(22, 8))
}

@Test func workInProgressPausesThroughAnOutage() {
    let availability = Availability(outages: [(at(22, 11), at(22, 13))])
    #expect(availability.finish(from: at(22, 10), work: 2 * Durations.hour) == at(22, 14))
    #expect(availability.nextAvailable(from: at(22, 12)) == at(22, 13))
    #expect(availability.finish(from: at(22, 13), work: Durations.hour) == at(22, 14))
}

@Test func overlappingOutagesMergeAndCombineWithTheCalendar() {
    let availability = Availability(
        calendar: officeHours, outages: [(at(22, 16), at(23, 10)), (at(23, 9, 30), at(23, 11))])
    #expect(availability.outages.count == 1)
    #expect(availability.finish(from: at(22, 15), work: 2 * Durations.hour) == at(23, 12))
}

@Test func availableTimeCountsOnlyWorkingHoursOutsideOutages() {
    let availability = Availability(calendar: officeHours, outages: [(at(23, 10), at(23, 11))])
    // Friday 16:00 to Monday 10:00: one hour on Friday, one on Monday.
    #expect(availability.availableTime(from: at(24, 16), to: at(27, 10)) == 2 * Durations.hour)
    // Wednesday 15:00 to Thursday 12:00: two hours, then 9-10 and 11-12 around the outage.
    #expect(availability.availableTime(from: at(22, 15), to: at(23, 12)) == 4 * Durations.hour)
    #expect(availability.availableTime(from: at(22, 12), to: at(22, 12)) == 0)
    #expect(Availability().availableTime(from: at(22, 12), to: at(22, 13)) == Durations.hour)
    // What `finish` schedules, `availableTime` measures back.
    let end = availability.finish(from: at(22, 15), work: 5 * Durations.hour)
    #expect(availability.availableTime(from: at(22, 15), to: end) == 5 * Durations.hour)
}
