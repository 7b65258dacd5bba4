import Testing

@testable import ChoreoModel

/// The expression grammar: precedence, associativity, literals, paths, and its errors.
@Suite struct ExpressionParserTests {
    func text(_ source: String) throws -> String {
        try ExpressionParser.parse(source).canonicalText
    }

    func failure(_ source: String) -> ExpressionError? {
        do {
            _ = try ExpressionParser.parse(source, at: SourceLocation(line: 3, column: 10))
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("1 + 2 * 3", "1 + 2 * 3"),
        ("(1 + 2) * 3", "(1 + 2) * 3"),
        ("1 - 2 - 3", "1 - 2 - 3"),
        ("1 - (2 - 3)", "1 - (2 - 3)"),
        ("8 / 4 / 2", "8 / 4 / 2"),
        ("2 * (3 + 4) * 5", "2 * (3 + 4) * 5"),
    ])
    func arithmeticBindsByPrecedenceAndToTheLeft(source: String, expected: String) throws {
        #expect(try text(source) == expected)
    }

    @Test func multiplicationBindsTighterThanAddition() throws {
        let expression = try ExpressionParser.parse("1 + 2 * 3")
        guard case .binary(.add, let left, let right) = expression.kind else {
            Issue.record("expected + at the top")
            return
        }
        #expect(left.kind == .literal(1))
        guard case .binary(.multiply, _, _) = right.kind else { Issue.record("expected *"); return }
    }

    @Test func subtractionAssociatesToTheLeft() throws {
        let expression = try ExpressionParser.parse("10 - 4 - 3")
        guard case .binary(.subtract, let left, let right) = expression.kind,
            case .binary(.subtract, _, _) = left.kind
        else { Issue.record("expected (10 - 4) - 3"); return }
        #expect(right.kind == .literal(3))
    }

    @Test func logicBindsLooserThanComparison() throws {
        let expression = try ExpressionParser.parse(
            "inputs.a > 1 && inputs.b < 2 || inputs.c == 'x'")
        guard case .binary(.or, let left, _) = expression.kind,
            case .binary(.and, let first, let second) = left.kind,
            case .binary(.greater, _, _) = first.kind, case .binary(.less, _, _) = second.kind
        else { Issue.record("unexpected shape: \(expression.canonicalText)"); return }
    }

    @Test func wordOperatorsMeanTheSymbols() throws {
        #expect(try text("inputs.a and inputs.b or inputs.c") == "inputs.a && inputs.b || inputs.c")
        #expect(try text("!inputs.a") == "!inputs.a")
    }

    @Test func notAppliesToAWholeComparisonButBangToItsOperand() throws {
        #expect(try text("not inputs.a == 1") == "!(inputs.a == 1)")
        #expect(try text("!inputs.a == 1") == "!inputs.a == 1")
        #expect(try text("not inputs.a and inputs.b") == "!inputs.a && inputs.b")
    }

    @Test func unaryMinusFoldsIntoNumbersAndBindsTight() throws {
        #expect(try ExpressionParser.parse("-5").kind == .literal(-5))
        #expect(try text("-inputs.a * 2") == "-inputs.a * 2")
        #expect(try text("- -5") == "5")
        #expect(try text("-(-inputs.a)") == "-(-inputs.a)")
    }

    @Test func literalsOfEveryKind() throws {
        #expect(try ExpressionParser.parse("650").kind == .literal(650))
        #expect(try ExpressionParser.parse("0.25").kind == .literal(0.25))
        #expect(try ExpressionParser.parse("1e3").kind == .literal(1000))
        #expect(try ExpressionParser.parse("'it\\'s'").kind == .literal("it's"))
        #expect(try ExpressionParser.parse("\"say \\\"hi\\\"\"").kind == .literal("say \"hi\""))
        #expect(try ExpressionParser.parse("true").kind == .literal(true))
        #expect(try ExpressionParser.parse("false").kind == .literal(false))
        #expect(try ExpressionParser.parse("null").kind == .literal(nil))
        #expect(try text("[1, 'a', [true]]") == "[1, 'a', [true]]")
        #expect(try text("[]") == "[]")
    }

    @Test func pathsOfEveryRoot() throws {
        let cases: [(String, Path)] = [
            ("inputs.model_info.model", Path(root: .inputs, members: ["model_info", "model"])),
            (
                "steps.initial_assessment.outputs.cost_delta",
                Path(
                    root: .step(id: "initial_assessment", index: -1, field: .outputs),
                    members: ["cost_delta"])
            ),
            ("steps.a.status", Path(root: .step(id: "a", index: -1, field: .status), members: [])),
            (
                "steps.a.inputs.x",
                Path(root: .step(id: "a", index: -1, field: .inputs), members: ["x"])
            ),
            ("workflow.initial_state", Path(root: .workflow(.initialState), members: [])),
            ("workflow.started_at", Path(root: .workflow(.startedAt), members: [])),
            (
                "steps['update_dev_teams.engineering-team'].status",
                Path(
                    root: .step(id: "update_dev_teams.engineering-team", index: -1, field: .status),
                    members: [])
            ),
            ("inputs.list[0]['odd-key']", Path(root: .inputs, members: ["list", "0", "odd-key"])),
        ]
        for (source, path) in cases {
            #expect(try ExpressionParser.parse(source).kind == .path(path), "\(source)")
            #expect(try text(source) == source, "\(source)")
        }
    }

    @Test func nodesCarryTheirSourceLocations() throws {
        let expression = try ExpressionParser.parse(
            "inputs.a  >  500", at: SourceLocation(line: 7, column: 20))
        guard case .binary(_, let left, let right) = expression.kind else {
            Issue.record("shape"); return
        }
        #expect(expression.location == SourceLocation(line: 7, column: 20))
        #expect(left.location == SourceLocation(line: 7, column: 20))
        #expect(right.location == SourceLocation(line: 7, column: 33))
    }

    @Test(arguments: [
        ("(1 + 2", 16, "expected ')' to close '(' at 3:10, found the end of the expression"),
        ("step.a.status", 10, "unknown path root 'step' (did you mean 'steps'?)"),
        ("'open", 10, "unterminated string"),
        ("inputs.a = 1", 19, "unexpected '='; use '==' to compare"),
        ("inputs.a & 1", 19, "unexpected '&'; use '&&' or 'and'"),
        ("1 +", 13, "expected a value, found the end of the expression"),
        ("1 2", 12, "expected an operator or the end of the expression, found '2'"),
        ("", 10, "empty expression inside '${…}'"),
        (
            "steps.a", 17,
            "expected '.outputs', '.status' or '.inputs' after 'steps.a', found the end of the expression"
        ),
        (
            "steps.a.output", 18,
            "unknown step field 'output' (did you mean 'outputs'?); expected outputs, status or inputs"
        ),
        ("steps.a.status.x", 17, "'steps.a.status' is a string and has no members"),
        (
            "workflow.stat", 19,
            "unknown workflow field 'stat' (did you mean 'status'?); expected id, name, status, history, initial_state or started_at"
        ),
        ("inputs.a.0", 19, "expected a name after '.', found '0'; write [0] for a list position"),
        ("12abc", 10, "malformed number '12abc'"),
        ("'a\\q'", 12, "unknown escape '\\q' in a string"),
        ("[1, 2", 15, "expected ']' to close '[' at 3:10, found the end of the expression"),
        (
            "foo", 10,
            "unknown name 'foo'; write a path (inputs…, steps…, workflow…), a number, a quoted string, true, false or null"
        ),
        ("1 # 2", 12, "unexpected character '#'"),
    ])
    func malformedExpressionsSayWhereAndWhat(source: String, column: Int, message: String) {
        let error = failure(source)
        #expect(error?.message == message)
        #expect(error?.location == SourceLocation(line: 3, column: column))
    }

    @Test func nestingIsLimited() throws {
        let depth = ExpressionParser.maximumDepth
        #expect(throws: Never.self) {
            try ExpressionParser.parse(
                String(repeating: "(", count: depth - 1) + "1"
                    + String(repeating: ")", count: depth - 1))
        }
        let tooDeep =
            String(repeating: "(", count: depth + 1) + "1"
            + String(repeating: ")", count: depth + 1)
        #expect(failure(tooDeep)?.message == "expression nests deeper than the limit of 64 levels")
        #expect(
            failure(String(repeating: "!", count: 100) + "true")?.location
                == SourceLocation(line: 3, column: 74))
        // A long flat chain is deep as a tree, and evaluation recurses on it.
        let chain = Array(repeating: "1", count: 200).joined(separator: " + ")
        #expect(failure(chain)?.message == "expression nests deeper than the limit of 64 levels")
        let wideList = "[" + Array(repeating: "1", count: 5_000).joined(separator: ", ") + "]"
        #expect(throws: Never.self) { try ExpressionParser.parse(wideList) }
    }

    @Test func canonicalTextParsesBackToItself() throws {
        let sources = [
            "steps.initial_assessment.outputs.cost_delta > 500",
            "(inputs.a + 1) * -inputs.b / 2 - 3",
            "not (inputs.a == 'x' or inputs.b) and [1, 2] != inputs.c",
            "inputs['a b'].c[2] <= 1.5",
        ]
        for source in sources {
            let once = try text(source)
            #expect(try text(once) == once, "\(source)")
        }
    }
}
