import Foundation
import Testing

@testable import ChoreoSim

/// Every problem in a scenario is reported at its line and column, all of them, sorted;
/// what the workflow never uses is a warning. Snippets follow `ScenarioFixtures.head`, so
/// their first line is line 4.
@Suite struct ScenarioDiagnosticsTests {
    func expectDiagnostics(
        _ body: String, _ expected: [String],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        #expect(ScenarioFixtures.diagnostics(body) == expected, sourceLocation: sourceLocation)
    }

    @Test func unknownAndMisplacedTopLevelKeys() {
        expectDiagnostics(
            "scenaro: x\nagents: 3\nname: x\n",
            [
                "4:1: error: unknown key 'scenaro' in a scenario (did you mean 'scenario'?)",
                "5:1: error: 'agents' belongs to a team (under 'teams:') or to 'defaults:', not at the top",
                "6:1: error: 'name' is not a scenario key: a scenario is named with 'scenario:'",
            ])
    }

    @Test func requiredTopLevelFields() {
        #expect(
            ScenarioFixtures.errors("seed: 1\n") == [
                "1:1: a scenario needs a name: 'scenario: <name>'",
                "1:1: a scenario needs 'workflow'",
            ])
        #expect(
            ScenarioFixtures.errors("[1, 2]\n") == [
                "1:1: expected a scenario (a mapping of 'scenario', 'workflow', …) at the top of the file, found a list"
            ])
        #expect(
            ScenarioFixtures.errors("scenario: ''\nworkflow: [x]\n") == [
                "1:11: 'scenario' must not be empty",
                "2:11: 'workflow' expects a string, found a list",
            ])
    }

    @Test func seedAndStart() {
        expectDiagnostics(
            "seed: -1\nstart: 2025-02-30T10:00:00Z\n",
            [
                "4:7: error: 'seed' expects a whole number from 0 to 18446744073709551615, found -1",
                "5:8: error: 'start': '2025-02-30T10:00:00Z' is not a date and time; write e.g. '2025-01-22T10:00:00Z'",
            ])
        expectDiagnostics(
            "seed: abc\nstart: tomorrow\n",
            [
                "4:7: error: 'seed' expects a whole number from 0 to 18446744073709551615, found a string",
                "5:8: error: 'start': 'tomorrow' is not a date and time; write e.g. '2025-01-22T10:00:00Z'",
            ])
    }

    @Test(arguments: [
        (
            "inputs: {model_info: {provider: p}}\n",
            "3:1: the inputs do not fit workflow 'ai-model-update': input 'model_info' lacks 'model' (expected string); input 'model_info' lacks 'reason' (expected string); input 'model_info' lacks 'urgency' (expected string)"
        ),
        (
            "inputs: [1]\n",
            "3:1: the inputs do not fit workflow 'ai-model-update': inputs must be an object, found list"
        ),
        (
            "inputs:\n",
            "3:1: the inputs do not fit workflow 'ai-model-update': input 'model_info' is missing (expected object)"
        ),
        (
            "seed: 3\n",
            "1:1: the inputs do not fit workflow 'ai-model-update': input 'model_info' is missing (expected object)"
        ),
    ])
    func inputsAreCheckedByTheEngineAtTheInputsKey(inputs: String, expected: String) {
        let yaml = "scenario: x\nworkflow: ai-model-update.yaml\n" + inputs
        #expect(ScenarioFixtures.errors(yaml) == [expected])
    }

    @Test func arrivals() {
        expectDiagnostics(
            "arrivals: {count: 0, every: {dist: exponential, mean: -1}, rate: 2}\n",
            [
                "4:19: error: 'count' must be from 1 to 10000000, found 0",
                "4:55: error: 'mean' must not be negative, found -1",
                "4:60: error: unknown key 'rate' in 'arrivals'",
            ])
    }

    @Test func sectionsOfTheWrongShape() {
        expectDiagnostics(
            "faults: {team: x}\nexpect: []\nsteps: []\nteams: 3\n",
            [
                "4:9: error: 'faults' expects a list, found a mapping",
                "5:9: error: expected 'expect' (a mapping), found a list",
                "6:8: error: expected 'steps' (a mapping), found a list",
                "7:8: error: expected 'teams' (a mapping), found a number",
            ])
    }

    @Test func teamsAndActionsTheWorkflowNeverUsesAreWarnings() {
        let body = """
            teams:
              engineering-teem:
                agents: 0
              qa-team:
                agent: 2
                actions:
                  consolidate_results: {}
                  update_model_config: {duration: 5}
                  test_content_quality: {}
            defaults:
              actions: {execute_rollbak: {}}
            """
        expectDiagnostics(
            body,
            [
                "5:3: warning: team 'engineering-teem' does not appear in workflow 'ai-model-update'; its settings are never used (did you mean 'engineering-team'?)",
                "6:13: error: 'agents' must be from 1 to 100000, found 0",
                "8:5: error: unknown key 'agent' in team 'qa-team' (did you mean 'agents'?)",
                "10:7: warning: action 'consolidate_results' is never asked of team 'qa-team' by workflow 'ai-model-update'; its settings are never used (did you mean 'consolidate_test_results'?)",
                "12:7: warning: action 'test_content_quality' is never asked of team 'qa-team' by workflow 'ai-model-update'; its settings are never used (it is asked of marketing-team)",
                "14:13: warning: action 'execute_rollbak' is never asked by workflow 'ai-model-update'; its settings are never used (did you mean 'execute_rollback'?)",
            ])
    }

    @Test func warningsAloneDoNotStopTheLoad() {
        let result = ScenarioFixtures.load(ScenarioFixtures.head + "teams: {nobody: {agents: 1}}\n")
        #expect(result.errors.isEmpty && result.warnings.count == 1)
        #expect(result.scenario?.teams.map(\.name) == ["nobody"])
    }

    @Test(arguments: [
        (
            "{dist: lognorm, median: 20m, p90: 1h}",
            "4:29: error: unknown dist 'lognorm' (did you mean 'lognormal'?); expected constant, uniform, exponential, normal, lognormal, triangular, pert, empirical or choice"
        ),
        (
            "{dist: uniform, min: 2h, max: 1h}",
            "4:22: error: uniform: min (7200.0) is greater than max (3600.0)"
        ),
        (
            "{dist: lognormal, median: 1h, p90: 20m}",
            "4:22: error: lognormal: p90 (1200.0) must be greater than the median (3600.0)"
        ),
        ("{dist: lognormal, mean: 1h}", "4:22: error: 'dist: lognormal' needs 'sd'"),
        (
            "{dist: lognormal, mean: 1h, p90: 20m}",
            "4:22: error: 'dist: lognormal' takes 'mean' and 'sd', or 'median' and 'p90', not both"
        ),
        (
            "{dist: lognormal}",
            "4:22: error: 'dist: lognormal' needs 'mean' and 'sd', or 'median' and 'p90'"
        ),
        (
            "{mean: 1h}",
            "4:22: error: a distribution needs 'dist': constant, uniform, exponential, normal, lognormal, triangular, pert, empirical or choice"
        ),
        ("-5", "4:22: error: 'duration' must not be negative, found -5"),
        (
            "5 minutes",
            "4:22: error: 'duration': '5 minutes' is not a duration; write seconds (e.g. 90) or e.g. '90s', '15m', '2h', '1d' or '1h30m'"
        ),
        (
            "{input: duration}",
            "4:30: error: 'duration' cannot be read from a step input here: '{input: …}' is for an action's or a step's 'duration'"
        ),
        (
            "[1, 2]",
            "4:22: error: 'duration' expects seconds, a duration such as '20m' or a distribution ({dist: …}), found a list"
        ),
        (
            "{dist: choice, values: [1, 2]}",
            "4:29: error: 'choice' picks one of several output values; a duration uses 'empirical' (samples: [...]) instead"
        ),
        ("{dist: empirical, samples: []}", "4:22: error: empirical: samples must not be empty"),
        ("{dist: empirical}", "4:22: error: 'dist: empirical' needs 'samples'"),
        (
            "{dist: triangular, min: 1m, mode: 3h, max: 2h}",
            "4:22: error: triangular: mode (10800.0) is outside [min, max] = [60.0, 7200.0]"
        ),
        ("{dist: normal, mean: 1h}", "4:22: error: 'dist: normal' needs 'sd'"),
        (
            "{dist: pert, min: 1, mode: 2, max: 3, sd: 4}",
            "4:60: error: unknown key 'sd' in 'dist: pert'"
        ),
        (
            "{dist: exponential, mean: [1]}",
            "4:48: error: 'mean' expects seconds or a duration such as '20m', found a list"
        ),
        ("{dist: constant, value: .inf}", "4:46: error: 'value' must be a finite number"),
    ])
    func distributionProblemsAreReportedWhereTheyAre(yaml: String, expected: String) {
        expectDiagnostics("defaults: {duration: \(yaml)}\n", [expected])
    }

    @Test func everyBadSampleIsReported() {
        expectDiagnostics(
            "defaults: {duration: {dist: empirical, samples: [1m, x, -3]}}\n",
            [
                "4:54: error: 'samples': 'x' is not a duration; write seconds (e.g. 90) or e.g. '90s', '15m', '2h', '1d' or '1h30m'",
                "4:57: error: 'samples' must not be negative, found -3",
            ])
    }

    @Test func calendars() {
        expectDiagnostics(
            """
            teams:
              engineering-team:
                calendar: {days: mon-fry, hours: '17:00-09:00', zone: Europe/Berlin}
              qa-team:
                calendar: {days: [], hours: '9-5', zone: '+25:00', tz: x}
              sales-team:
                calendar: [mon]
            """,
            [
                "6:22: error: unknown day 'fry' in 'days' (did you mean 'fri'?); expected a day (mon, tue, wed, thu, fri, sat, sun) or a range such as 'mon-fri'",
                "6:38: error: 'hours': the end (09:00) must be after the start (17:00); working hours cannot run past midnight",
                "6:59: error: 'zone': 'Europe/Berlin' is not a UTC offset; named time zones are not supported (daylight saving would move working hours); write a fixed offset such as '+01:00'",
                "8:22: error: 'days' needs at least one working day, such as 'mon-fri'",
                "8:33: error: 'hours': '9-5' is not a span of the day; write e.g. '09:00-17:00'",
                "8:46: error: 'zone': '+25:00' is not a UTC offset; write 'UTC' or an offset such as '+02:00' or '-05:30' (at most 18 hours)",
                "8:56: error: unknown key 'tz' in a calendar",
                "10:15: error: expected a calendar (a mapping), found a list",
            ])
    }

    @Test func outputsFailuresAndOutcomes() {
        expectDiagnostics(
            """
            teams:
              engineering-team:
                actions:
                  assess_model_compatibility:
                    outputs:
                      a: {dist: choice, values: [x, y], weights: [1]}
                      b: {dist: choice, values: []}
                      c: {dist: uniform, min: 1m, max: 2}
                      d: {dist: choice, values: [x], weights: [-1]}
                      e: {dist: choice, weights: [1]}
                    fail: {probability: 1.5}
                    outcome: partly
                    timeout: 1h
            """,
            [
                "9:54: error: 'weights' has 1 number but 'values' has 2",
                "10:37: error: 'values' needs at least one value to choose from",
                "11:35: error: 'min' expects a number, found a string",
                "12:51: error: choice: weight 1 is negative (-1.0)",
                "13:14: error: 'dist: choice' needs 'values'",
                "14:15: error: 'fail' needs 'error_type'",
                "14:29: error: 'probability' is a probability from 0 to 1, found 1.5",
                "15:18: error: unknown outcome 'partly'; expected success or partial",
                "16:9: error: unknown key 'timeout' in action 'assess_model_compatibility'",
            ])
    }

    @Test func decisions() {
        expectDiagnostics(
            """
            teams:
              executive-team:
                decisions: {approve: 2, delay: soon, escalation: {retry: 0, skip: 0}, silent: yes, veto: 1}
              operations-team:
                decisions: {escalation: {retry: -1, skip: x, abort: 1, later: 2}}
            """,
            [
                "6:26: error: 'approve' is a probability from 0 to 1, found 2",
                "6:36: error: 'delay': 'soon' is not a duration; write seconds (e.g. 90) or e.g. '90s', '15m', '2h', '1d' or '1h30m'",
                "6:54: error: 'escalation' needs a weight above 0 for retry, skip or abort",
                "6:88: error: unknown key 'veto' in 'decisions'",
                "8:37: error: 'retry' must not be negative, found -1",
                "8:47: error: 'skip' expects a number, found a string",
                "8:60: error: unknown key 'later' in 'escalation'",
            ])
    }

    @Test func stepOverridesNameTaskAndApprovalSteps() {
        expectDiagnostics(
            """
            steps:
              tset_sales: {duration: 1h}
              test_teams: {duration: 1h}
              cost_approval: {decision: retry, outputs: {}, fail: {error_type: x}}
              test_sales: {decision: approve, durations: 1h}
              initial_assessment: {decision: maybe}
            """,
            [
                "5:3: error: unknown step 'tset_sales' in workflow 'ai-model-update' (did you mean 'test_sales'?)",
                "6:3: error: step 'test_teams' is a parallel step; only task and approval steps can be overridden",
                "7:29: error: decision 'retry' does not fit: approval step 'cost_approval' is decided with approve or reject",
                "7:36: error: 'outputs' does not apply to approval step 'cost_approval': an approval only decides (use 'decision' and 'duration')",
                "7:49: error: 'fail' does not apply to approval step 'cost_approval': an approval only decides (use 'decision' and 'duration')",
                "8:26: error: decision 'approve' does not fit: task step 'test_sales' takes its escalation's decision: retry, skip or abort",
                "8:35: error: unknown key 'durations' in step 'test_sales' (did you mean 'duration'?)",
                "9:34: error: unknown decision 'maybe'; expected approve, reject, retry, skip or abort",
            ])
    }

    @Test func attemptOverrides() {
        expectDiagnostics(
            """
            steps:
              initial_assessment:
                attempts:
                  1: {fail: {error_type: team_timeout}, attempts: {}}
                  first: {}
                  0: {}
                  2: {outcome: partial, decision: skipp}
            """,
            [
                "7:45: error: 'attempts' cannot nest: an attempt's override has no 'attempts'",
                "8:7: error: attempts are numbered from 1 to 1000, found 'first'",
                "9:7: error: attempts are numbered from 1 to 1000, found '0'",
                "10:39: error: unknown decision 'skipp' (did you mean 'skip'?); expected approve, reject, retry, skip or abort",
            ])
    }

    @Test func faultShapes() {
        expectDiagnostics(
            """
            faults:
              - {team: sales-team}
              - {outage: {at: 1h, for: 1h}}
              - {step: test_sales, outage: {at: 1h, for: 1h}}
              - {team: sales-teem, outage: {at: 0s, for: 0s}, slow: {factor: 2}}
              - {team: qa-team, step: test_sales, fail: {error_type: x}}
              - {team: qa-team, outage: {from: 1h}}
              - 3
            """,
            [
                "5:5: error: a fault needs one of outage, fail, slow, agent_lost or silent",
                "6:5: error: 'outage' needs 'team' to say what it strikes",
                "7:6: error: 'outage' strikes a whole team; name it with 'team:' instead of 'step'",
                "8:12: warning: team 'sales-teem' does not appear in workflow 'ai-model-update'; this fault never strikes (did you mean 'sales-team'?)",
                "8:46: error: 'for' must be longer than 0s",
                "8:51: error: a fault has one kind: 'slow' follows 'outage' (write a fault for each)",
                "9:21: error: a fault has one target: 'step' follows 'team' (write a fault for each)",
                "10:29: error: an outage needs 'at'",
                "10:29: error: an outage needs 'for'",
                "10:30: error: unknown key 'from' in an outage (did you mean 'for'?)",
                "11:5: error: expected a fault (a mapping), found a number",
            ])
    }

    @Test func faultTargetsAndSettings() {
        expectDiagnostics(
            """
            faults:
              - {step: nope, fail: {error_type: x}}
              - {step: cost_approval, fail: {error_type: x}}
              - {step: test_teams, agent_lost: {probability: 0.5, lease: 30m}}
              - {action: prepare_rollbak, agent_lost: {probability: 0.5}}
              - {team: qa-team, slow: {factor: 0, at: 2h, for: 1h}}
              - {team: qa-team, silent: false}
              - {team: qa-team, silent: 1}
              - {team: qa-team, outage: {at: -1h, for: 2}}
            """,
            [
                "5:12: error: unknown step 'nope' in workflow 'ai-model-update'",
                "6:12: error: approval step 'cost_approval' cannot fail: it is decided (override its 'decision' under 'steps:' instead)",
                "7:12: error: step 'test_teams' is a parallel step; only task and approval steps can be struck by a fault",
                "8:14: warning: action 'prepare_rollbak' does not appear in workflow 'ai-model-update'; this fault never strikes (did you mean 'prepare_rollback'?)",
                "8:43: error: 'agent_lost' needs 'lease'",
                "9:36: error: 'factor' must be greater than 0, found 0",
                "10:29: warning: 'silent: false' does nothing; this fault is ignored",
                "11:29: error: 'silent' expects true or false, found a number",
                "12:34: error: 'at' must not be negative ('-1h')",
                "12:44: error: 'for': the duration '2' needs a unit: s, m, h or d (e.g. '2m')",
            ])
    }

    @Test func expectations() {
        expectDiagnostics(
            """
            expect:
              status: running
              steps: {emergency_rollbak: done, final_report: waiting}
              completion: {at_most: 1h, at_least: 2h}
              duration: 3h
            """,
            [
                "5:11: error: 'running' is not how a run ends; expected completed, failed, rejected, rolled_back, timed_out or cancelled",
                "6:11: error: unknown step 'emergency_rollbak' in workflow 'ai-model-update' (did you mean 'emergency_rollback'?)",
                "6:30: error: unknown status 'done'; expected completed, partial, failed, skipped, rejected, timed_out or cancelled",
                "6:50: error: 'waiting' is not how a step ends; expected completed, partial, failed, skipped, rejected, timed_out or cancelled",
                "7:15: error: 'at_least' (2h) is longer than 'at_most' (1h): no run can meet both",
                "8:3: error: unknown key 'duration' in 'expect'",
            ])
        expectDiagnostics(
            "expect:\n  status: rolledback\n  completion: {}\n",
            [
                "5:11: error: unknown status 'rolledback' (did you mean 'rolled_back'?); expected completed, failed, rejected, rolled_back, timed_out or cancelled",
                "6:15: error: 'completion' needs 'at_most', 'at_least' or both",
            ])
    }

    @Test func diagnosticsAreSortedWhateverOrderTheyAreFoundIn() {
        // `expect` is read after `teams`, `seed` before both: the output follows the file.
        expectDiagnostics(
            "expect: {status: done}\nteams: {qa-team: {agents: -1}}\nseed: x\n",
            [
                "4:18: error: unknown status 'done'; expected completed, failed, rejected, rolled_back, timed_out or cancelled",
                "5:27: error: 'agents' must be from 1 to 100000, found -1",
                "6:7: error: 'seed' expects a whole number from 0 to 18446744073709551615, found a string",
            ])
    }
}
