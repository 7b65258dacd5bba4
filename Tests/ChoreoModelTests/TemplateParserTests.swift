import Testing

@testable import ChoreoModel

/// Strings into templates: one `${…}` gives the typed value, anything else interpolates,
/// and `$` not followed by `{` is text.
@Suite struct TemplateParserTests {
    let context: TestContext = {
        var context = TestContext()
        context.inputs = ["cost": 650, "model": "gpt-4-turbo", "info": ["a": 1]]
        return context
    }()

    @Test func exactlyOneExpressionYieldsTheTypedValue() throws {
        let template = try TemplateParser.parse("${inputs.cost}")
        guard case .expression = template else { Issue.record("not an expression"); return }
        #expect(template.resolve(in: context) == 650)
        #expect(try TemplateParser.parse("${inputs.info}").resolve(in: context) == ["a": 1])
    }

    @Test func textAroundExpressionsInterpolates() throws {
        let template = try TemplateParser.parse("Model ${inputs.model} costs ${inputs.cost}.")
        guard case .interpolation(let parts) = template else {
            Issue.record("not interpolated"); return
        }
        #expect(parts.count == 5)
        #expect(template.resolve(in: context) == "Model gpt-4-turbo costs 650.")
        #expect(try TemplateParser.parse(" ${inputs.cost}").resolve(in: context) == " 650")
        #expect(
            try TemplateParser.parse("${inputs.cost}${inputs.cost}").resolve(in: context)
                == "650650")
        #expect(
            try TemplateParser.parse("info: ${inputs.info}").resolve(in: context)
                == "info: {\"a\":1}")
        #expect(
            try TemplateParser.parse("none: ${inputs.missing}").resolve(in: context) == "none: null"
        )
    }

    @Test func aDollarBeforeAnExpressionIsText() throws {
        let template = try TemplateParser.parse("costs $${inputs.cost}")
        guard case .interpolation(let parts) = template else {
            Issue.record("not interpolated"); return
        }
        #expect(parts.first == .text("costs $"))
        #expect(template.resolve(in: context) == "costs $650")
        #expect(try TemplateParser.parse("$$${inputs.cost}").resolve(in: context) == "$$650")
    }

    @Test func stringsWithoutAnExpressionAreConstant() throws {
        #expect(
            try TemplateParser.parse("plain $ and $5 and {x}")
                == .constant("plain $ and $5 and {x}"))
        #expect(try TemplateParser.parse("") == .constant(""))
        #expect(!TemplateParser.containsExpression("$ {x}"))
        #expect(TemplateParser.containsExpression("a ${b}"))
    }

    @Test func theClosingBraceIsTheFirstOutsideQuotes() throws {
        let template = try TemplateParser.parse("${inputs.model == '}'} done")
        guard case .interpolation(let parts) = template else {
            Issue.record("not interpolated"); return
        }
        #expect(parts.last == .text(" done"))
        #expect(template.resolve(in: context) == "false done")
    }

    @Test func expressionsAreLocatedInsideTheString() throws {
        let template = try TemplateParser.parse(
            "ab ${inputs.cost}", at: SourceLocation(line: 4, column: 12))
        #expect(template.expressions.map(\.location) == [SourceLocation(line: 4, column: 17)])
    }

    @Test(arguments: [
        ("cost ${inputs.cost", 17, "expected '}' to close '${'"),
        ("${'abc}", 14, "unterminated string"),
        ("${}", 14, "empty expression inside '${…}'"),
        ("x ${inputs.a +} y", 26, "expected a value, found the end of the expression"),
    ])
    func malformedTemplatesSayWhere(source: String, column: Int, message: String) {
        do {
            _ = try TemplateParser.parse(source, at: SourceLocation(line: 2, column: 12))
            Issue.record("no error for \(source)")
        } catch {
            #expect(error.message == message)
            #expect(error.location == SourceLocation(line: 2, column: column))
        }
    }
}
