import Testing

@testable import ChoreoModel

/// Parsed expressions evaluated: comparisons of numbers and strings, boolean operators,
/// null paths and arithmetic.
@Suite struct ExpressionEvaluationTests {
    let context: TestContext = {
        var context = TestContext()
        context.inputs = [
            "budget": 650, "name": "gpt-4-turbo", "flags": ["fast": true], "empty": "",
            "list": ["a", "b"],
        ]
        context.stepOutputs[-1] = ["cost_delta": 650, "recommendation": "proceed"]
        context.statuses[-1] = "completed"
        context.workflowValues[.status] = "running"
        return context
    }()

    func value(_ source: String) throws -> Value {
        try ExpressionParser.parse(source).evaluate(in: context)
    }

    /// A member (and a key, by `Value`'s subscript) is found by its name in small objects
    /// (scanned) and large ones (hashed) alike, under a canonically equivalent name too, as
    /// a look-up finds it.
    @Test func membersAreFoundAlikeInSmallAndLargeObjects() {
        var large: [String: Value] = [:]
        for index in 0..<20 { large["field_\(index)"] = .number(Double(index)) }
        large["caf\u{E9}"] = "large"
        let small: Value = ["cost_delta": 650, "caf\u{E9}": "small", "risks": "none"]
        #expect(small.member("cost_delta") == 650)
        #expect(small.member("cafe\u{301}") == "small")
        #expect(small.member("cost") == .null)
        #expect(Value.object(large).member("field_13") == 13)
        #expect(Value.object(large).member("cafe\u{301}") == "large")
        #expect(Value.object(large).member("field_20") == .null)
        #expect(small["risks"] == "none")
        #expect(small["cafe\u{301}"] == "small")
        #expect(small["none"] == .null)
        #expect(Value.object(large)["field_7"] == 7)
    }

    @Test(arguments: [
        ("inputs.budget > 500", true), ("inputs.budget < 500", false),
        ("inputs.budget >= 650", true), ("inputs.budget <= 649.5", false),
        ("inputs.budget == 650", true), ("inputs.budget != 650", false),
        ("1 + 2 * 3 == 7", true), ("(1 + 2) * 3 == 9", true), ("10 - 4 - 3 == 3", true),
        ("-inputs.budget < 0", true), ("7 / 2 == 3.5", true),
    ])
    func numbersCompare(source: String, expected: Bool) throws {
        #expect(try value(source) == .bool(expected), "\(source)")
    }

    @Test(arguments: [
        ("inputs.name == 'gpt-4-turbo'", true), ("inputs.name == \"gpt-4\"", false),
        ("'apple' < 'banana'", true), ("'b' >= 'a'", true), ("'Z' < 'a'", true),
        ("steps.x.outputs.recommendation == 'proceed'", true),
        ("'10' < 9", false), ("'650' == 650", false),
    ])
    func stringsCompareByScalarsAndNeverEqualNumbers(source: String, expected: Bool) throws {
        #expect(try value(source) == .bool(expected), "\(source)")
    }

    @Test(arguments: [
        ("true && false", false), ("true and true", true), ("false || true", true),
        ("false or false", false), ("!true", false), ("not false", true),
        ("not inputs.budget == 1", true), ("inputs.flags.fast and inputs.budget > 100", true),
        ("inputs.empty || inputs.missing", false), ("!inputs.missing", true),
    ])
    func booleanOperatorsUseTruthiness(source: String, expected: Bool) throws {
        #expect(try value(source) == .bool(expected), "\(source)")
    }

    @Test func pathsThatLeadNowhereAreNull() throws {
        #expect(try value("inputs.nothing.deeper") == nil)
        #expect(try value("inputs.name.length") == nil)
        #expect(try value("steps.x.outputs.cost_delta") == 650)
        #expect(try value("steps.x.status") == "completed")
        #expect(try value("steps.x.inputs.anything") == nil)
        #expect(try value("workflow.status") == "running")
        #expect(try value("workflow.history") == nil)
        #expect(try value("inputs.nothing == null") == true)
        #expect(try value("inputs.nothing > 5") == false)
        #expect(try value("inputs.list[1]") == "b")
        #expect(try value("inputs.list[5]") == nil)
    }

    @Test func arithmeticOnNonNumbersIsNullAndPlusJoinsText() throws {
        #expect(try value("inputs.name - 1") == nil)
        #expect(try value("1 / 0") == nil)
        #expect(try value("'cost: ' + inputs.budget") == "cost: 650")
        #expect(try value("[1] + [2]") == [1, 2])
    }

    @Test func aStepThatDidNotRunReadsAsNull() throws {
        let expression = try ExpressionParser.parse("steps.later.outputs.x > 5")
        #expect(expression.evaluate(in: TestContext()) == false)
        #expect(
            try ExpressionParser.parse("steps.later.outputs.x").evaluate(in: TestContext()) == nil)
    }
}
