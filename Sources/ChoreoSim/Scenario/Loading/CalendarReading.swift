import ChoreoModel
import Yams

/// `calendar: { days, hours, zone }`: a team's working time.
///
/// Each field has a default, so `calendar: {}` is office hours: `days` Monday to Friday,
/// `hours` 09:00-17:00, `zone` UTC.
extension LoadSession {
    /// The days of the week, Monday first, as `days:` may name them.
    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// The calendar in `node`, or `nil` with every problem reported.
    func calendar(_ node: Node) -> WorkCalendar? {
        guard let reader = MappingReader(node, what: "a calendar", session: self) else {
            return nil
        }
        reader.checkKeys(["days", "hours", "zone"])
        let days = reader.value("days").map(workingDays) ?? 0b001_1111
        let hours = reader.value("hours").map(workingHours) ?? (9 * 60, 17 * 60)
        let zone = reader.value("zone").map(zoneOffset) ?? 0
        guard let days, let hours, let zone else { return nil }
        return WorkCalendar(days: days, startMinute: hours.0, endMinute: hours.1, offset: zone)
    }

    /// `mon-fri`, `[mon, wed]`, `"mon,tue"` or a mix (`"mon-wed, sat"`) as a bitmask with
    /// bit 0 for Monday. Ranges may wrap (`fri-mon`); full names (`monday`) are accepted.
    private func workingDays(_ node: Node) -> UInt8? {
        var items: [String] = []
        if case .sequence(let sequence) = node {
            for item in sequence {
                guard let text = string(item, for: "days") else { return nil }
                items.append(text)
            }
        } else {
            guard let text = string(node, for: "days") else { return nil }
            items = text.split(separator: ",").map(String.init)
        }
        var mask: UInt8 = 0
        for item in items {
            guard let days = dayMask(item, at: node) else { return nil }
            mask |= days
        }
        guard mask != 0 else {
            error("'days' needs at least one working day, such as 'mon-fri'", at: node)
            return nil
        }
        return mask
    }

    /// One day or a range of days.
    private func dayMask(_ item: String, at node: Node) -> UInt8? {
        let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
        var numbers: [Int] = []
        for bound in bounds {
            let name = String(bound.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
            guard let number = dayNumber(name) else {
                let hint = Suggestions.hint(for: name.lowercased(), among: LoadSession.dayNames)
                error(
                    "unknown day '\(name)' in 'days'\(hint); expected a day ("
                        + LoadSession.dayNames.joined(separator: ", ")
                        + ") or a range such as 'mon-fri'",
                    at: node)
                return nil
            }
            numbers.append(number)
        }
        guard numbers.count <= 2 else {
            error("'\(item)' is not a day or a range of days such as 'mon-fri'", at: node)
            return nil
        }
        var mask: UInt8 = 0
        var day = numbers[0]
        while true {
            mask |= 1 << UInt8(day)
            if day == numbers[numbers.count - 1] { break }
            day = (day + 1) % 7
        }
        return mask
    }

    private func dayNumber(_ name: String) -> Int? {
        let lowered = name.lowercased()
        let fullNames = [
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        ]
        return LoadSession.dayNames.firstIndex(of: lowered) ?? fullNames.firstIndex(of: lowered)
    }

    /// `"09:00-17:00"`: minutes after midnight of the start and the end, the end after the
    /// start (a working day cannot run past midnight; `24:00` ends it at midnight).
    private func workingHours(_ node: Node) -> (Int, Int)? {
        guard let text = string(node, for: "hours") else { return nil }
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false)
        let minutes = bounds.map { clockMinutes(String($0)) }
        guard minutes.count == 2, let start = minutes[0], let end = minutes[1] else {
            error(
                "'hours': '\(text)' is not a span of the day; write e.g. '09:00-17:00'", at: node)
            return nil
        }
        guard start < end else {
            error(
                "'hours': the end (\(bounds[1])) must be after the start (\(bounds[0])); "
                    + "working hours cannot run past midnight", at: node)
            return nil
        }
        return (start, end)
    }

    /// `9:00`, `09:30` or `24:00` as minutes after midnight.
    private func clockMinutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
            let hour = Int(parts[0]), let minute = Int(parts[1]),
            hour >= 0, minute >= 0, minute < 60, hour < 24 || (hour == 24 && minute == 0)
        else { return nil }
        return hour * 60 + minute
    }

    /// `UTC` (or `Z`, `GMT`), `+02:00`, `-0530`, `+2`, optionally after `UTC`: a fixed
    /// offset from UTC, at most 18 hours either way. Named zones are refused: their
    /// daylight-saving changes would move working hours during a run.
    private func zoneOffset(_ node: Node) -> Microseconds? {
        guard let text = string(node, for: "zone") else { return nil }
        var rest = Substring(text)
        if let prefix = ["UTC", "GMT", "Z"].first(where: { text.uppercased().hasPrefix($0) }) {
            rest = rest.dropFirst(prefix.count)
        }
        if rest.isEmpty { return 0 }
        if let offset = Self.offset(rest), abs(offset) <= 18 * Durations.hour { return offset }
        let reason =
            text.contains("/")
            ? "named time zones are not supported (daylight saving would move working hours); "
                + "write a fixed offset such as '+01:00'"
            : "write 'UTC' or an offset such as '+02:00' or '-05:30' (at most 18 hours)"
        error("'zone': '\(text)' is not a UTC offset; \(reason)", at: node)
        return nil
    }

    /// `+HH:MM`, `+H:MM`, `+HHMM`, `+HH` or `+H` as microseconds.
    private static func offset(_ text: Substring) -> Microseconds? {
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let body = text.dropFirst()
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        var hoursText = body
        var minutesText: Substring = "00"
        if parts.count == 2 {
            (hoursText, minutesText) = (parts[0], parts[1])
        } else if parts.count == 1, body.count == 4 {
            (hoursText, minutesText) = (body.prefix(2), body.suffix(2))
        }
        guard (1...2).contains(hoursText.count), minutesText.count == 2,
            (hoursText + minutesText).allSatisfy({ $0.isASCII && $0.isNumber }),
            let hours = Int(hoursText), let minutes = Int(minutesText), minutes < 60
        else { return nil }
        let magnitude =
            Microseconds(hours) * Durations.hour + Microseconds(minutes) * Durations.minute
        return sign == "-" ? -magnitude : magnitude
    }
}
