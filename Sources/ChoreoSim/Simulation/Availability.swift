/// When a simulated team can work: its calendar minus its outages.
///
/// Work only advances in available time, so a task that needs 1h and starts Friday
/// 16:30 on a Monday-to-Friday 09:00-17:00 calendar ends Monday 09:30, and work in
/// progress pauses through an outage.
public struct Availability: Sendable {
    public var calendar: WorkCalendar?
    /// Outage windows `[start, end)`, sorted, not overlapping.
    public private(set) var outages: [(start: Microseconds, end: Microseconds)]

    /// A bound on the windows one computation walks, so bad input cannot hang a run.
    static let maximumWindows = 1_000_000

    public init(calendar: WorkCalendar? = nil, outages: [(Microseconds, Microseconds)] = []) {
        self.calendar = calendar
        var merged: [(start: Microseconds, end: Microseconds)] = []
        for (start, end) in outages.sorted(by: { $0.0 < $1.0 }) where end > start {
            if let last = merged.last, start <= last.end {
                merged[merged.count - 1].end = max(last.end, end)
            } else {
                merged.append((start, end))
            }
        }
        self.outages = merged
    }

    /// Whether the team is always available.
    public var isAlways: Bool { calendar == nil && outages.isEmpty }

    /// The first available moment at or after `time`.
    ///
    /// The test of an always available team (most are) is inlined where it is asked, like
    /// that of `finish(from:work:)`: three calls a task went to these for nothing.
    @inline(__always)
    public func nextAvailable(from time: Microseconds) -> Microseconds {
        isAlways ? time : nextAvailableInWindows(from: time)
    }

    private func nextAvailableInWindows(from time: Microseconds) -> Microseconds {
        var time = time
        for _ in 0..<Availability.maximumWindows {
            if let calendar { time = calendar.nextWorkingStart(from: time) }
            guard let outage = outages.first(where: { $0.start <= time && time < $0.end }) else {
                return time
            }
            time = outage.end
        }
        preconditionFailure("no available time found after \(Availability.maximumWindows) windows")
    }

    /// The end of the available window that contains `time` (which must be available).
    func windowEnd(at time: Microseconds) -> Microseconds {
        var end = calendar?.windowEnd(at: time) ?? Microseconds.max
        if let outage = outages.first(where: { $0.start > time }) { end = min(end, outage.start) }
        return end
    }

    /// When `work` of available time, started at `time`, is done.
    @inline(__always)
    public func finish(from time: Microseconds, work: Microseconds) -> Microseconds {
        isAlways ? time + work : finishInWindows(from: time, work: work)
    }

    private func finishInWindows(from time: Microseconds, work: Microseconds) -> Microseconds {
        var time = nextAvailable(from: time)
        var remaining = work
        for _ in 0..<Availability.maximumWindows {
            let end = windowEnd(at: time)
            if end - time >= remaining { return time + remaining }
            remaining -= end - time
            time = nextAvailable(from: end)
        }
        preconditionFailure("work did not fit in \(Availability.maximumWindows) windows")
    }

    /// How much available time lies between `start` and `end`: the work done in that span.
    public func availableTime(from start: Microseconds, to end: Microseconds) -> Microseconds {
        guard end > start else { return 0 }
        if isAlways { return end - start }
        var total: Microseconds = 0
        var time = nextAvailable(from: start)
        for _ in 0..<Availability.maximumWindows {
            guard time < end else { return total }
            let stop = min(windowEnd(at: time), end)
            total += stop - time
            time = nextAvailable(from: stop)
        }
        preconditionFailure("the span crossed more than \(Availability.maximumWindows) windows")
    }
}

extension WorkCalendar {
    /// Whether `time` falls in working hours.
    public func isWorking(at time: Microseconds) -> Bool {
        let local = time + offset
        let day = floorDivide(local, Durations.day)
        let minute = Int((local - day * Durations.day) / Durations.minute)
        return worksOn(day: day) && minute >= startMinute && minute < endMinute
    }

    /// The first working moment at or after `time`.
    public func nextWorkingStart(from time: Microseconds) -> Microseconds {
        if isWorking(at: time) { return time }
        let local = time + offset
        var day = floorDivide(local, Durations.day)
        let start = Microseconds(startMinute) * Durations.minute
        if local - day * Durations.day >= start { day += 1 }
        for _ in 0..<8 where !worksOn(day: day) { day += 1 }
        return day * Durations.day + start - offset
    }

    /// The end of the working window containing `time` (which must be in working hours).
    public func windowEnd(at time: Microseconds) -> Microseconds {
        let local = time + offset
        let day = floorDivide(local, Durations.day)
        return day * Durations.day + Microseconds(endMinute) * Durations.minute - offset
    }

    private func worksOn(day: Microseconds) -> Bool {
        let weekday = Int(((day % 7) + 7 + 3) % 7)  // 1970-01-01 was a Thursday.
        return days & (1 << UInt8(weekday)) != 0
    }
}

private func floorDivide(_ value: Microseconds, _ divisor: Microseconds) -> Microseconds {
    let quotient = value / divisor
    return value % divisor < 0 ? quotient - 1 : quotient
}
