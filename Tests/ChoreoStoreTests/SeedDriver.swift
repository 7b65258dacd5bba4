import ChoreoEngine
import ChoreoStore
import Foundation
import Testing

/// The seed workflow file, found from this test file.
let seedWorkflowPath: String = {
    let root = #filePath.components(separatedBy: "/Tests/").first!
    return root + "/Scenarios/workflows/ai-model-update.yaml"
}()

let seedProgram: WorkflowProgram = {
    WorkflowProgram(try! WorkflowLoader.load(path: seedWorkflowPath))
}()

let seedStart = CivilTime(year: 2025, month: 1, day: 22, hour: 10).timestamp
let minute = Durations.minute
let hour = Durations.hour

let seedInputs: Value = [
    "model_info": [
        "provider": "OpenAI", "current_model": "gpt-4", "model": "gpt-4-turbo",
        "reason": "Improved performance and cost efficiency", "urgency": "medium",
    ]
]

/// One move of a scripted run: what an agent or the passing of time does.
enum Move: Sendable {
    case start
    /// Time passes; due timers fire on the way, in order.
    case advance(Microseconds)
    /// `team` claims its oldest pending task.
    case claim(String)
    /// `team` completes its oldest claimed task.
    case complete(String, Value, Outcome)
    case decide(String, role: String?, Decision)
}

/// The seed's walkthrough, with a timed-out first assessment (retried) on the way so
/// that timers and a withdrawn task are part of the run.
let seedScript: [Move] = {
    var moves: [Move] = [.start, .advance(2 * hour + 5 * minute), .advance(15 * minute)]
    moves += [.claim("engineering-team"), .advance(29 * minute)]
    moves.append(
        .complete(
            "engineering-team",
            ["compatibility_report": "Compatible with minor config changes", "cost_delta": 650],
            .success))
    moves += [.advance(45 * minute), .decide("executive-team", role: "cfo", .approve)]
    moves += [.claim("engineering-team"), .claim("marketing-team"), .claim("sales-team")]
    moves += [.advance(30 * minute), .complete("engineering-team", ["result": "PASS"], .success)]
    moves += [.advance(5 * minute), .complete("sales-team", ["failed_scenarios": 2], .partial)]
    moves += [.advance(5 * minute), .complete("marketing-team", ["quality": 9.2], .success)]
    let work: [(String, Value, Microseconds)] = [
        ("qa-team", ["recommendation": "proceed", "risks": ["retraining"]], 15 * minute),
        ("devops-automation-team", ["plan": "revert to gpt-4"], 5 * minute),
        ("engineering-team", ["updated": true], 10 * Durations.second),
        ("qa-team", ["updated": true], 10 * Durations.second),
        ("operations-team", ["errors": 0], 2 * hour),
        ("sales-team", ["updated": true], 10 * Durations.second),
        ("support-team", ["updated": true], 10 * Durations.second),
        ("marketing-team", ["updated": true], 10 * Durations.second),
        ("operations-team", ["metrics": "normal"], 4 * hour),
        ("analytics-team", ["report": "Deployed gpt-4-turbo"], 14 * minute),
    ]
    for (team, output, duration) in work {
        moves += [.claim(team), .advance(duration), .complete(team, output, .success)]
    }
    return moves
}()

/// Plays moves on an engine over any store; `timers` lists the store's pending timers.
struct Driver {
    let clock: ManualClock
    let engine: Engine
    let timers: () -> [TimerRecord]

    func play(_ move: Move) throws {
        switch move {
        case .start:
            try engine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
        case .advance(let duration):
            let target = clock.now + duration
            while let next = timers().first, next.at <= target {
                clock.advance(to: max(clock.now, next.at))
                engine.timerFired(next.id)
            }
            clock.advance(to: target)
        case .claim(let team):
            let task = try #require(engine.tasks(team: team).first { $0.status == .pending })
            try engine.claim(task: task.number, team: team, agent: "\(team)-agent")
        case .complete(let team, let output, let outcome):
            let task = try #require(engine.tasks(team: team).first { $0.status == .claimed })
            try engine.complete(task: task.number, output: output, outcome: outcome)
        case .decide(let team, let role, let decision):
            let task = try #require(engine.tasks(team: team).first)
            try engine.decide(task: task.number, team: team, role: role, decision: decision)
        }
        engine.drainEffects { _ in }
    }
}

/// A fresh database file path in a fresh directory inside `testScratch`.
func temporaryDatabase(_ name: String = "choreo.db") -> String {
    let directory = testScratch.appendingPathComponent(UUID().uuidString)
    try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent(name).path
}

/// The one directory this test process keeps its files in (databases, and what the crash
/// test's children write into them), removed when the process exits, so that test runs
/// leave nothing behind in the temporary directory.
let testScratch: URL = {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("choreo-store-tests-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: testScratch) }
    return directory
}()
