import Testing

@testable import ChoreoModel

/// Problems in `error_handlers`, each at its line and column.
@Suite struct HandlerDiagnosticTests {
    func errors(_ handlers: String) -> [String] {
        Fixtures.errors("name: x\nsteps:\n  - {team: t, action: a}\nerror_handlers:\n" + handlers)
    }

    @Test func actionsAreOneOfFour() {
        #expect(
            errors("  - error_type: e\n    action: notfy\n") == [
                "6:13: unknown action 'notfy' (did you mean 'notify'?); expected retry, escalate, custom or notify"
            ])
        #expect(errors("  - action: escalate\n") == ["5:5: an error handler needs 'error_type'"])
        #expect(errors("  - error_type: e\n") == ["5:5: an error handler needs 'action'"])
    }

    @Test func retryCountsAttemptsFromOne() {
        #expect(
            errors("  - error_type: e\n    action: retry\n") == [
                "5:5: a retry handler needs 'max_attempts'"
            ])
        #expect(
            errors("  - error_type: e\n    action: retry\n    max_attempts: 0\n") == [
                "7:19: 'max_attempts' counts every attempt, the first included: at least 1, found 0"
            ])
        #expect(
            errors("  - error_type: e\n    action: retry\n    max_attempts: two\n") == [
                "7:19: 'max_attempts' expects a whole number, found a string"
            ])
        #expect(
            errors(
                "  - error_type: e\n    action: retry\n    max_attempts: 2\n    then: explode\n    backoff: 1x\n"
            ) == [
                "8:11: unknown then 'explode'; expected escalate or fail",
                "9:14: 'backoff': '1x' is not a duration; write e.g. '90s', '15m', '2h', '1d' or '1h30m'",
            ])
    }

    @Test func keysBelongToTheirAction() {
        #expect(
            errors(
                "  - error_type: e\n    action: retry\n    max_attempts: 2\n    recipients: [a]\n    tries: 3\n"
            ) == [
                "8:5: 'recipients' does not apply to a 'retry' handler (it belongs to 'notify')",
                "9:5: unknown key 'tries' in an error handler",
            ])
    }

    @Test func customAndNotifyNeedTheirLists() {
        #expect(
            errors("  - error_type: e\n    action: custom\n") == [
                "5:5: a custom handler needs 'handler'"
            ])
        #expect(
            errors("  - error_type: e\n    action: custom\n    handler: []\n") == [
                "7:14: a custom handler needs at least one step in 'handler'"
            ])
        #expect(
            errors("  - error_type: e\n    action: notify\n    recipients: []\n") == [
                "7:17: a notify handler needs at least one team in 'recipients'"
            ])
        #expect(
            errors("  - error_type: e\n    action: notify\n    recipients: ops\n") == [
                "7:17: 'recipients' expects a list, found a string"
            ])
    }

    @Test func aSecondHandlerOfTheSameKindIsAnError() {
        let handlers = """
              - error_type: e
                action: notify
                recipients: [a]
              - error_type: e
                action: retry
                max_attempts: 2
              - error_type: e
                action: notify
                recipients: [b]

            """
        #expect(
            errors(handlers) == ["11:5: a second 'notify' handler for 'e' (the first is at 5:5)"])
    }

    @Test func handlerStepsGetIDsFromTheErrorType() throws {
        let yaml =
            "name: x\nsteps:\n  - {team: t, action: a}\nerror_handlers:\n"
            + "  - error_type: boom\n    action: custom\n    handler:\n      - team: ops\n        action: undo\n"
        let workflow = try WorkflowLoader.load(yaml: yaml)
        #expect(workflow.steps.map(\.id) == ["x.t", "boom.ops"])
        #expect(workflow.errorHandlers.first?.action == .custom(steps: [1]))
    }
}
