import Testing

@testable import ChoreoModel

/// Problems inside steps, each at its line and column. Snippets sit under `Fixtures.head`,
/// so their first line is line 3.
@Suite struct StepDiagnosticTests {
    func errors(_ steps: String) -> [String] { Fixtures.errors(Fixtures.head + steps) }

    @Test func unknownAndMissingTypes() {
        #expect(
            errors("  - id: a\n    type: paralel\n    steps: []\n") == [
                "4:11: unknown step type 'paralel' (did you mean 'parallel'?); expected task, condition, approval, parallel or sequence"
            ])
        #expect(
            errors("  - id: a\n    steps: []\n") == [
                "3:5: the step has no 'type'; add 'type: sequence' or 'type: parallel'"
            ])
        #expect(
            errors("  - id: a\n") == [
                "3:5: the step has no 'type' (task, condition, approval, parallel or sequence); a step with 'team' and 'action' is a task"
            ])
        #expect(
            errors("  - just a string\n") == ["3:5: expected a step (a mapping), found a string"])
    }

    @Test func tasksNeedTeamAndAction() {
        #expect(errors("  - id: a\n    team: t\n") == ["3:5: task step 'a' needs 'action'"])
        #expect(errors("  - type: task\n    action: x\n") == ["3:5: task step needs 'team'"])
        #expect(
            errors("  - team: [t]\n    action: x\n") == [
                "3:11: 'team' expects a string, found a list"
            ])
        #expect(
            errors("  - team: t\n    action: yes\n") == [
                "4:13: 'action' expects a string, found a boolean"
            ])
    }

    @Test func unknownAndMisplacedKeys() {
        #expect(
            errors("  - team: t\n    action: a\n    teem: u\n    if_true: []\n") == [
                "5:5: unknown key 'teem' in a task step (did you mean 'team'?)",
                "6:5: 'if_true' does not apply to a task step (it belongs to condition steps)",
            ])
    }

    @Test func duplicateIDsPointAtTheSecondWithTheFirst() {
        let yaml =
            Fixtures.head + """
                  - id: a
                    team: t
                    action: x
                  - id: b
                    type: sequence
                    steps:
                      - id: a
                        team: t
                        action: y
                error_handlers:
                  - error_type: e
                    action: custom
                    handler:
                      - id: b
                        team: t
                        action: z
                """
        #expect(
            Fixtures.errors(yaml) == [
                "9:13: duplicate step id 'a' (first used at 3:9)",
                "16:13: duplicate step id 'b' (first used at 6:9)",
            ])
    }

    @Test func stepIDsAreNames() {
        #expect(
            errors("  - id: 'a b'\n    team: t\n    action: x\n") == [
                "3:9: step id 'a b' may hold only letters, digits, '_', '-' and '.'"
            ])
    }

    @Test func generatedIDsUseTheTeamOrThePositionAndNeverCollideSilently() {
        let parallel = """
              - id: p
                type: parallel
                steps:
                  - team: t
                    action: x
                  - team: t
                    action: y
                  - team: u
                    action: z

            """
        let loaded = try? WorkflowLoader.load(yaml: Fixtures.head + parallel)
        #expect(loaded?.steps.map(\.id) == ["p", "p.1", "p.2", "p.u"])
        let clash = parallel + "  - id: p.2\n    team: v\n    action: w\n"
        #expect(
            errors(clash) == [
                "8:9: the id 'p.2' generated for this step is already used by the step at 12:5; give this step an 'id'"
            ])
    }

    @Test func containersNeedSteps() {
        #expect(
            errors("  - type: parallel\n    steps: []\n") == [
                "4:12: a parallel step needs at least one step in 'steps'"
            ])
        #expect(
            errors("  - id: s\n    type: sequence\n") == ["3:5: sequence step 's' needs 'steps'"])
        #expect(
            errors(
                "  - type: parallel\n    continue_on: most\n    steps:\n      - {team: t, action: a}\n"
            ) == [
                "4:18: unknown continue_on 'most'; expected all_success, partial_success or always"
            ])
    }

    @Test func branchesTakeAListOrAMappingWithSteps() {
        let condition = "  - type: condition\n    condition: ${true}\n"
        #expect(
            errors(condition + "    if_true: go\n") == [
                "5:14: 'if_true' expects a list of steps or a mapping with 'steps:', found a string"
            ])
        #expect(
            errors(condition + "    if_false:\n      step: []\n") == [
                "6:7: unknown key 'step' in 'if_false' (did you mean 'steps'?)",
                "6:7: 'if_false' as a mapping needs 'steps:'",
            ])
        #expect(errors(condition + "    if_true:\n") == [])
    }

    @Test func conditionsAreOneExpression() {
        #expect(errors("  - type: condition\n") == ["3:5: condition step needs 'condition'"])
        #expect(
            errors("  - type: condition\n    condition: cost is ${inputs.x}\n") == [
                "4:16: the condition mixes text with '${…}', which makes a string that is always true; write the whole condition inside one '${…}'"
            ])
        #expect(
            errors("  - type: condition\n    condition: [a]\n") == [
                "4:16: 'condition' expects an expression such as '${inputs.ready}', found a list"
            ])
        let block = Fixtures.head + "  - type: condition\n    condition: |\n      ${1 > 2}\n"
        #expect(Fixtures.load(block).diagnostics.isEmpty)
        #expect(
            Fixtures.warnings(Fixtures.head + "  - type: condition\n    condition: true\n") == [
                "4:16: the condition holds no '${…}', so it is always true"
            ])
    }

    @Test func approvalsCheckApproversTimeoutAndQuorum() {
        let yaml =
            Fixtures.head + """
                  - type: approval
                    approvers:
                      - team: a
                        rol: cfo
                      - {role: x}
                    on_timeout: approv
                    quorum: 3
                  - type: approval
                    approvers: []
                  - type: approval
                    approvers: [a]
                    message: {text: hi}
                    quorum: 0
                """
        #expect(
            Fixtures.errors(yaml) == [
                "6:9: unknown key 'rol' in an approver (did you mean 'role'?)",
                "7:9: an approver needs 'team'",
                "8:17: unknown on_timeout 'approv' (did you mean 'approve'?); expected reject, approve or fail",
                "9:13: 'quorum' must be between 1 and the number of approvers (1), found 3",
                "11:16: an approval needs at least one approver",
                "14:14: 'message' expects text, found a mapping",
                "15:13: 'quorum' must be between 1 and the number of approvers (1), found 0",
            ])
        #expect(Fixtures.warnings(yaml) == ["8:17: 'on_timeout' has no effect without a 'timeout'"])
    }

    @Test func taskInputsAndOutputsHaveShapes() {
        let yaml =
            Fixtures.head + """
                  - team: t
                    action: a
                    inputs: [x]
                    outputs: report
                  - team: t
                    action: b
                    outputs:
                      report: r
                      summary: r
                      notes:
                """
        #expect(
            Fixtures.errors(yaml) == [
                "5:13: 'inputs' expects a mapping of names to values, found a list",
                "6:14: 'outputs' expects a mapping 'field: alias' or a list of names, found a string",
                "11:7: output name 'r' is declared twice in this step (first at 10:7)",
            ])
        let good = try? WorkflowLoader.load(
            yaml: Fixtures.head + "  - team: t\n    action: a\n    outputs: [x]\n")
        guard case .task(let task)? = good?.steps.first?.kind else {
            Issue.record("no task"); return
        }
        #expect(task.outputs.map(\.alias) == ["x"])
    }
}
