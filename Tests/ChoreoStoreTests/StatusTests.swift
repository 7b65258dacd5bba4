import ChoreoReports
import ChoreoStore
import Foundation
import Testing

/// `choreo status` on a database a live engine writes: the seed's workflow played on an
/// SQLite store with a manual clock, then read back by a second connection, as the
/// command does from another process.
@Suite struct StatusTests {
    static let walkthrough: Scenario = {
        let root = #filePath.components(separatedBy: "/Tests/").first!
        return try! ScenarioLoader.load(
            path: root + "/Scenarios/ai-model-update/seed-walkthrough.yaml")
    }()

    /// Moves up to the CFO's approval, offered at 12:49 and pending for 45 minutes.
    static let untilTheApproval = Array(seedScript.prefix(7))

    /// A database holding the seed's instance after `moves`, and the clock then.
    static func database(after moves: [Move]) throws -> (path: String, now: Microseconds) {
        let path = temporaryDatabase()
        let clock = ManualClock(now: seedStart)
        let store = try SQLiteStore(path: path, workflows: [seedProgram])
        let engine = Engine(clock: clock, store: store, workflows: [seedProgram.definition])
        let driver = Driver(clock: clock, engine: engine, timers: { store.pendingTimers })
        for move in moves { try driver.play(move) }
        return (path, clock.now)
    }

    static let instanceID = "wf-2025-01-22-ai-model-update-001"

    static func report(
        _ path: String, id: String = instanceID, scenario: Scenario? = walkthrough,
        now: Microseconds, runs: Int = 20
    ) throws -> StatusReport {
        let store = try SQLiteStore(path: path, creating: false)
        return try StatusReport.make(
            instanceID: id, in: store, knownIDs: { store.instanceIDs }, scenario: scenario,
            runs: runs, seed: nil, now: now)
    }

    @Test func theEstimateAtTheApprovalIsWhatASimulatedRunTakesFromThere() throws {
        let (path, now) = try Self.database(after: Self.untilTheApproval)
        let report = try Self.report(path, now: now)
        // The scripted world is constant: from the approval's offer to the end, every
        // continuation takes what `choreo simulate` takes from that offer.
        let simulation = Simulation(scenario: Self.walkthrough)
        try simulation.run()
        let run = try #require(simulation.store.allInstances.first)
        let offered = try #require(run.node("cost_approval")).offeredAt
        let expected = Durations.seconds(try #require(run.endedAt) - offered)
        guard case .simulated(let scenario, let remaining) = report.estimate else {
            Issue.record("no simulated estimate: \(report.estimate)")
            return
        }
        #expect(scenario == "seed-walkthrough")
        #expect(remaining.samples == Array(repeating: expected, count: 20))
        #expect(remaining.statuses == Array(repeating: .completed, count: 20))
        let text = report.text
        for line in [
            "Status: RUNNING", "Started: 3h34m ago", "✓ initial_assessment", "▶ cost_approval",
            "CFO (45m10s left)",
            "⏸ final_report", "Alerts: initial_assessment team_timeout",
            "Est. Completion: in \(EstimateReport.span(expected)), ",
            "simulated: 20 continuations of seed-walkthrough (seed 42)",
        ] {
            #expect(text.contains(line), "missing: \(line)\n\(text)")
        }
    }

    @Test func theJSONStatusHasTheStepsAndTheEstimatePercentiles() throws {
        let (path, now) = try Self.database(after: Self.untilTheApproval)
        let value = try Self.report(path, now: now, runs: 5).value
        #expect(value["status"] == "running")
        #expect(value["current_step"] == "cost_approval")
        #expect(value["now"] == .string(CivilTime(timestamp: now).isoText))
        guard case .list(let steps) = value["steps"] else {
            Issue.record("no steps in \(value)")
            return
        }
        let statuses = steps.map {
            "\($0["id"].stringValue ?? ""): \($0["status"].stringValue ?? "")"
        }
        #expect(statuses.starts(with: ["initial_assessment: completed"]))
        #expect(statuses.contains("cost_approval: offered"))
        let estimate = value["estimate"]
        #expect(estimate["runs"] == 5)
        #expect(estimate["status"]["completed"] == 5)
        #expect(estimate["steps"]["cost_approval"]["p50"] == .number(45 * 60 + 10))
        for key in ["p50", "p90", "p95", "p99"] {
            #expect(estimate["remaining"][key].numberValue ?? 0 > 0, "remaining \(key)")
            #expect(estimate["completion"][key].stringValue?.hasPrefix("2025-01-22T") == true)
        }
    }

    @Test func withoutAScenarioTheStatusSaysThereIsNoEstimate() throws {
        let (path, now) = try Self.database(after: Self.untilTheApproval)
        let report = try Self.report(path, scenario: nil, now: now)
        #expect(report.text.contains("Est. Completion: unknown: no scenario given"))
        #expect(report.text.contains("(--scenario FILE simulates the rest)"))
        #expect(report.value["estimate"] == .null)
    }

    @Test func aFinishedInstanceSaysWhenItEnded() throws {
        let (path, now) = try Self.database(after: seedScript)
        let report = try Self.report(path, now: now + Durations.hour)
        #expect(report.text.contains("Status: COMPLETED"))
        #expect(
            report.text.contains(
                "Est. Completion: ended at \(CivilTime(timestamp: now).logText) UTC"))
        #expect(report.value["ended_at"] == .string(CivilTime(timestamp: now).isoText))
    }

    @Test func anUnknownInstanceNamesTheNearestOnes() throws {
        let (path, now) = try Self.database(after: [.start, .start, .start])
        #expect {
            try Self.report(path, id: "wf-2025-01-22-ai-model-update-01", now: now)
        } throws: { error in
            "\(error)" == "no instance 'wf-2025-01-22-ai-model-update-01' (did you mean "
                + "'wf-2025-01-22-ai-model-update-001', 'wf-2025-01-22-ai-model-update-002' "
                + "or 'wf-2025-01-22-ai-model-update-003'?)"
        }
        #expect {
            try Self.report(path, id: "nightly-build", now: now)
        } throws: { error in
            "\(error)" == "no instance 'nightly-build'; there are 3, the latest "
                + "'wf-2025-01-22-ai-model-update-003', 'wf-2025-01-22-ai-model-update-002' "
                + "and 'wf-2025-01-22-ai-model-update-001'"
        }
    }

    @Test func aScenarioOfAnotherWorkflowIsRefused() throws {
        let (path, now) = try Self.database(after: Self.untilTheApproval)
        let other = try WorkflowLoader.load(
            yaml: "name: other\nsteps:\n  - { id: only, team: a, action: b }", file: "other.yaml")
        let scenario = Scenario(name: "elsewhere", file: "elsewhere.yaml", workflow: other)
        #expect {
            try Self.report(path, scenario: scenario, now: now)
        } throws: { error in
            "\(error)" == "scenario 'elsewhere' (elsewhere.yaml) simulates workflow 'other', "
                + "but instance \(Self.instanceID) runs 'ai-model-update'"
        }
    }

    @Test func aStatusBeforeTheInstancesLastEventIsRefused() throws {
        let (path, now) = try Self.database(after: Self.untilTheApproval)
        #expect {
            try Self.report(path, now: now - Durations.hour)
        } throws: { error in
            "\(error)".contains("a status at 2025-01-22T12:34:00Z would be before that")
        }
    }

    @Test func aMissingEmptyOrForeignFileIsRefusedAndLeftAlone() throws {
        let missing = temporaryDatabase()
        #expect(throws: SQLiteStoreError.missing(path: missing)) {
            try SQLiteStore(path: missing, creating: false)
        }
        #expect(!FileManager.default.fileExists(atPath: missing))
        let empty = temporaryDatabase()
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        #expect(throws: SQLiteStoreError.missing(path: empty)) {
            try SQLiteStore(path: empty, creating: false)
        }
        #expect(FileManager.default.contents(atPath: empty) == Data())
        let text = temporaryDatabase("notes.txt")
        #expect(FileManager.default.createFile(atPath: text, contents: Data("hello\n".utf8)))
        #expect {
            try SQLiteStore(path: text, creating: false)
        } throws: { error in
            "\(error)".contains("is not a Choreo database (it is not an SQLite file)")
        }
    }
}
