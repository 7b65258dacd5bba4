import ChoreoModel
import Testing

/// `isIdentical(to:)` is stricter than `==`: what it accepts may replace the other value
/// without changing any output.
@Suite struct ValueIdentityTests {
    @Test func aValueIsIdenticalToItsCopiesAndToAnEqualOneBuiltApart() {
        let built: Value = ["model": "gpt-4", "sizes": [1, 2.5, "x"], "on": true, "none": .null]
        let copy = built
        let rebuilt: Value = [
            "none": .null, "on": true, "sizes": [1, 2.5, "x"], "model": .string("gpt-" + "4"),
        ]
        #expect(built.isIdentical(to: copy))
        #expect(built.isIdentical(to: rebuilt))
        #expect(rebuilt.isIdentical(to: built))
    }

    /// A string shares its storage with its copies only: an equal one built apart (longer
    /// than a small string) does not, though it is identical.
    @Test func aStringSharesStorageWithItsCopiesOnly() {
        let built = "Compatible with minor config changes"
        let copy = built
        let rebuilt = String(decoding: Array(built.utf8), as: UTF8.self)
        #expect(built.sharesStorage(with: copy))
        #expect(!built.sharesStorage(with: rebuilt))
        #expect(built.isIdentical(to: rebuilt))
        #expect(!built.sharesStorage(with: "Compatible"))
    }

    @Test func valuesThatAreEqualButWriteDifferentlyAreNotIdentical() {
        let zero: Value = .number(0)
        let negativeZero: Value = .number(-0.0)
        #expect(zero == negativeZero)
        #expect(!zero.isIdentical(to: negativeZero))
        #expect(!(["n": zero] as Value).isIdentical(to: ["n": negativeZero]))
        #expect(!([zero] as Value).isIdentical(to: [negativeZero]))

        let composed: Value = "caf\u{E9}"
        let decomposed: Value = "cafe\u{301}"
        #expect(composed == decomposed)
        #expect(!composed.isIdentical(to: decomposed))
        #expect(!(["k": 1] as Value).isIdentical(to: ["k": 1, "l": 2]))
        #expect(!(["caf\u{E9}": 1] as Value).isIdentical(to: ["cafe\u{301}": 1]))
    }

    /// Copies of one template with a value changed list the same keys in the same order:
    /// the comparison goes pair by pair, and must still find a change in any member.
    @Test func copiesOfOneTemplateDifferWhereAValueChanged() {
        var template: [String: Value] = [:]
        for index in 0..<12 { template["field_\(index)"] = .number(Double(index)) }
        for changed in template.keys {
            var copy = template
            copy[changed] = .number(-1)
            var again = template
            again[changed] = .number(-1)
            #expect(!Value.object(template).isIdentical(to: .object(copy)), "\(changed)")
            #expect(!Value.object(copy).isIdentical(to: .object(template)), "\(changed)")
            #expect(Value.object(copy).isIdentical(to: .object(again)), "\(changed)")
        }
        // The same members in another table layout: compared by key.
        var grown = [String: Value](minimumCapacity: 200)
        for (key, value) in template { grown[key] = value }
        #expect(Value.object(template).isIdentical(to: .object(grown)))
        grown["field_3"] = .number(3.5)
        #expect(!Value.object(template).isIdentical(to: .object(grown)))
    }

    @Test func aNaNIsIdenticalToItselfThoughNotEqual() {
        let nan: Value = .number(.nan)
        #expect(nan != nan)
        #expect(nan.isIdentical(to: nan))
        #expect(!nan.isIdentical(to: .number(1)))
        #expect(!Value.null.isIdentical(to: .bool(false)))
    }
}
