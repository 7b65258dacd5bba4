import Foundation

// The child processes of ChoreoStoreTests' multi-process tests, over one SQLite file:
//
//   choreo-crash-driver DATABASE WORKFLOW.yaml
//       Drives the seed workflow to its end, one command at a time, resuming from
//       whatever the database holds: the crash test kills it with SIGKILL at random points.
//   choreo-crash-driver claim DATABASE WORKFLOW.yaml AGENT GO_FILE
//       Waits for GO_FILE to exist, then tries to claim every open task of the
//       engineering team as AGENT, printing `won N` or `refused N` per task.

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "claim" where arguments.count == 5:
    try ClaimRace.run(
        database: arguments[1], workflow: arguments[2], agent: arguments[3], go: arguments[4])
case _ where arguments.count == 2:
    try SeedRun(database: arguments[0], workflow: arguments[1]).run()
default:
    FileHandle.standardError.write(
        Data(
            ("usage: choreo-crash-driver DATABASE WORKFLOW\n"
                + "       choreo-crash-driver claim DATABASE WORKFLOW AGENT GO_FILE\n").utf8))
    exit(2)
}
