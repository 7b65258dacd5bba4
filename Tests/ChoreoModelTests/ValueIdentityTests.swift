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

    @Test func aNaNIsIdenticalToItselfThoughNotEqual() {
        let nan: Value = .number(.nan)
        #expect(nan != nan)
        #expect(nan.isIdentical(to: nan))
        #expect(!nan.isIdentical(to: .number(1)))
        #expect(!Value.null.isIdentical(to: .bool(false)))
    }
}
