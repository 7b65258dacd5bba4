import Foundation
import Testing

@testable import ChoreoSim

/// The `expect:` keys rehearsals check: each bad entry is reported at its line and column,
/// with the closest name where one is near. Snippets follow `ScenarioFixtures.head`, so
/// their first line is line 4.
@Suite struct ExpectationDiagnosticsTests {
    func expectDiagnostics(
        _ body: String, _ expected: [String],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        #expect(ScenarioFixtures.diagnostics(body) == expected, sourceLocation: sourceLocation)
    }

    func expectations(_ body: String) -> [ChoreoSim.Expectation.Kind] {
        ScenarioFixtures.load(ScenarioFixtures.head + body).scenario?.expectations.map(\.kind) ?? []
    }

    @Test func goodEntriesReadInSourceOrder() {
        let kinds = expectations(
            """
            expect:
              handlers: [test_failure, {custom: test_failure}, {retry: team_timeout}, {escalate: team_timeout}]
              escalations: 1
              retries: { initial_assessment: 2 }
              notified: [operations-team]
              order: [[create_rollback_plan, monitor_stage2, emergency_rollback]]
              received:
                emergency_rollback: { plan: { from: create_rollback_plan.outputs.plan } }
                analyze_results: { test_results.sales: null }
              outputs: { rollback_plan: "Restore gpt-4", deployment_report: { from: final_report.outputs.report } }

            """)
        #expect(
            kinds == [
                .handlerRan(errorType: "test_failure", action: nil),
                .handlerRan(errorType: "test_failure", action: "custom"),
                .handlerRan(errorType: "team_timeout", action: "retry"),
                .handlerRan(errorType: "team_timeout", action: "escalate"),
                .escalations(step: nil, count: 1),
                .retries(step: "initial_assessment", count: 2),
                .notified(team: "operations-team"),
                .order(first: "create_rollback_plan", then: "monitor_stage2"),
                .order(first: "monitor_stage2", then: "emergency_rollback"),
                .received(
                    step: "emergency_rollback", input: ["plan"],
                    value: .stepOutput(step: "create_rollback_plan", field: "plan")),
                .received(
                    step: "analyze_results", input: ["test_results", "sales"], value: .value(.null)),
                .output(name: "rollback_plan", value: .value("Restore gpt-4")),
                .output(
                    name: "deployment_report",
                    value: .stepOutput(step: "final_report", field: "report")),
            ])
    }

    @Test func badHandlers() {
        expectDiagnostics(
            """
            expect:
              handlers: [test_failur, {custom: team_timeout}, {rollback: test_failure}, {custom: a, notify: b}, 3]

            """,
            [
                "5:14: error: workflow 'ai-model-update' has no handler for 'test_failur' (did you mean 'test_failure'?); it handles team_timeout, test_failure and critical_error",
                "5:36: error: workflow 'ai-model-update' handles 'team_timeout' with retry and escalate, never with 'custom'",
                "5:52: error: unknown key 'rollback' in a handler",
                "5:77: error: a handler entry names one action and its error type, as '{custom: test_failure}'",
                "5:101: error: workflow 'ai-model-update' has no handler for '3'; it handles team_timeout, test_failure and critical_error",
            ])
    }

    @Test func badCounts() {
        expectDiagnostics(
            """
            expect:
              escalations: { initial_asessment: 1, check_cost_increase: 1, final_report: -1 }
              retries: many

            """,
            [
                "5:18: error: unknown step 'initial_asessment' in workflow 'ai-model-update' (did you mean 'initial_assessment'?)",
                "5:40: error: step 'check_cost_increase' is a condition step; only task and approval steps can be counted",
                "5:78: error: 'escalations' must be from 0 to 1000, found -1",
                "6:12: error: 'retries' expects a whole number, or a mapping of step ids to numbers, found a string",
            ])
    }

    @Test func badNotifiedAndOrder() {
        expectDiagnostics(
            """
            expect:
              notified: [operations-tem, sales-team]
              order: [[create_rollback_plan], [create_rollback_plan, emergency_rolback], create_rollback_plan]

            """,
            [
                "5:14: error: team 'operations-tem' is never notified by workflow 'ai-model-update' (did you mean 'operations-team'?); its notify handlers tell operations-team and executive-team",
                "5:30: error: team 'sales-team' is never notified by workflow 'ai-model-update'; its notify handlers tell operations-team and executive-team",
                "6:11: error: an order names at least two steps, the first to end first: '[create_rollback_plan, emergency_rollback]'",
                "6:58: error: unknown step 'emergency_rolback' in workflow 'ai-model-update' (did you mean 'emergency_rollback'?)",
                "6:78: error: each entry of 'order' is a list of step ids, as '[create_rollback_plan, emergency_rollback]', found a string",
            ])
    }

    @Test func badReceivedAndOutputs() {
        expectDiagnostics(
            """
            expect:
              received:
                emergency_rolback: { plan: x }
                emergency_rollback: { plan_: x, plan: { from: create_rollback_plan.plan } }
                cost_approval: { message: x }
                final_report: {}
              outputs: { rollback_pln: x, deployment_report: { from: final_reprt.outputs.report } }

            """,
            [
                "6:5: error: unknown step 'emergency_rolback' in workflow 'ai-model-update' (did you mean 'emergency_rollback'?)",
                "7:27: error: step 'emergency_rollback' has no input 'plan_' (did you mean 'plan'?); it has plan",
                "7:51: error: 'from' names a step's output as '<step>.outputs.<field>', found 'create_rollback_plan.plan'",
                "8:5: error: step 'cost_approval' is an approval step; only task steps receive inputs",
                "9:19: error: 'received' names at least one input of 'final_report', as '{ plan: … }'",
                "10:14: error: workflow 'ai-model-update' has no output 'rollback_pln' (did you mean 'rollback_plan'?); it has deployment_report and rollback_plan",
                "10:58: error: unknown step 'final_reprt' in workflow 'ai-model-update' (did you mean 'final_report'?)",
            ])
    }
}
