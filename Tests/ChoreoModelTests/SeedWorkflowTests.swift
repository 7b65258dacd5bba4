import Foundation
import Testing

@testable import ChoreoModel

/// The seed's workflow loads unchanged, into the tree DESIGN.md describes.
@Suite struct SeedWorkflowTests {
    let workflow: WorkflowDefinition

    init() throws {
        workflow = try WorkflowLoader.load(path: Fixtures.seedPath)
    }

    func step(_ id: String) throws -> Step {
        try #require(workflow.step(named: id), "no step \(id)")
    }

    func index(_ id: String) throws -> Int {
        try #require(workflow.index(ofStep: id), "no step \(id)")
    }

    @Test func seedLoadsWithoutAnyDiagnostic() {
        let result = WorkflowLoader.loadResult(path: Fixtures.seedPath)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.definition != nil)
    }

    @Test func workflowFieldsAreRead() {
        #expect(workflow.name == "ai-model-update")
        #expect(workflow.version == "1")
        #expect(workflow.description == "Coordinate AI model updates across all teams")
        #expect(workflow.timeout == 72 * Durations.hour)
        #expect(workflow.outputs == ["deployment_report", "rollback_plan"])
        #expect(workflow.escalationTeam == "operations-team")
        #expect(workflow.inputs.count == 1)
        let input = workflow.inputs[0]
        #expect(input.name == "model_info")
        #expect(input.type == .object)
        #expect(input.schema.map(\.name) == ["provider", "model", "reason", "urgency"])
        #expect(input.schema.allSatisfy { $0.type == .string })
    }

    @Test func stepsAreInPreOrderWithTheirKinds() {
        let expected: [(String, String)] = [
            ("initial_assessment", "task"), ("check_cost_increase", "condition"),
            ("cost_approval", "approval"), ("test_teams", "parallel"), ("test_engineering", "task"),
            ("test_marketing", "task"), ("test_sales", "task"), ("analyze_results", "task"),
            ("deployment_decision", "condition"), ("create_rollback_plan", "task"),
            ("staged_rollout", "sequence"), ("update_dev_teams", "parallel"),
            ("update_dev_teams.engineering-team", "task"), ("update_dev_teams.qa-team", "task"),
            ("monitor_stage1", "task"), ("update_production_teams", "parallel"),
            ("update_production_teams.sales-team", "task"),
            ("update_production_teams.support-team", "task"),
            ("update_production_teams.marketing-team", "task"), ("monitor_stage2", "task"),
            ("document_rejection", "task"), ("final_report", "task"),
            ("emergency_rollback", "task"),
        ]
        #expect(workflow.steps.map(\.id) == expected.map(\.0))
        #expect(workflow.steps.map(\.kindName) == expected.map(\.1))
        #expect(workflow.steps.enumerated().allSatisfy { $0.offset == $0.element.index })
        #expect(
            workflow.body.map { workflow.steps[$0].id } == [
                "initial_assessment", "check_cost_increase", "test_teams", "analyze_results",
                "deployment_decision", "final_report",
            ])
    }

    @Test func stepsWithoutIDGetParentIDAndTeam() throws {
        let generated = workflow.steps.filter(\.hasGeneratedID).map(\.id)
        #expect(
            generated == [
                "update_dev_teams.engineering-team", "update_dev_teams.qa-team",
                "update_production_teams.sales-team", "update_production_teams.support-team",
                "update_production_teams.marketing-team",
            ])
        let engineering = try step("update_dev_teams.engineering-team")
        #expect(engineering.parent == (try index("update_dev_teams")))
        #expect(engineering.location == SourceLocation(line: 116, column: 19))
        guard case .task(let task) = engineering.kind else { Issue.record("not a task"); return }
        #expect(task.team == "engineering-team")
        #expect(task.action == "update_model_config")
    }

    @Test func branchesInBothFormsBecomeChildIndices() throws {
        guard case .condition(let cost) = try step("check_cost_increase").kind,
            case .condition(let decision) = try step("deployment_decision").kind
        else { Issue.record("not conditions"); return }
        #expect(cost.ifTrue == [try index("cost_approval")])
        #expect(cost.ifFalse.isEmpty)
        #expect(
            decision.ifTrue == [try index("create_rollback_plan"), try index("staged_rollout")])
        #expect(decision.ifFalse == [try index("document_rejection")])
        #expect(try step("cost_approval").parent == (try index("check_cost_increase")))
    }

    @Test func conditionIsOneTypedExpressionBoundToItsStep() throws {
        guard case .condition(let condition) = try step("check_cost_increase").kind,
            case .expression(let expression) = condition.condition,
            case .binary(.greater, let left, let right) = expression.kind,
            case .path(let path) = left.kind
        else { Issue.record("unexpected condition shape"); return }
        #expect(path.root == .step(id: "initial_assessment", index: 0, field: .outputs))
        #expect(path.members == ["cost_delta"])
        #expect(right.kind == .literal(.number(500)))
        #expect(expression.location == SourceLocation(line: 36, column: 18))
        var context = TestContext()
        context.stepOutputs[0] = ["cost_delta": 650]
        #expect(condition.condition.resolve(in: context) == true)
        #expect(expression.explanation(in: context) == "650 > 500")
        // One evaluation gives the value and the operands; the text is written when read.
        let (value, explanation) = expression.evaluateExplained(in: context)
        #expect(value == true)
        #expect(explanation?.text == "650 > 500")
        #expect(explanation == ConditionExplanation(text: "650 > 500"))
        let encoded = try JSONEncoder().encode(explanation)
        #expect(String(decoding: encoded, as: UTF8.self) == #""650 > 500""#)
        #expect(try JSONDecoder().decode(ConditionExplanation.self, from: encoded) == explanation)
        context.stepOutputs[0] = ["cost_delta": "unknown"]
        let (other, otherExplanation) = expression.evaluateExplained(in: context)
        #expect(other == false)
        #expect(otherExplanation?.text == "'unknown' > 500")
    }

    @Test func approvalReadsApproversTimeoutAndDollarMessage() throws {
        guard case .approval(let approval) = try step("cost_approval").kind else {
            Issue.record("not an approval")
            return
        }
        #expect(approval.approvers == [Approver(team: "executive-team", role: "cfo")])
        #expect(approval.timeout == 24 * Durations.hour)
        #expect(approval.onTimeout == .reject)
        #expect(approval.quorum == 1)
        let message = try #require(approval.message)
        let expressions = message.expressions
        #expect(
            expressions.map(\.location) == [
                SourceLocation(line: 44, column: 58), SourceLocation(line: 45, column: 28),
                SourceLocation(line: 46, column: 24),
            ])
        var context = TestContext()
        context.inputs = ["model_info": ["current_model": "gpt-4", "model": "gpt-4-turbo"]]
        context.stepOutputs[try index("initial_assessment")] = ["cost_delta": 650]
        #expect(
            message.resolve(in: context)
                == .string(
                    "Model update will increase monthly costs by $650.\n"
                        + "Current model: gpt-4\nNew model: gpt-4-turbo\n"))
    }

    @Test func taskOutputsKeepFieldAliasPairsInOrder() throws {
        guard case .task(let assessment) = try step("initial_assessment").kind,
            case .task(let plan) = try step("create_rollback_plan").kind
        else { Issue.record("not tasks"); return }
        #expect(
            assessment.outputs.map { [$0.field, $0.alias] } == [
                ["compatibility_report", "report"], ["estimated_cost_increase", "cost_delta"],
            ])
        #expect(assessment.timeout == 2 * Durations.hour)
        #expect(plan.outputs.map { [$0.field, $0.alias] } == [["rollback_plan", "plan"]])
    }

    @Test func inputsKeepYAMLTypesAndExpressions() throws {
        guard case .task(let monitor) = try step("monitor_stage2").kind,
            case .task(let sales) = try step("test_sales").kind,
            case .task(let analyze) = try step("analyze_results").kind
        else { Issue.record("not tasks"); return }
        #expect(
            monitor.inputs
                == .constant(
                    ["duration": "4h", "metrics": ["response_time", "error_rate", "cost"]]))
        guard case .object(let members) = sales.inputs else {
            Issue.record("not an object"); return
        }
        #expect(members.map(\.key) == ["model", "sample_conversations"])
        #expect(members.last?.value == .constant(true))
        let analyzePaths = analyze.inputs.expressions.flatMap(\.paths).map(\.path.text)
        #expect(
            analyzePaths == [
                "steps.test_engineering.outputs", "steps.test_marketing.outputs",
                "steps.test_sales.outputs",
            ])
    }

    @Test func parallelStepsKeepContinueOn() throws {
        guard case .parallel(let tests) = try step("test_teams").kind,
            case .parallel(let dev) = try step("update_dev_teams").kind
        else { Issue.record("not parallels"); return }
        #expect(tests.continueOn == .partialSuccess)
        #expect(tests.steps.count == 3)
        #expect(dev.continueOn == .allSuccess)
    }

    @Test func errorHandlersIncludeARollbackHandlerStep() throws {
        let rollback = try index("emergency_rollback")
        #expect(
            workflow.errorHandlers.map(\.errorType) == [
                "team_timeout", "test_failure", "critical_error",
            ])
        #expect(
            workflow.errorHandlers.map(\.action) == [
                .retry(maxAttempts: 2, backoff: nil, then: .escalate),
                .custom(steps: [rollback]),
                .notify(recipients: ["operations-team", "executive-team"]),
            ])
        let step = workflow.steps[rollback]
        #expect(step.parent == nil)
        #expect(!workflow.body.contains(rollback))
        guard case .task(let task) = step.kind else { Issue.record("not a task"); return }
        let paths = task.inputs.expressions.flatMap(\.paths)
        #expect(
            paths.map(\.path.root) == [
                .step(
                    id: "create_rollback_plan", index: try index("create_rollback_plan"),
                    field: .outputs)
            ])
        #expect(paths.map(\.location) == [SourceLocation(line: 187, column: 19)])
    }

    @Test func teamsAreCollectedFromStepsAndHandlers() {
        #expect(
            workflow.teams == [
                "analytics-team", "devops-automation-team", "engineering-team", "executive-team",
                "marketing-team", "operations-team", "qa-team", "sales-team", "support-team",
            ])
    }
}
