import ChoreoEngine
import GRDBSQLite

/// Times written straight into JSON text and statement parameters, without making a
/// `String` for each: every history event's element has two (its `time` column and its
/// data's `time`), a task row up to four, and those strings, too long to be stored inline,
/// cost an allocation each.
enum TimeText {
    /// The form of a time: `StoreTime.text`'s or `CivilTime.isoText`'s.
    enum Form {
        /// `2025-01-22 10:45:13[.ffffff]`.
        case store
        /// `2025-01-22T10:45:13[.ffffff]Z`.
        case iso
    }

    /// Calls `body` with the text of `time` in `form`, in double quotes when `quoted`.
    static func with<Result>(
        _ time: Microseconds, _ form: Form, quoted: Bool,
        _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        var text: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &text) { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var length = 0
            if quoted {
                bytes[0] = UInt8(ascii: "\"")
                length = 1
            }
            length += CivilTime(timestamp: time).write(
                separator: form == .iso ? UInt8(ascii: "T") : UInt8(ascii: " "), fraction: true,
                zone: form == .iso, into: UnsafeMutableBufferPointer(rebasing: bytes[length...]))
            if quoted {
                bytes[length] = UInt8(ascii: "\"")
                length += 1
            }
            return body(UnsafeBufferPointer(start: bytes.baseAddress, count: length))
        }
    }
}

/// The text of the last time written in one form (`TimeText.Form`), kept: the events a
/// command adds share its time, and so do the task rows it changes, and a time's text
/// cost some 600 instructions to make.
///
/// A time of the same day as the last one rewrites only its time of day, after the date
/// kept: a task row's times (offer, claim, deadline, end) differ, and a batch's times
/// mostly fall on one day, whose date (the civil calendar from a day number) was most of
/// that cost.
struct LastTimeText {
    private let form: TimeText.Form
    private var time = Microseconds.min
    /// Where the day of `time` starts, in microseconds.
    private var dayStart = Microseconds.min
    private var text: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var length = 0
    /// `Durations.day`, a constant here (read from another module, it is a lazy global).
    private static let day: Microseconds = 86_400_000_000

    init(_ form: TimeText.Form) { self.form = form }

    /// Calls `body` with the text of `time`, made unless it is the last time's.
    mutating func with<Result>(
        _ time: Microseconds, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        if time != self.time {
            let offset = time &- dayStart
            if length > 0, offset >= 0, offset < LastTimeText.day {
                writeTimeOfDay(offset)
            } else {
                let form = form
                length = withUnsafeMutableBytes(of: &text) { raw in
                    CivilTime(timestamp: time).write(
                        separator: form == .iso ? UInt8(ascii: "T") : UInt8(ascii: " "),
                        fraction: true, zone: form == .iso, into: raw.bindMemory(to: UInt8.self))
                }
                let remainder = time % LastTimeText.day
                dayStart = time &- (remainder < 0 ? remainder + LastTimeText.day : remainder)
            }
            self.time = time
        }
        let length = length
        return withUnsafeBytes(of: &text) { raw in
            body(UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[..<length]))
        }
    }

    /// Writes the time of day `offset` microseconds into the day after the date and
    /// separator kept, as `CivilTime.write` writes it: `hh:mm:ss`, `.ffffff` unless the
    /// microseconds are 0, `Z` in the ISO form. Two digits at a time from a table
    /// (`CivilTime.writeTimeOfDay` divided once a digit: a tenth of the cost of a task row).
    private mutating func writeTimeOfDay(_ offset: Microseconds) {
        let seconds = Int(offset / 1_000_000)
        let microsecond = Int(offset % 1_000_000)
        let zone = form == .iso
        length = withUnsafeMutableBytes(of: &text) { raw in
            let start = raw.baseAddress!
            var end = start + 11
            JSONWriter.storeDigits(of: seconds / 3_600, at: end)
            end.storeBytes(of: UInt8(ascii: ":"), toByteOffset: 2, as: UInt8.self)
            JSONWriter.storeDigits(of: seconds / 60 % 60, at: end + 3)
            end.storeBytes(of: UInt8(ascii: ":"), toByteOffset: 5, as: UInt8.self)
            JSONWriter.storeDigits(of: seconds % 60, at: end + 6)
            end += 8
            if microsecond != 0 {
                end.storeBytes(of: UInt8(ascii: "."), as: UInt8.self)
                JSONWriter.storeDigits(of: microsecond / 10_000, at: end + 1)
                JSONWriter.storeDigits(of: microsecond / 100 % 100, at: end + 3)
                JSONWriter.storeDigits(of: microsecond % 100, at: end + 5)
                end += 7
            }
            if zone {
                end.storeBytes(of: UInt8(ascii: "Z"), as: UInt8.self)
                end += 1
            }
            return end - start
        }
    }
}

extension JSONWriter {
    /// `"2025-01-22T10:45:13Z"`: `CivilTime.isoText`, quoted.
    func writeISOTime(_ time: Microseconds) {
        append(UInt8(ascii: "\""))
        isoTimes.with(time) { append($0) }
        append(UInt8(ascii: "\""))
    }

    /// `"2025-01-22 10:45:13"`: `StoreTime.text`, quoted.
    func writeStoreTime(_ time: Microseconds) {
        TimeText.with(time, .store, quoted: true) { append($0) }
    }
}

extension BoundStatement {
    /// Binds `StoreTime.text(time)`, or null.
    mutating func bind(time: Microseconds?) {
        guard let time else { return bind(nil as String?) }
        arena.storeTimes.with(time) { bind(text: $0) }
    }
}
