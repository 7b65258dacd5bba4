import ChoreoReports
import Foundation
import Testing

/// The shipped rehearsals hold, each of their expectations fails when made wrong (naming
/// itself and what happened), and many runs give the same shares for the same seed.
@Suite struct RehearsalTests {
    static let directory = repositoryRoot + "/Scenarios/ai-model-update/rehearsals"

    /// Every rehearsal file, sorted.
    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    static func load(_ file: String) throws -> Scenario {
        try ScenarioLoader.load(path: directory + "/" + file)
    }

    @Test func theLibraryHoldsTheStoriesTheIssueAsksFor() {
        for story in [
            "cfo-rejects", "cfo-does-not-answer", "sales-tests-fail-partial-success-carries-on",
            "all-tests-fail", "stage2-monitoring-fails-rollback-with-plan",
            "engineering-times-out-twice-escalation-retry",
            "engineering-times-out-twice-escalation-skip",
            "engineering-times-out-twice-escalation-abort",
            "critical-error-notifies-ops-and-executives",
            "operations-out-for-a-day-timeout-at-risk", "random-faults-rough-week",
        ] {
            #expect(Self.files.contains(story + ".yaml"), "missing rehearsal \(story)")
        }
    }

    @Test(arguments: files) func everyShippedRehearsalHolds(_ file: String) throws {
        let scenario = try Self.load(file)
        #expect(!scenario.expectations.isEmpty)
        let result = Rehearsal.check(scenario)
        #expect(result.error == nil)
        for outcome in result.outcomes where !outcome.held {
            Issue.record("\(file): \(outcome.summary)")
        }
        #expect(result.held)
    }

    @Test(arguments: files) func everyExpectationMadeWrongFailsAndSaysWhatHappened(_ file: String)
        throws
    {
        let scenario = try Self.load(file)
        for index in scenario.expectations.indices {
            var changed = scenario
            let wrong = Self.wrong(scenario.expectations[index].kind)
            changed.expectations[index].kind = wrong
            let result = Rehearsal.check(changed)
            #expect(!result.held, "\(file): \(wrong) still holds")
            let outcome = result.outcomes[index]
            #expect(!outcome.held)
            #expect(outcome.summary.hasPrefix("expected \(wrong), "), "\(outcome.summary)")
            #expect(outcome.summary.count > "expected \(wrong), ".count)
            let report = RehearsalReport.render(result)
            #expect(report.contains("✗ expected \(wrong), \(outcome.actual)"))
            #expect(
                report.contains("replay: choreo simulate \(scenario.file) --seed \(scenario.seed)"))
            for (other, kept) in result.outcomes.enumerated() where other != index {
                #expect(kept.held, "\(file): changing one expectation broke \(kept.summary)")
            }
        }
    }

    /// An expectation that cannot hold where `kind` did.
    static func wrong(_ kind: ChoreoSim.Expectation.Kind) -> ChoreoSim.Expectation.Kind {
        switch kind {
        case .status(let status): return .status(status == .completed ? .failed : .completed)
        case .stepStatus(let step, let status):
            return .stepStatus(step: step, status: status == .completed ? .cancelled : .completed)
        case .completionAtMost: return .completionAtMost(Durations.second)
        case .completionAtLeast: return .completionAtLeast(1_000 * Durations.day)
        case .handlerRan(_, let action):
            return .handlerRan(errorType: "no_such_error", action: action)
        case .escalations(let step, let count): return .escalations(step: step, count: count + 1)
        case .retries(let step, let count): return .retries(step: step, count: count + 1)
        case .notified: return .notified(team: "nobody")
        case .order(let first, let then): return .order(first: then, then: first)
        case .received(let step, let input, _):
            return .received(step: step, input: input, value: .value("not what it got"))
        case .output(let name, _): return .output(name: name, value: .value("not what it got"))
        }
    }

    @Test func aWrongStatusInTheYAMLFailsWithTheReplayCommandThePathAndTheTimeline() throws {
        let path = Self.directory + "/stage2-monitoring-fails-rollback-with-plan.yaml"
        let yaml = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "  status: rolled_back\n", with: "  status: completed\n")
        let scenario = try ScenarioLoader.load(
            yaml: yaml, file: "x.yaml", baseDirectory: Self.directory)
        let report = RehearsalReport.render(Rehearsal.check(scenario))
        #expect(report.contains("  ✗ expected status completed, got rolled_back\n"))
        #expect(report.contains("  replay: choreo simulate x.yaml --seed 42\n"))
        #expect(
            report.contains(
                """
                  error path:
                    [2025-01-22 18:31:00] Step 'monitor_stage2' failed (attempt 1): test_failure: error rate 4% on sales and support
                    → [2025-01-22 18:31:00] Sequence step 'staged_rollout' finished: failed
                """))
        #expect(
            report.contains(
                "→ [2025-01-22 18:31:00] Error handler for test_failure: running custom handler steps"
            ))
        #expect(report.contains("→ [2025-01-22 18:51:00] Workflow rolled back"))
        #expect(report.contains("  timeline around the failure:\n"))
        #expect(report.contains("» [2025-01-22 18:31:00] Step 'monitor_stage2' failed"))
    }

    @Test func manyRunsGiveTheSameSharesForTheSameSeed() throws {
        let scenario = try Self.load("random-faults-rough-week.yaml")
        let first = Rehearsal.run(scenario, runs: 60)
        let second = Rehearsal.run(scenario, runs: 60)
        #expect(first.tallies == second.tallies)
        #expect(RehearsalReport.render(first) == RehearsalReport.render(second))
        #expect(first.tallies.contains { $0.held < 60 }, "random faults should miss sometimes")
        #expect(first.tallies.allSatisfy { $0.held > 0 })
        let other = Rehearsal.run(scenario, seed: 1_000, runs: 60)
        #expect(other.tallies != first.tallies)
        // Run k uses seed + k: the first miss replays on its own.
        for tally in first.tallies {
            guard let seed = tally.firstMissSeed else { continue }
            let index = first.tallies.firstIndex(of: tally)!
            #expect(!Rehearsal.check(scenario, seed: seed).outcomes[index].held)
        }
    }

    @Test func manyRunsReportSharesAndFirstMisses() throws {
        let scenario = try Self.load("random-faults-rough-week.yaml")
        let report = RehearsalReport.render(Rehearsal.run(scenario, runs: 20))
        let lines = report.split(separator: "\n")
        #expect(lines[0].hasSuffix(": 20 runs, seeds 7 to 26"))
        #expect(lines.contains { $0.contains("% status completed") })
        #expect(lines.contains { $0.contains("(first miss: seed ") })
        #expect(lines.contains { $0.hasPrefix("      replay: choreo simulate ") })
        #expect(RehearsalReport.percentText(0.835) == " 83.5%")
        #expect(RehearsalReport.percentText(1) == "100.0%")
    }
}
