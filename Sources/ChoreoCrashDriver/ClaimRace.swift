import ChoreoEngine
import ChoreoStore
import Foundation

/// One contender of the multi-process claim race: its own process, store and engine on
/// the shared file, claiming every open engineering task as soon as the race starts.
enum ClaimRace {
    static let team = "engineering-team"

    static func run(database: String, workflow: String, agent: String, go: String) throws {
        let program = WorkflowProgram(try WorkflowLoader.load(path: workflow))
        let store = try SQLiteStore(path: database, workflows: [program])
        let engine = Engine(clock: ManualClock(now: 1_737_540_000_000_000), store: store)
        engine.register(program)
        let numbers = engine.tasks(team: team).map(\.number)
        waitForStart(go)
        var lines: [String] = []
        for number in numbers {
            do {
                try engine.claim(task: number, team: team, agent: agent)
                lines.append("won \(number)")
            } catch {
                guard error.code == .alreadyClaimed else { throw error }
                lines.append("refused \(number)")
            }
        }
        print(lines.joined(separator: "\n"))
    }

    /// Spins until `path` exists, so that every contender starts claiming at once.
    private static func waitForStart(_ path: String) {
        let deadline = ContinuousClock.now + .seconds(30)
        while !FileManager.default.fileExists(atPath: path) {
            precondition(ContinuousClock.now < deadline, "the race never started (\(path))")
            usleep(100)
        }
    }
}
