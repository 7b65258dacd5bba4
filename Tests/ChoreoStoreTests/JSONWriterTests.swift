import ChoreoEngine
import Foundation
import Testing

@testable import ChoreoStore

/// The store's JSON writers: column text reads as `Value.json` does, and a snapshot
/// written by `StreamingJSONEncoder` decodes with `JSONDecoder` to the same snapshot.
@Test func columnJSONIsTheSameTextAsValueJSON() {
    let value: Value = [
        "text": "line\n\"quoted\" \\ tab\t é 😀 \u{1}", "numbers": [0, -1.5, 650, 1e20, 0.1, -7],
        "flags": [true, false, nil], "nested": ["empty": [:], "list": []],
    ]
    let writer = JSONWriter()
    writer.write(value: value)
    #expect(String(decoding: writer.bytes, as: UTF8.self) == value.json)
    writer.reset()
    writer.write(value: "again")
    #expect(String(decoding: writer.bytes, as: UTF8.self) == #""again""#)
}

/// Objects are written in key order whatever their size: put in order on the stack up to
/// `JSONWriter.insertionSortLimit` members, sorted in an array past it.
@Test func objectsOfEverySizeAreWrittenInKeyOrder() {
    let writer = JSONWriter()
    let limit = JSONWriter.insertionSortLimit
    for size in [0, 1, 2, 5, limit - 1, limit, limit + 1, 3 * limit] {
        // Keys in an order of their own (and sharing prefixes), so that the order written
        // comes from sorting, not from how they were made.
        var members: [String: Value] = [:]
        for number in 0..<size {
            members["key\((number * 7919) % 1009)\(number % 3 == 0 ? "" : "b")"] = .number(
                Double(number))
        }
        let value = Value.object(members)
        writer.reset()
        writer.write(value: value)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == value.json, "\(size) members")
    }
}

@Test func streamedSnapshotsDecodeToTheSameSnapshot() throws {
    let (_, snapshots) = try referenceRun()
    let writer = JSONWriter()
    for snapshot in snapshots {
        try StreamingJSONEncoder.encode(snapshot, into: writer)
        let decoded = try JSONDecoder().decode(InstanceSnapshot.self, from: Data(writer.bytes))
        #expect(decoded == snapshot)
    }
}

/// Every scalar type, optionals, nested containers and integers at their extremes.
@Test func streamedScalarsAndContainersDecode() throws {
    struct Sample: Codable, Equatable {
        var small: Int8 = -128
        var unsigned: UInt64 = .max
        var wide: Int64 = .min
        var half: Float = 0.5
        var missing: String? = nil
        var present: Int32? = 7
        var nested: [[String: [UInt16]]] = [["a": [1, 2]], [:]]
        var choice: Choice = .pair(first: 1, second: "two")
    }
    enum Choice: Codable, Equatable {
        case none
        case pair(first: Int, second: String)
    }
    let writer = JSONWriter()
    let sample = Sample()
    try StreamingJSONEncoder.encode(sample, into: writer)
    #expect(try JSONDecoder().decode(Sample.self, from: Data(writer.bytes)) == sample)
    #expect(throws: EncodingError.self) {
        try StreamingJSONEncoder.encode([Double.infinity], into: writer)
    }
}

/// Times written without a `String` are the texts `StoreTime.text` and `isoText` give,
/// with and without microseconds, and at the ends of the four-digit years.
@Test func timesAreWrittenAsTheirTexts() throws {
    let times: [Microseconds] = [
        seedStart, seedStart + 1, seedStart + 1_500_250, 0, -1,
        CivilTime(year: 9_999, month: 12, day: 31, hour: 23, minute: 59, second: 59).timestamp,
        CivilTime(year: 10_000, month: 1, day: 1).timestamp,
        CivilTime(year: -1, month: 6, day: 1).timestamp,
    ]
    let writer = JSONWriter()
    for time in times {
        writer.reset()
        writer.writeStoreTime(time)
        writer.writeISOTime(time)
        let expected =
            "\"\(StoreTime.text(time))\"\"\(CivilTime(timestamp: time).isoText)\""
        #expect(String(decoding: writer.bytes, as: UTF8.self) == expected, "\(time)")
    }
}

/// Strings of every length around the eight-byte words the escape check reads, with each
/// character that needs an escape at every position, read as `Value.json` writes them;
/// so do native (long) strings and strings with bytes of 0x80 and above.
@Test func stringsAreEscapedWhereverTheEscapeFalls() {
    let writer = JSONWriter()
    func check(_ text: String) {
        writer.reset()
        writer.writeString(text)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == Value.string(text).json, "\(text)")
    }
    for length in 0...25 {
        let plain = String(repeating: "a", count: length)
        check(plain)
        check(plain + "é😀")
        for position in 0..<length {
            for special in ["\"", "\\", "\n", "\u{1}", "\u{1F}", " ", "~", "\u{7F}"] {
                var characters = Array(plain)
                characters[position] = Character(special)
                check(String(characters))
            }
        }
    }
}

/// Integers written without a `String` are their decimal text, around every power of ten
/// and at the ends of `Int64`.
@Test func integersAreWrittenAsTheirDigits() {
    var numbers: [Int64] = [
        0, 1, -1, 9, -9, 42, 100, 1_000_000_007, 1_737_540_000_123_456,
        -1_737_540_001_000_000, 12_345_678_901, .max, .min, .max - 1, .min + 1,
    ]
    var power: Int64 = 1
    for _ in 0..<18 {
        power *= 10
        numbers += [power - 1, power, power + 1, -power, -(power - 1)]
    }
    let writer = JSONWriter()
    for number in numbers {
        writer.reset()
        writer.writeInteger(number)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "\(number)")
    }
}

/// A time's text kept from the last one written is that time's, whatever the order of
/// times: repeated, changed within its day (the date kept) and across midnight, back to an
/// earlier one, with and without a fraction, before 1970 and past the four-digit years.
@Test func keptTimeTextsAreTheTimesOwn() {
    let start = seedStart
    let midnight = start - start % Durations.day
    let tomorrow = midnight + Durations.day
    let late = CivilTime(year: 10_000, month: 3, day: 1, hour: 5).timestamp
    let times = [
        start, start, start + 1_500_000, start, start + 7, start + 7, -1, start,
        midnight, midnight - 1, tomorrow - 1, tomorrow, tomorrow + 59_999_999, midnight,
        midnight + 3_600_000_000 * 13 + 61_000_001, -Durations.day, -Durations.day - 1, -1,
        -Durations.day + 1, 0, late, late + 3_600_000_001, late - 1, start,
    ]
    var store = LastTimeText(.store)
    var iso = LastTimeText(.iso)
    for time in times {
        #expect(store.with(time) { String(decoding: $0, as: UTF8.self) } == StoreTime.text(time))
        #expect(
            iso.with(time) { String(decoding: $0, as: UTF8.self) }
                == CivilTime(timestamp: time).isoText)
    }
}

/// The statuses the context writes from constants are their raw values, quoted, as
/// `writeString` would write them.
@Test func quotedStatusesAreTheirRawValues() {
    let writer = JSONWriter()
    func quoted(_ rawValue: String) -> String {
        writer.reset()
        writer.writeString(rawValue)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
    for status in StepStatus.allCases {
        #expect(status.quotedRawValue.description == quoted(status.rawValue))
    }
}
