import Testing

@testable import ChoreoModel

/// Expressions inside YAML: located exactly in every scalar style; references to steps and
/// inputs checked; reads that can only be null warned about.
@Suite struct ReferenceDiagnosticTests {
    static let head = """
        name: x
        inputs:
          - name: model_info
        steps:
          - id: first
            team: t
            action: a
            outputs: {report: summary}

        """

    func errors(_ steps: String) -> [String] { Fixtures.errors(Self.head + steps) }
    func warnings(_ steps: String) -> [String] { Fixtures.warnings(Self.head + steps) }

    @Test func unknownStepsAndInputsAreErrorsWithHints() {
        let steps = """
              - team: t
                action: b
                inputs:
                  a: ${steps.frist.outputs.report}
                  b: ${inputs.model_inf}
                  c: ${steps.nothing_like_it.status}

            """
        #expect(
            errors(steps) == [
                "12:12: unknown step 'frist' in 'steps.frist.outputs.report' (did you mean 'first'?)",
                "13:12: unknown input 'model_inf' in 'inputs.model_inf' (did you mean 'model_info'?); the workflow declares model_info",
                "14:12: unknown step 'nothing_like_it' in 'steps.nothing_like_it.status'",
            ])
        let noInputs = "name: x\nsteps:\n  - {team: t, action: a, inputs: {a: '${inputs.x}'}}\n"
        #expect(
            Fixtures.errors(noInputs) == [
                "3:41: unknown input 'x' in 'inputs.x'; the workflow declares no inputs"
            ])
    }

    @Test func stepPathsAreBoundToIndices() throws {
        let workflow = try WorkflowLoader.load(
            yaml: Self.head
                + "  - team: t\n    action: b\n    inputs: {a: '${steps.first.outputs.summary}'}\n")
        guard case .task(let task) = workflow.steps[1].kind else { Issue.record("no task"); return }
        #expect(
            task.inputs.expressions.flatMap(\.paths).map(\.path.root) == [
                .step(id: "first", index: 0, field: .outputs)
            ])
    }

    @Test(arguments: [
        (
            "    inputs:\n      a: ${1 +}\n",
            "12:15: expected a value, found the end of the expression"
        ),
        (
            "    inputs: {a: 'x ${1 +}'}\n",
            "11:25: expected a value, found the end of the expression"
        ),
        (
            "    inputs: {a: \"\\\"q\\\" ${1 +}\"}\n",
            "11:29: expected a value, found the end of the expression"
        ),
        (
            "    inputs:\n      a: |\n        line one\n        two ${(1}\n",
            "14:17: expected ')' to close '(' at 14:15, found the end of the expression"
        ),
        (
            "    inputs:\n      a: >\n        folded\n        text ${1 ==}\n",
            "14:20: expected a value, found the end of the expression"
        ),
        (
            "    inputs:\n      a: plain\n        continued ${x}\n",
            "13:21: unknown name 'x'; write a path (inputs…, steps…, workflow…), a number, a quoted string, true, false or null"
        ),
        (
            "    inputs:\n      a: [1, '${inputs.model_info.a b}']\n",
            "12:37: expected an operator or the end of the expression, found 'b'"
        ),
    ])
    func malformedExpressionsAreLocatedInEveryScalarStyle(inputs: String, expected: String) {
        #expect(errors("  - team: t\n    action: b\n" + inputs) == [expected])
    }

    @Test func readingAStepThatHasNotRunIsAWarning() {
        let steps = """
              - team: t
                action: b
                inputs: {a: '${steps.later.outputs.x}', s: '${steps.later.status}'}
              - id: later
                team: t
                action: c

            """
        #expect(
            warnings(steps) == [
                "11:20: 'steps.later.outputs.x' is read when step 'x.t' starts, before step 'later' has run, so it is null"
            ])
        #expect(Fixtures.load(Self.head + steps).definition != nil)
    }

    @Test func readingAParallelSiblingOrTheOtherBranchIsAWarning() {
        let steps = """
              - type: parallel
                steps:
                  - {id: a, team: t, action: x}
                  - {id: b, team: t, action: y, inputs: {v: '${steps.a.outputs}'}}
              - type: condition
                condition: ${true}
                if_true: [{id: c, team: t, action: x}]
                if_false: [{id: d, team: t, action: y, inputs: {v: '${steps.c.outputs}'}}]

            """
        #expect(
            warnings(steps) == [
                "12:52: step 'a' runs in parallel with step 'b', so 'steps.a.outputs' may be null when 'b' starts",
                "16:59: steps 'c' and 'd' are in different branches of 'x.3', so 'steps.c.outputs' is always null",
            ])
    }

    @Test func readingAnUndeclaredOutputIsAWarning() {
        let steps = "  - {team: t, action: b, inputs: {v: '${steps.first.outputs.sumary}'}}\n"
        #expect(
            warnings(steps) == [
                "9:41: step 'first' declares no output 'sumary' (did you mean 'summary'?); it is null unless the agent returns it"
            ])
    }

    @Test func aWorkflowOutputNoStepDeclaresIsAWarning() {
        let yaml =
            "name: x\noutputs: [report, verdict]\nsteps:\n  - {team: t, action: a, outputs: {report: r}}\n"
        #expect(
            Fixtures.warnings(yaml) == [
                "2:19: no step declares the workflow output 'verdict' among its outputs, so it is null unless an agent returns it"
            ])
    }

    @Test func handlerStepsMayReadAnyBodyStep() {
        let yaml =
            Self.head + """
                error_handlers:
                  - error_type: e
                    action: custom
                    handler:
                      - {team: t, action: undo, inputs: {r: '${steps.first.outputs.summary}'}}
                """
        #expect(Fixtures.load(yaml).diagnostics.isEmpty)
    }
}
