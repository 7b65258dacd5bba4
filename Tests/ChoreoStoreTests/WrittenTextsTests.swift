import ChoreoEngine
import Testing

@testable import ChoreoStore

/// Objects written again are copied from their kept text (`WrittenObjects`): the text is
/// always the object's own, whatever was written between, however it changed.
@Test func anObjectWrittenAgainIsItsOwnText() {
    let outputs: Value = ["result": "PASS", "cost_delta": 650.5, "notes": ["a", "b"]]
    let inputs: Value = ["model": outputs, "suite": "engineering"]
    let writer = JSONWriter()
    for value in [outputs, inputs, outputs, [outputs, inputs, outputs], inputs] {
        writer.reset()
        writer.write(value: value)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == value.json)
    }
}

/// A dictionary changed after it was written gets storage of its own (the kept text holds
/// the old one), so its new text is written, not the old one copied.
@Test func anObjectChangedAfterItWasWrittenIsWrittenAnew() {
    let writer = JSONWriter()
    var members: [String: Value] = ["step": "review", "count": 1]
    for count in 2...5 {
        writer.reset()
        writer.write(value: .object(members))
        #expect(String(decoding: writer.bytes, as: UTF8.self) == Value.object(members).json)
        members["count"] = .number(Double(count))
        members["added\(count)"] = true
    }
}

/// More objects than the table has slots, each written twice in turn and dropped: every
/// text is its object's, the slots shared and taken over.
@Test func objectsPastTheTableSizeAreEachTheirOwnText() {
    let writer = JSONWriter()
    let objects: [Value] = (0..<(3 * WrittenObjects.slotCount)).map {
        ["index": .number(Double($0)), "name": .string("object \($0)")]
    }
    for round in 0..<2 {
        for (index, object) in objects.enumerated() where index % 2 == round {
            writer.reset()
            writer.write(value: object)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == object.json)
        }
        for object in objects {
            writer.reset()
            writer.write(value: ["wrapped": object])
            #expect(String(decoding: writer.bytes, as: UTF8.self) == "{\"wrapped\":\(object.json)}")
        }
    }
}

/// Whole numbers are written as their digits, as `Value.format(number:)` writes them, up
/// to where it switches to the `Double`'s own text; the others as it does.
@Test func numbersAreWrittenAsValueFormatWritesThem() {
    let writer = JSONWriter()
    let numbers: [Double] = [
        0, -0.0, 1, -1, 9, 10, 650, -650, 0.5, -2.25, 1e15 - 1, -(1e15 - 1), 1e15, 1e20, 1e-7,
        123_456_789_012_345, .infinity, -.infinity, .nan, .greatestFiniteMagnitude,
    ]
    for number in numbers {
        writer.reset()
        writer.write(value: .number(number))
        #expect(String(decoding: writer.bytes, as: UTF8.self) == Value.format(number: number))
    }
}

/// Strings written again are copied from their kept text (`WrittenStrings`), short ones
/// held in their bits and longer ones in storage, across the length kept in place: each
/// text is the string's own, escapes included.
@Test func aStringWrittenAgainIsItsOwnText() {
    let writer = JSONWriter()
    let texts = [
        "", "a", "engineering", "fifteen-bytes!!", "sixteen-bytes!!!",
        "thirty bytes, quotes make 32!!",
        "thirty-one bytes, quotes: 33 !!", "a string well past the thirty-two bytes kept in place",
        "tab\there", "quote\" and \\ backslash", "é 😀",
    ]
    for round in 0..<3 {
        for text in round == 1 ? texts.reversed() : texts {
            writer.reset()
            writer.writeString(text)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == Value.string(text).json)
        }
    }
}

/// A string grown after it was written, and more strings than the table has slots, each
/// written twice in turn: every text is its string's.
@Test func changedAndManyStringsAreEachTheirOwnText() {
    let writer = JSONWriter()
    var grown = "a team name long enough for storage"
    for suffix in ["-1", "-22", "-333"] {
        writer.reset()
        writer.writeString(grown)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == Value.string(grown).json)
        grown += suffix
    }
    let many = (0..<(3 * WrittenStrings.slotCount)).map { "agent \($0) of team \($0 % 7)" }
    for _ in 0..<2 {
        for text in many {
            writer.reset()
            writer.writeString(text)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == Value.string(text).json)
        }
    }
}
