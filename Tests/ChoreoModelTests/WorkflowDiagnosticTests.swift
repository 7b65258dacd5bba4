import Testing

@testable import ChoreoModel

/// Problems at the top of a workflow and in YAML itself, each at its line and column.
@Suite struct WorkflowDiagnosticTests {
    static let task = "  - team: t\n    action: a\n"

    @Test(arguments: [
        (
            "name: x\nsteps:\n  - team: 'open\n",
            [
                "3:16: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar at 3:11)"
            ]
        ),
        (
            "name: x\nsteps:\n  - team: t\n   action: a\n",
            [
                "4:4: YAML syntax error: did not find expected '-' indicator (while parsing a block collection at 3:3)"
            ]
        ),
        (
            "name: x\nsteps: [a, b\n",
            [
                "2:13: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at 2:8)"
            ]
        ),
        ("name: x\nsteps: *nothing\n", ["2:8: YAML syntax error: found undefined alias"]),
    ])
    func yamlSyntaxErrorsCarryLibyamlPositions(yaml: String, expected: [String]) {
        #expect(Fixtures.errors(yaml) == expected)
    }

    @Test func duplicateKeysPointAtTheSecond() {
        let yaml = "name: x\nsteps:\n  - team: t\n    action: a\n    team: u\n"
        #expect(Fixtures.errors(yaml) == ["5:5: duplicate key 'team' (first at 3:5)"])
    }

    @Test func unknownTopLevelKeysGetAHint() {
        let yaml = "name: x\nstepz: []\nsteps:\n" + Self.task + "error_handler: []\n"
        #expect(
            Fixtures.errors(yaml) == [
                "2:1: unknown key 'stepz' in a workflow (did you mean 'steps'?)",
                "6:1: unknown key 'error_handler' in a workflow (did you mean 'error_handlers'?)",
            ])
    }

    @Test func stepKeysAtTheTopSuggestAMissingIndent() {
        let yaml = "name: x\nsteps:\n" + Self.task + "team: t\n"
        #expect(
            Fixtures.errors(yaml) == [
                "5:1: 'team' belongs to a step, not at the top of the workflow (is a '- ' or an indent missing?)"
            ])
    }

    @Test func requiredFieldsAndTheirTypes() {
        #expect(Fixtures.errors("steps:\n" + Self.task) == ["1:1: a workflow needs 'name'"])
        #expect(Fixtures.errors("name: x\n") == ["1:1: a workflow needs 'steps'"])
        #expect(
            Fixtures.errors("name: x\nsteps: []\n") == [
                "2:8: a workflow needs at least one step in 'steps'"
            ])
        #expect(
            Fixtures.errors("name: [x]\nsteps:\n" + Self.task) == [
                "1:7: 'name' expects a string, found a list"
            ])
        #expect(
            Fixtures.errors("name: x\nsteps: {a: 1}\n") == [
                "2:8: 'steps' expects a list, found a mapping"
            ])
        #expect(
            Fixtures.errors("name:\nsteps:\n" + Self.task) == [
                "1:6: 'name' expects a string, found null"
            ])
        #expect(
            Fixtures.errors("name: ''\nsteps:\n" + Self.task) == ["1:7: 'name' must not be empty"])
        #expect(
            Fixtures.errors("name: x\nescalation_team: {}\nsteps:\n" + Self.task) == [
                "2:18: 'escalation_team' expects a string, found a mapping"
            ])
    }

    @Test(arguments: [
        ("2", "1:10: 'timeout': the duration '2' needs a unit: s, m, h or d (e.g. '2m')"),
        ("-5m", "1:10: 'timeout' must not be negative ('-5m')"),
        (
            "5 hours",
            "1:10: 'timeout': '5 hours' is not a duration; write e.g. '90s', '15m', '2h', '1d' or '1h30m'"
        ),
        ("0s", "1:10: 'timeout' must be longer than 0s"),
        ("99999999d", "1:10: 'timeout': '99999999d' is longer than the limit of 36500d"),
        ("[1h]", "1:10: 'timeout' expects a duration such as '2h', found a list"),
    ])
    func malformedDurationsAreErrors(timeout: String, expected: String) {
        #expect(Fixtures.errors("timeout: \(timeout)\nname: x\nsteps:\n" + Self.task) == [expected])
    }

    @Test func inputsAreCheckedOneByOne() {
        let yaml = """
            name: x
            inputs:
              - name: a
                type: strng
              - name: a
                type: string
              - name: b
                type: string
                schema: {x: string}
              - name: c
                schema: {x: text}
                required: maybe
              - type: list
            steps:
            \(Self.task)
            """
        #expect(
            Fixtures.errors(yaml) == [
                "4:11: unknown type 'strng' (did you mean 'string'?); expected string, number, integer, boolean, object, list or any",
                "5:5: input 'a' is declared twice (first at 3:5)",
                "9:13: 'schema' applies only to inputs of type object, not string",
                "11:17: unknown type 'text'; expected string, number, integer, boolean, object, list or any",
                "12:15: 'required' expects true or false, found a string",
                "13:5: an input needs 'name'",
            ])
    }

    @Test func workflowOutputsAreNamesOnce() {
        let yaml = "name: x\noutputs:\n  - name: r\n  - r\n  - {nme: r}\nsteps:\n" + Self.task
        #expect(
            Fixtures.errors(yaml) == [
                "4:5: output 'r' is declared twice (first at 3:11)",
                "5:5: an output needs 'name'",
                "5:6: unknown key 'nme' in an output (did you mean 'name'?)",
            ])
    }

    @Test func theTopMustBeAMapping() {
        #expect(
            Fixtures.errors("- a\n- b\n") == [
                "1:1: expected a workflow (a mapping of 'name', 'steps', …) at the top of the file, found a list"
            ])
        #expect(
            Fixtures.errors("just text\n") == [
                "1:1: expected a workflow (a mapping of 'name', 'steps', …) at the top of the file, found a string"
            ])
    }

    @Test func everyErrorIsReportedSortedByPosition() {
        let yaml = """
            name: x
            steps:
              - id: a
                type: tsk
              - id: b
                team: t
                actoin: do
              - id: a
                team: t
                action: x
                timeout: soon
            """
        let errors = Fixtures.errors(yaml)
        #expect(
            errors == [
                "4:11: unknown step type 'tsk' (did you mean 'task'?); expected task, condition, approval, parallel or sequence",
                "5:5: task step 'b' needs 'action'",
                "7:5: unknown key 'actoin' in a task step (did you mean 'action'?)",
                "8:9: duplicate step id 'a' (first used at 3:9)",
                "11:14: 'timeout': 'soon' is not a duration; write e.g. '90s', '15m', '2h', '1d' or '1h30m'",
            ])
        #expect(Fixtures.load(yaml).definition == nil)
    }
}
