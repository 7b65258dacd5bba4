import ChoreoEngine
import ChoreoStore
import Foundation
import Testing

/// Separate processes, each with its own connection, store and engine, race to claim the
/// same open tasks of one file at the same moment: every task has exactly one winner, every
/// other contender is refused with `alreadyClaimed`, and the database agrees with the
/// winners (each instance records one claim). Repeated with fresh files; the contenders
/// walk the queue in the same order, so that they collide on every task.
@Test(.enabled(if: FileManager.default.isExecutableFile(atPath: driverPath)))
func separateProcessesClaimEachTaskExactlyOnce() throws {
    let contenders = 4
    let tasksPerRace = 16
    for repetition in 0..<6 {
        let path = temporaryDatabase()
        do {
            let store = try SQLiteStore(path: path, workflows: [seedProgram])
            let engine = Engine(clock: ManualClock(now: seedStart), store: store)
            engine.register(seedProgram)
            for _ in 0..<tasksPerRace {
                try engine.start(workflow: seedProgram.definition.name, inputs: seedInputs)
            }
        }
        let go = path + ".go"
        let outputs = (0..<contenders).map { path + ".agent-\($0).txt" }
        let drivers = try (0..<contenders).map { contender in
            try DriverProcess(
                ["claim", path, seedWorkflowPath, "agent-\(contender)", go],
                output: outputs[contender])
        }
        #expect(FileManager.default.createFile(atPath: go, contents: Data()))
        let deadline = ContinuousClock.now + .seconds(60)
        for driver in drivers {
            #expect(driver.wait(killingAt: deadline) == .exited(0), "repetition \(repetition)")
        }

        var winners: [Int: [String]] = [:]
        var refusals = 0
        for (contender, output) in outputs.enumerated() {
            let text = try String(contentsOfFile: output, encoding: .utf8)
            let lines = text.split(separator: "\n")
            #expect(lines.count == tasksPerRace, "agent-\(contender) reported \(lines.count)")
            for line in lines {
                let words = line.split(separator: " ")
                let number = try #require(Int(words[1]))
                if words[0] == "won" {
                    winners[number, default: []].append("agent-\(contender)")
                } else {
                    #expect(words[0] == "refused", "\(line)")
                    refusals += 1
                }
            }
        }
        #expect(refusals == (contenders - 1) * tasksPerRace, "repetition \(repetition)")

        let store = try SQLiteStore(path: path, workflows: [seedProgram])
        let tasks = store.openTasks(team: "engineering-team")
        #expect(tasks.count == tasksPerRace)
        for task in tasks {
            #expect(winners[task.number]?.count == 1, "\(task.id): \(winners[task.number] ?? [])")
            #expect(task.status == .claimed)
            #expect(task.claimedBy == winners[task.number]?.first)
            let instance = try #require(store.instance(serial: task.instance))
            let claims = instance.history.filter {
                if case .taskClaimed = $0.kind { return true }
                return false
            }
            #expect(claims.count == 1, "\(instance.id) recorded \(claims.count) claims")
        }
    }
}
