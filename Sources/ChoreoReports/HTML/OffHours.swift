/// When the teams of a scenario could not work (off their calendar or in an outage), as
/// the simulation sees it: a team's calendar, else the defaults', minus its outages.
struct OffHours {
    /// The most intervals drawn for one step: a step that spans years of nights is
    /// hatched for its first thousand.
    static let maximumIntervals = 1_000

    private let scenario: Scenario

    init(scenario: Scenario) {
        self.scenario = scenario
    }

    /// The availability of `team`, built as `Simulation` builds it.
    func availability(of team: String) -> Availability {
        var outages: [(Microseconds, Microseconds)] = []
        for case .outage(team, let at, let duration) in scenario.faults {
            outages.append((scenario.start + at, scenario.start + at + duration))
        }
        let calendar = scenario.team(named: team)?.calendar ?? scenario.defaults.calendar
        return Availability(calendar: calendar, outages: outages)
    }

    /// The intervals inside `[start, end)` when `team` could not work, in time order.
    func intervals(of team: String, from start: Microseconds, to end: Microseconds) -> [(
        start: Microseconds, end: Microseconds
    )] {
        let availability = availability(of: team)
        guard !availability.isAlways else { return [] }
        var intervals: [(start: Microseconds, end: Microseconds)] = []
        var time = start
        while time < end && intervals.count < OffHours.maximumIntervals {
            let open = min(availability.nextAvailable(from: time), end)
            if open > time { intervals.append((time, open)) }
            guard open < end else { break }
            var close = availability.calendar?.windowEnd(at: open) ?? Microseconds.max
            if let outage = availability.outages.first(where: { $0.start > open }) {
                close = min(close, outage.start)
            }
            time = close
        }
        return intervals
    }
}
