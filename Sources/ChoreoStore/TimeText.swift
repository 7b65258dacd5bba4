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
        let civil = CivilTime(timestamp: time)
        // As `CivilTime`'s own format: the year clamped to four digits.
        let year = max(0, min(civil.year, 9_999))
        var text: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &text) { raw in
            var position = 0
            func put(_ value: Int, _ width: Int) {
                var value = value
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    raw[position + offset] = UInt8(truncatingIfNeeded: 48 + value % 10)
                    value /= 10
                }
                position += width
            }
            func put(byte: UInt8) {
                raw[position] = byte
                position += 1
            }
            if quoted { put(byte: UInt8(ascii: "\"")) }
            put(year, 4)
            put(byte: UInt8(ascii: "-"))
            put(civil.month, 2)
            put(byte: UInt8(ascii: "-"))
            put(civil.day, 2)
            put(byte: form == .iso ? UInt8(ascii: "T") : UInt8(ascii: " "))
            put(civil.hour, 2)
            put(byte: UInt8(ascii: ":"))
            put(civil.minute, 2)
            put(byte: UInt8(ascii: ":"))
            put(civil.second, 2)
            if civil.microsecond != 0 {
                put(byte: UInt8(ascii: "."))
                put(civil.microsecond, 6)
            }
            if form == .iso { put(byte: UInt8(ascii: "Z")) }
            if quoted { put(byte: UInt8(ascii: "\"")) }
            let bytes = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            return body(UnsafeBufferPointer(start: bytes, count: position))
        }
    }
}

extension JSONWriter {
    /// `"2025-01-22T10:45:13Z"`: `CivilTime.isoText`, quoted.
    func writeISOTime(_ time: Microseconds) {
        TimeText.with(time, .iso, quoted: true) { append($0) }
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
        TimeText.with(time, .store, quoted: false) { bind(text: $0) }
    }
}
