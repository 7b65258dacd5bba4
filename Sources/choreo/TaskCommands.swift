import ArgumentParser
import ChoreoEngine
import ChoreoServer

/// `choreo tasks TEAM --db FILE [--json]`: a team's open tasks.
struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks", abstract: "List a team's open tasks (pending and claimed).")

    @Argument(help: "The team, e.g. engineering-team.")
    var team: String

    @OptionGroup var live: LiveOptions

    @Flag(help: "Print {tasks: [...]} as get_team_tasks answers.")
    var json = false

    func run() async throws {
        let tasks = try await live.open().tasks(team: team)
        if json {
            print(Value.object(["tasks": .list(tasks.map(LiveJSON.task))]).prettyJSON)
            return
        }
        guard !tasks.isEmpty else {
            print("\(team) has no open tasks")
            return
        }
        for task in tasks {
            var line = "\(task.id)  \(task.kind.rawValue)  \(task.instanceID)  \(task.stepID)"
            line += "  \(task.action)  \(task.status.rawValue)"
            if let agent = task.claimedBy { line += " by \(agent)" }
            if let deadline = task.deadline {
                line += "  due \(CivilTime(timestamp: deadline).isoText)"
            }
            print(line)
        }
    }
}

/// `choreo claim TASK --team T [--agent A] --db FILE`.
struct ClaimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim",
        abstract: "Claim a pending task for its team; the claim holds for --lease.")

    @Argument(help: "The task, e.g. task-1.") var task: String
    @Option(help: "The team the task is offered to.") var team: String
    @Option(help: "Who works on it (default: the team).") var agent: String?
    @OptionGroup var live: LiveOptions

    func run() async throws {
        let receipt = try await live.run { engine async throws(LiveRefusal) in
            try await engine.claim(task: task, team: team, agent: agent ?? team)
        }
        let until = receipt.leaseExpiresAt.map { CivilTime(timestamp: $0).isoText } ?? "?"
        print("\(receipt.task.id) claimed by \(receipt.task.claimedBy ?? team) until \(until)")
    }
}

/// `choreo complete TASK --output JSON [--outcome partial] --db FILE`.
struct CompleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complete", abstract: "Complete a claimed task with its output.")

    @Argument(help: "The task, e.g. task-1.") var task: String
    @Option(help: ArgumentHelp("The output, a JSON object.", valueName: "json")) var output: String
    @Option(help: "success (default) or partial.") var outcome: Outcome = .success
    @Option(help: "The agent that claimed it; refused if another agent holds the claim now.")
    var agent: String?
    @OptionGroup var live: LiveOptions

    func run() async throws {
        guard let fields = Value(json: output), case .object = fields else {
            StandardError.print(
                "error: --output must be a JSON object, such as '{\"report\": \"ok\"}'")
            throw ExitCode(2)
        }
        printReceipt(
            try await live.run { engine async throws(LiveRefusal) in
                try await engine.complete(
                    task: task, output: fields, outcome: outcome, agent: agent)
            })
    }
}

/// `choreo fail TASK --error-type E --message M --db FILE`.
struct FailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fail",
        abstract: "Report that a claimed task failed; the workflow's handlers take over.")

    @Argument(help: "The task, e.g. task-1.") var task: String
    @Option(help: "The error type handlers match, e.g. test_failure.") var errorType: String
    @Option(help: "What went wrong.") var message: String
    @Option(help: "The agent that claimed it; refused if another agent holds the claim now.")
    var agent: String?
    @OptionGroup var live: LiveOptions

    func run() async throws {
        printReceipt(
            try await live.run { engine async throws(LiveRefusal) in
                try await engine.fail(
                    task: task, errorType: errorType, message: message, agent: agent)
            })
    }
}

/// `choreo decide TASK --team T [--role R] --decision D [--comment C] --db FILE`.
struct DecideCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Decide an approval (approve, reject) or an escalation (retry, skip, abort).")

    @Argument(help: "The approval or escalation task, e.g. task-2.") var task: String
    @Option(help: "The deciding team.") var team: String
    @Option(help: "The role the decider holds, when the approval names one.") var role: String?
    @Option(help: "approve, reject, retry, skip or abort.") var decision: Decision
    @Option(help: "Why, for the history.") var comment: String?
    @OptionGroup var live: LiveOptions

    func run() async throws {
        printReceipt(
            try await live.run { engine async throws(LiveRefusal) in
                try await engine.decide(
                    task: task, team: team, role: role, decision: decision, comment: comment)
            })
    }
}

/// `task-3 completed; wf-… running`.
private func printReceipt(_ receipt: TaskReceipt) {
    print(
        "\(receipt.task.id) \(receipt.task.status.rawValue); \(receipt.task.instanceID) "
            + receipt.instanceStatus.rawValue)
}

extension Outcome: ExpressibleByArgument {}
extension Decision: ExpressibleByArgument {}
