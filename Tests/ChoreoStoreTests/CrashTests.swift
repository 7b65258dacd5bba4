import ChoreoEngine
import ChoreoStore
import Foundation
import Testing

/// Runs the driver on `path`; SIGKILLs it after `killAfter` unless it ended first.
/// Returns whether it finished on its own.
private func runDriver(_ path: String, killAfter: Duration?) throws -> Bool {
    let driver = try DriverProcess([path, seedWorkflowPath])
    let ending = driver.wait(killingAt: ContinuousClock.now + (killAfter ?? .seconds(300)))
    if ending == .killed { return false }
    #expect(ending == .exited(0), "the driver failed on \(path)")
    return true
}

/// What a run did: each history event's name and step, and each task's step and status.
private func outcome(_ path: String) throws -> (trail: [String], tasks: [String]) {
    let store = try SQLiteStore(path: path, workflows: [seedProgram])
    let instance = try #require(store.allInstances.first)
    #expect(instance.status == .completed)
    let trail = instance.history.map { event in
        event.name + (event.step.map { " " + instance.program.name(of: $0) } ?? "")
    }
    let tasks = store.tasks(instance: instance.id).map { "\($0.id) \($0.stepID) \($0.status)" }
    return (trail, tasks)
}

/// A child process driving the seed workflow is killed with SIGKILL at random points and
/// rerun until it finishes: the end state is the uninterrupted run's, so no command was
/// lost, half-applied or applied twice (seeded delays; replay with the printed seed).
@Test(.enabled(if: FileManager.default.isExecutableFile(atPath: driverPath)))
func killedDriverResumesWithoutLosingOrRepeatingWork() throws {
    let referencePath = temporaryDatabase()
    let referenceStart = ContinuousClock.now
    #expect(try runDriver(referencePath, killAfter: nil))
    // Kills land within an uninterrupted run's length, however fast this machine runs it:
    // fixed delays of up to 120 ms let a quick machine finish most runs before the kill.
    let runMilliseconds = max(4, Int((ContinuousClock.now - referenceStart) / .milliseconds(1)))
    let reference = try outcome(referencePath)
    #expect(reference.tasks.count >= 15)

    let seed: UInt64 = 0x5EED_C0DE
    var state = seed
    var kills = 0
    for repetition in 0..<12 {
        let path = temporaryDatabase()
        var finished = false
        while !finished {
            state = state &+ 0x9E37_79B9_7F4A_7C15
            let delay = Int(splitMix(state) % UInt64(runMilliseconds)) + 2
            finished = try runDriver(path, killAfter: .milliseconds(delay))
            if !finished { kills += 1 }
            precondition(kills < 2_000, "the driver never finished (seed \(seed))")
        }
        let run = try outcome(path)
        #expect(run.trail == reference.trail, "repetition \(repetition), seed \(seed)")
        #expect(run.tasks == reference.tasks, "repetition \(repetition), seed \(seed)")
    }
    // A run killed at a point drawn within its length is killed about half the time, and
    // so is each rerun: about 12 kills in all, at least 6 unless the kills miss the runs.
    #expect(kills >= 6, "the kills should land mid-run (seed \(seed))")
}

private func splitMix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
