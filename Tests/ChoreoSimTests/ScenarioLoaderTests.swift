import Foundation
import Testing

@testable import ChoreoSim

/// Scenario files load into the values the simulator runs on: DESIGN.md's example field by
/// field, every form each field may take, and the defaults.
@Suite struct ScenarioLoaderTests {
    struct ScenarioDidNotLoad: Error {}

    static let designExample = ScenarioFixtures.fixture("design-example.yaml")

    /// `head` plus `body`, which must load without a diagnostic.
    func scenario(_ body: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
        -> Scenario
    {
        let result = ScenarioFixtures.load(ScenarioFixtures.head + body)
        #expect(result.diagnostics.map(\.description) == [], sourceLocation: sourceLocation)
        // Not `#require(result.scenario)`: its failure would print the whole workflow.
        guard let scenario = result.scenario else { throw ScenarioDidNotLoad() }
        return scenario
    }

    @Test func designExampleLoadsWithoutADiagnostic() throws {
        let result = ScenarioLoader.loadResult(path: Self.designExample)
        #expect(result.diagnostics.map(\.description) == [])
        let scenario = try #require(result.scenario)
        #expect(scenario.name == "seed-walkthrough")
        #expect(scenario.file == Self.designExample)
        #expect(scenario.workflow.name == "ai-model-update")
        #expect(result.workflowFile?.hasSuffix("/Scenarios/workflows/ai-model-update.yaml") == true)
        #expect(scenario.seed == 42)
        #expect(scenario.start == CivilTime(year: 2025, month: 1, day: 22, hour: 10).timestamp)
        #expect(scenario.inputs["model_info"]["urgency"] == "medium")
        #expect(scenario.inputs["model_info"]["reason"] == "…")
        #expect(scenario.arrivals == Arrivals(count: 1, every: nil))
    }

    @Test func designExampleDefaultsAndTeams() throws {
        let scenario = try ScenarioLoader.load(path: Self.designExample)
        #expect(scenario.defaults.name == "defaults")
        #expect(scenario.defaults.agents == 2)
        #expect(scenario.defaults.claimDelay == .exponential(mean: 300))
        // median 20m, p90 1h: mu = ln(1200 s), sigma = ln(3) / z90.
        guard case .lognormal(let mu, let sigma)? = scenario.defaults.duration else {
            Issue.record(
                "expected a lognormal, found \(String(describing: scenario.defaults.duration))")
            return
        }
        #expect(mu == log(1200.0))
        #expect(abs(sigma - log(3.0) / Distribution.z90) < 1e-12)
        #expect(
            scenario.teams.map(\.name) == ["engineering-team", "executive-team", "operations-team"])

        let engineering = try #require(scenario.team(named: "engineering-team"))
        #expect(engineering.agents == 3)
        let calendar = try #require(engineering.calendar)
        #expect(calendar.days == 0b001_1111)
        #expect(calendar.startMinute == 9 * 60 && calendar.endMinute == 17 * 60)
        #expect(calendar.offset == 0)
        let assess = try #require(engineering.action(named: "assess_model_compatibility"))
        #expect(assess.duration == .distribution(.triangular(min: 1200, mode: 1800, max: 7200)))
        #expect(
            assess.outputs == [
                OutputField(
                    name: "compatibility_report",
                    spec: .constant("Compatible with minor config changes")),
                OutputField(name: "cost_delta", spec: .distribution(.uniform(min: 0, max: 1000))),
            ])
        #expect(assess.fail == FailureSpec(probability: 0.05, errorType: "critical_error"))
        #expect(assess.outcome == nil && assess.claimDelay == nil)

        let executive = try #require(scenario.team(named: "executive-team"))
        #expect(executive.agents == 1)
        #expect(
            executive.decisions == DecisionBehavior(approve: 0.9, delay: .exponential(mean: 2700)))

        let operations = try #require(scenario.team(named: "operations-team"))
        #expect(operations.agents == nil)
        #expect(
            operations.decisions
                == DecisionBehavior(
                    delay: .constant(1800),
                    escalation: EscalationWeights(retry: 0.5, skip: 0.2, abort: 0.3)))
        #expect(operations.action(named: "monitor_system_health")?.duration == .input("duration"))
    }

    @Test func designExampleStepsFaultsAndExpectations() throws {
        let scenario = try ScenarioLoader.load(path: Self.designExample)
        let override = try #require(scenario.override(forStep: "test_sales"))
        #expect(scenario.steps.count == 1)
        #expect(override.outcome == .partial)
        #expect(override.duration == .distribution(.constant(2100)))
        #expect(
            scenario.faults == [
                .outage(team: "sales-team", at: 30 * Durations.hour, duration: 6 * Durations.hour),
                .failure(
                    target: .step("monitor_stage2"),
                    failure: FailureSpec(probability: 1, errorType: "test_failure")),
            ])
        #expect(
            scenario.expectations == [
                Expectation(
                    .status(.rolledBack), at: ChoreoModel.SourceLocation(line: 35, column: 3)),
                Expectation(
                    .stepStatus(step: "emergency_rollback", status: .completed),
                    at: ChoreoModel.SourceLocation(line: 36, column: 12)),
                Expectation(
                    .completionAtMost(30 * Durations.hour),
                    at: ChoreoModel.SourceLocation(line: 37, column: 17)
                ),
            ])
    }

    @Test func omittedFieldsTakeTheDocumentedDefaults() throws {
        let scenario = try scenario("")
        #expect(scenario.seed == 1)
        #expect(scenario.start == ScenarioLoader.defaultStart)
        let start = CivilTime(timestamp: scenario.start)
        #expect(start.weekday == 0 && start.hour == 9 && start.dateText == "2025-01-06")
        #expect(scenario.arrivals == Arrivals())
        #expect(scenario.defaults.name == "defaults" && scenario.defaults.agents == nil)
        #expect(scenario.teams.isEmpty && scenario.steps.isEmpty)
        #expect(scenario.faults.isEmpty && scenario.expectations.isEmpty)
    }

    @Test func seedStartAndArrivals() throws {
        let scenario = try scenario(
            """
            seed: 18446744073709551615
            start: 2025-03-01T08:30:00+02:00
            arrivals: { count: 100000, every: { dist: exponential, mean: 10m } }
            """)
        #expect(scenario.seed == UInt64.max)
        #expect(
            scenario.start == CivilTime(year: 2025, month: 3, day: 1, hour: 6, minute: 30).timestamp
        )
        #expect(scenario.arrivals == Arrivals(count: 100_000, every: .exponential(mean: 600)))
    }

    @Test(arguments: [
        ("90", Distribution.constant(90)),
        ("1h30m", .constant(5400)),
        ("0s", .constant(0)),
        ("{dist: constant, value: 2m}", .constant(120)),
        ("{dist: uniform, min: 30, max: 1m}", .uniform(min: 30, max: 60)),
        ("{dist: exponential, mean: 1.5}", .exponential(mean: 1.5)),
        ("{dist: normal, mean: 1h, sd: 10m}", .normal(mean: 3600, sd: 600)),
        (
            "{dist: triangular, min: 1m, mode: 2m, max: 5m}",
            .triangular(min: 60, mode: 120, max: 300)
        ),
        ("{dist: pert, min: 1h, mode: 2h, max: 1d}", .pert(min: 3600, mode: 7200, max: 86400)),
        ("{dist: empirical, samples: [1m, 90, 2m]}", .empirical(samples: [60, 90, 120])),
    ])
    func durationDistributionsReadSecondsAndDurations(yaml: String, expected: Distribution) throws {
        let scenario = try scenario("defaults: { duration: \(yaml) }\n")
        #expect(scenario.defaults.duration == expected)
    }

    @Test func lognormalFromMeanAndStandardDeviation() throws {
        let scenario = try scenario(
            "defaults: { duration: {dist: lognormal, mean: 1h, sd: 30m} }\n")
        #expect(scenario.defaults.duration == (try Distribution.lognormal(mean: 3600, sd: 1800)))
    }

    @Test(arguments: [
        ("mon-fri", UInt8(0b001_1111)),
        ("[mon, wed]", 0b000_0101),
        ("\"mon,tue\"", 0b000_0011),
        ("'fri-mon'", 0b111_0001),
        ("[Saturday, sun]", 0b110_0000),
        ("'mon-wed, sat'", 0b010_0111),
    ])
    func calendarDaysInEveryForm(days: String, mask: UInt8) throws {
        let scenario = try scenario("defaults: { calendar: { days: \(days) } }\n")
        #expect(scenario.defaults.calendar?.days == mask)
    }

    @Test(
        arguments: [
            ("UTC", 0), ("Z", 0), ("'+02:00'", 7200), ("'-05:30'", -19800), ("'+0100'", 3600),
            ("'UTC+3'", 10800), ("+2:00", 7200),
        ] as [(String, Int64)])
    func calendarZonesAreFixedOffsets(zone: String, seconds: Int64) throws {
        let scenario = try scenario("defaults: { calendar: { zone: \(zone) } }\n")
        #expect(scenario.defaults.calendar?.offset == seconds * Durations.second)
    }

    @Test func calendarHoursAndDefaults() throws {
        let scenario = try scenario(
            "defaults: { calendar: {} }\nteams: { qa-team: { calendar: { hours: '8:30-24:00' } } }\n"
        )
        #expect(
            scenario.defaults.calendar
                == WorkCalendar(days: 0b001_1111, startMinute: 540, endMinute: 1020))
        #expect(scenario.teams.first?.calendar?.startMinute == 510)
        #expect(scenario.teams.first?.calendar?.endMinute == 1440)
    }

    @Test func outputsKeepSourceOrderAndEveryKind() throws {
        let scenario = try scenario(
            """
            teams:
              qa-team:
                actions:
                  consolidate_test_results:
                    outputs:
                      recommendation: { dist: choice, values: [proceed, abort], weights: [0.8, 0.2] }
                      risks: { dist: choice, values: [low, { level: high }] }
                      score: { dist: uniform, min: -5, max: 5 }
                      delta: { dist: constant, value: [1, 2] }
                      notes: { summary: fine, count: 3 }
                      duration: 2h
            """)
        let action = try #require(scenario.teams.first?.actions.first)
        #expect(
            action.outputs == [
                OutputField(
                    name: "recommendation",
                    spec: .choice(values: ["proceed", "abort"], weights: [0.8, 0.2])),
                OutputField(
                    name: "risks",
                    spec: .choice(values: ["low", ["level": "high"]], weights: [1, 1])),
                OutputField(name: "score", spec: .distribution(.uniform(min: -5, max: 5))),
                OutputField(name: "delta", spec: .constant([1, 2])),
                OutputField(name: "notes", spec: .constant(["summary": "fine", "count": 3])),
                OutputField(name: "duration", spec: .constant("2h")),
            ])
    }

    @Test func stepOverridesWithAttemptsAndDecisions() throws {
        let scenario = try scenario(
            """
            steps:
              initial_assessment:
                claim_delay: 0s
                attempts:
                  1: { fail: { error_type: team_timeout, message: slow } }
                  2: { duration: 10m, outputs: { cost_delta: 650 } }
              cost_approval: { decision: approve, duration: { dist: uniform, min: 1h, max: 2h } }
              monitor_stage1: { decision: skip, duration: { input: duration } }
            """)
        #expect(
            scenario.steps.map(\.step) == ["initial_assessment", "cost_approval", "monitor_stage1"])
        let first = try #require(scenario.override(forStep: "initial_assessment"))
        #expect(first.claimDelay == .constant(0))
        #expect(first.attempts.keys.sorted() == [1, 2])
        #expect(
            first.attempts[1]?.fail
                == FailureSpec(probability: 1, errorType: "team_timeout", message: "slow"))
        #expect(
            first.attempts[2]?.outputs == [OutputField(name: "cost_delta", spec: .constant(650))])
        #expect(first.attempts[2]?.duration == .distribution(.constant(600)))
        #expect(first.attempts[2]?.step == "initial_assessment")
        #expect(scenario.override(forStep: "cost_approval")?.decision == .approve)
        #expect(scenario.override(forStep: "monitor_stage1")?.decision == .skip)
        #expect(scenario.override(forStep: "monitor_stage1")?.duration == .input("duration"))
    }

    @Test func faultsOfEveryKindAndTarget() throws {
        let scenario = try scenario(
            """
            faults:
              - { team: qa-team, slow: { factor: 2, at: 10h, for: 8h } }
              - { action: update_model_config, fail: { error_type: config_error, probability: 0.1 } }
              - { team: sales-team, agent_lost: { probability: 0.05, lease: 30m } }
              - { step: cost_approval, agent_lost: { probability: 1, lease: 1h } }
              - { team: executive-team, silent: true }
              - { team: support-team, outage: { at: 0s, for: 1d } }
            """)
        #expect(
            scenario.faults == [
                .slow(
                    team: "qa-team", factor: 2, at: 10 * Durations.hour,
                    duration: 8 * Durations.hour),
                .failure(
                    target: .action("update_model_config"),
                    failure: FailureSpec(probability: 0.1, errorType: "config_error")),
                .agentLost(
                    target: .team("sales-team"), probability: 0.05, lease: 30 * Durations.minute),
                .agentLost(target: .step("cost_approval"), probability: 1, lease: Durations.hour),
                .silent(team: "executive-team"),
                .outage(team: "support-team", at: 0, duration: Durations.day),
            ])
    }

    @Test func expectationsInSourceOrder() throws {
        let scenario = try scenario(
            """
            expect:
              completion: { at_least: 1h, at_most: 30h }
              steps: { final_report: completed, test_sales: partial }
              status: completed
            """)
        #expect(
            scenario.expectations.map(\.kind) == [
                .completionAtLeast(Durations.hour), .completionAtMost(30 * Durations.hour),
                .stepStatus(step: "final_report", status: .completed),
                .stepStatus(step: "test_sales", status: .partial), .status(.completed),
            ])
        #expect(
            scenario.expectations.first?.location == ChoreoModel.SourceLocation(line: 5, column: 17)
        )
    }

    @Test func inputsAreCheckedAndKeptAsGiven() throws {
        let scenario = try scenario("")
        #expect(
            scenario.inputs == [
                "model_info": ["provider": "p", "model": "m", "reason": "r", "urgency": "low"]
            ])
    }

    @Test func workflowPathsJoinTheScenarioDirectory() {
        #expect(ScenarioPaths.directory(of: "Scenarios/x/s.yaml") == "Scenarios/x")
        #expect(ScenarioPaths.directory(of: "s.yaml") == ".")
        #expect(ScenarioPaths.directory(of: "/s.yaml") == "/")
        #expect(
            ScenarioPaths.resolve("../w/a.yaml", from: "Scenarios/x") == "Scenarios/x/../w/a.yaml")
        #expect(ScenarioPaths.resolve("./a.yaml", from: ".") == "a.yaml")
        #expect(ScenarioPaths.resolve("/abs/a.yaml", from: "Scenarios") == "/abs/a.yaml")
        #expect(ScenarioPaths.resolve("a.yaml", from: "/root//dir/") == "/root/dir/a.yaml")
    }

    @Test func loadThrowsEveryDiagnostic() {
        #expect {
            try ScenarioLoader.load(
                yaml: "scenario: x\nworkflow: nope.yaml\nseed: x\n", file: "t.yaml",
                baseDirectory: ScenarioFixtures.workflowsDirectory)
        } throws: { error in
            (error as? LoadError)?.diagnostics.map(\.location.line) == [2, 3]
        }
    }
}
