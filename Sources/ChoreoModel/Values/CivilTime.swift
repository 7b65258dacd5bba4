/// Calendar arithmetic on UTC timestamps without Foundation's `Date` (which would tempt
/// code into reading the wall clock): microseconds since 1970-01-01T00:00:00Z.
public struct CivilTime: Sendable, Hashable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var microsecond: Int

    public init(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
        microsecond: Int = 0
    ) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.microsecond = microsecond
    }

    /// The UTC calendar time of `timestamp` (microseconds since the Unix epoch).
    public init(timestamp: Microseconds) {
        let micro = Int(timestamp %% Durations.day)
        let days = Int((timestamp - Microseconds(micro)) / Durations.day)
        (year, month, day) = CivilTime.civil(fromDays: days)
        hour = micro / Int(Durations.hour)
        minute = micro / Int(Durations.minute) % 60
        second = micro / Int(Durations.second) % 60
        microsecond = micro % Int(Durations.second)
    }

    /// Microseconds since the Unix epoch.
    public var timestamp: Microseconds {
        let days = CivilTime.days(fromCivil: year, month, day)
        return Microseconds(days) * Durations.day + Microseconds(hour) * Durations.hour
            + Microseconds(minute) * Durations.minute + Microseconds(second) * Durations.second
            + Microseconds(microsecond)
    }

    /// 0 for Monday through 6 for Sunday.
    public var weekday: Int {
        let days = CivilTime.days(fromCivil: year, month, day)
        return ((days % 7) + 7 + 3) % 7  // 1970-01-01 was a Thursday.
    }

    /// `2025-01-22`.
    public var dateText: String { format(separator: nil, fraction: false, zone: false) }

    /// `2025-01-22 10:45:13`, the execution log's form.
    public var logText: String { format(separator: 32, fraction: false, zone: false) }

    /// `2025-01-22T10:45:13Z` (with `.ffffff` when there are microseconds): ISO 8601.
    public var isoText: String { format(separator: 84, fraction: true, zone: true) }

    /// Writes the digits straight into the string's buffer: timestamps are formatted for
    /// every history event a workflow reads, so this sits on the engine's path.
    private func format(separator: UInt8?, fraction: Bool, zone: Bool) -> String {
        let withFraction = fraction && microsecond != 0
        let length = 10 + (separator == nil ? 0 : 9) + (withFraction ? 7 : 0) + (zone ? 1 : 0)
        return String(unsafeUninitializedCapacity: length) { buffer in
            write(separator: separator, fraction: fraction, zone: zone, into: buffer)
        }
    }

    /// Writes the text of the time into `buffer` and returns how many bytes it wrote
    /// (at most 27): the date, then with a `separator` (`T`, or a space) the time of day,
    /// its microseconds when `fraction` and there are any, and `Z` when `zone`. For
    /// writers that must not make a `String` for each time; the year is clamped to four
    /// digits.
    public func write(
        separator: UInt8?, fraction: Bool, zone: Bool,
        into buffer: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        var position = 0
        CivilTime.put(max(0, min(year, 9_999)), width: 4, into: buffer, at: &position)
        CivilTime.put(byte: 45, into: buffer, at: &position)
        CivilTime.put(month, width: 2, into: buffer, at: &position)
        CivilTime.put(byte: 45, into: buffer, at: &position)
        CivilTime.put(day, width: 2, into: buffer, at: &position)
        guard let separator else { return position }
        CivilTime.put(byte: separator, into: buffer, at: &position)
        return CivilTime.writeTimeOfDay(
            hour: hour, minute: minute, second: second, microsecond: microsecond,
            fraction: fraction, zone: zone, into: buffer, at: position)
    }

    /// Writes the time of day as `write` does after the date and separator, from `start`:
    /// `hh:mm:ss`, `.ffffff` when `fraction` and `microsecond` is not 0, and `Z` when
    /// `zone`. Returns where the text ends. For a writer that keeps a date and rewrites
    /// only the time of day.
    public static func writeTimeOfDay(
        hour: Int, minute: Int, second: Int, microsecond: Int, fraction: Bool, zone: Bool,
        into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int
    ) -> Int {
        var position = start
        put(hour, width: 2, into: buffer, at: &position)
        put(byte: 58, into: buffer, at: &position)
        put(minute, width: 2, into: buffer, at: &position)
        put(byte: 58, into: buffer, at: &position)
        put(second, width: 2, into: buffer, at: &position)
        if fraction && microsecond != 0 {
            put(byte: 46, into: buffer, at: &position)
            put(microsecond, width: 6, into: buffer, at: &position)
        }
        if zone { put(byte: 90, into: buffer, at: &position) }
        return position
    }

    /// Writes `value` in `width` decimal digits at `position`, and moves past them.
    private static func put(
        _ value: Int, width: Int, into buffer: UnsafeMutableBufferPointer<UInt8>,
        at position: inout Int
    ) {
        var value = value
        for offset in stride(from: width - 1, through: 0, by: -1) {
            buffer[position + offset] = UInt8(truncatingIfNeeded: 48 + value % 10)
            value /= 10
        }
        position += width
    }

    /// Writes `byte` at `position`, and moves past it.
    private static func put(
        byte: UInt8, into buffer: UnsafeMutableBufferPointer<UInt8>, at position: inout Int
    ) {
        buffer[position] = byte
        position += 1
    }

    /// Parses `2025-01-22T10:00:00Z`, `2025-01-22 10:00:00`, `2025-01-22T10:00Z` or
    /// `2025-01-22` (UTC; a `Z` or `+00:00` suffix is accepted, other offsets are applied).
    public static func parse(_ text: String) -> Microseconds? {
        let scalars = Array(text.unicodeScalars)
        var position = 0
        func number(_ digits: Int) -> Int? {
            guard position + digits <= scalars.count else { return nil }
            var value = 0
            for _ in 0..<digits {
                guard let digit = Int(String(scalars[position])) else { return nil }
                value = value * 10 + digit
                position += 1
            }
            return value
        }
        func expect(_ scalar: Unicode.Scalar) -> Bool {
            guard position < scalars.count, scalars[position] == scalar else { return false }
            position += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"),
            let day = number(2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var time = CivilTime(year: year, month: month, day: day)
        if position < scalars.count {
            guard expect("T") || expect(" "), let hour = number(2), expect(":"),
                let minute = number(2), hour < 24, minute < 60
            else { return nil }
            time.hour = hour
            time.minute = minute
            if expect(":") {
                guard let second = number(2), second < 60 else { return nil }
                time.second = second
            }
        }
        var offset: Microseconds = 0
        if position < scalars.count {
            if expect("Z") {
            } else if scalars[position] == "+" || scalars[position] == "-" {
                let sign: Microseconds = scalars[position] == "+" ? 1 : -1
                position += 1
                guard let hours = number(2) else { return nil }
                _ = expect(":")  // `+0100` and `+01:00` are both ISO 8601.
                guard let minutes = number(2) else { return nil }
                offset =
                    sign
                    * (Microseconds(hours) * Durations.hour
                        + Microseconds(minutes) * Durations.minute)
            }
        }
        guard position == scalars.count else { return nil }
        return time.timestamp - offset
    }

    /// `value` as decimal digits, zero-padded to `width`.
    public static func zeroPadded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPosition = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPosition + 2) / 5 + 1
        let month = monthPosition < 10 ? monthPosition + 3 : monthPosition - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

infix operator %% : MultiplicationPrecedence

/// The remainder that is never negative (floor modulo).
func %% (lhs: Int64, rhs: Int64) -> Int64 {
    let remainder = lhs % rhs
    return remainder < 0 ? remainder + rhs : remainder
}
