import Foundation
import Testing

@testable import ChoreoModel

@Test func numbersJSONCannotHoldEncodeAsNullLikeTheirJSONText() throws {
    let value: Value = ["big": .number(.infinity), "small": .number(-.infinity), "n": 650]
    let data = try JSONEncoder().encode(value)
    let decoded = try JSONDecoder().decode(Value.self, from: data)
    #expect(decoded == ["big": .null, "small": .null, "n": 650])
    #expect(decoded.json == value.json)
}
