import ArgumentParser
import ChoreoEngine
import ChoreoServer

/// `choreo start WORKFLOW --db FILE --workflows DIR`: starts an instance; prints its id.
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a workflow instance in the live database and print its id.",
        discussion: """
            Inputs come from --inputs (one JSON object) and --input KEY=VALUE (repeatable; \
            a dotted KEY such as model_info.model sets a member of an object input; VALUE \
            is read as JSON when it parses, else as text). --input is applied over \
            --inputs.
            """
    )

    @Argument(help: "The workflow's name.")
    var workflow: String

    @OptionGroup var live: LiveOptions

    @Option(help: "A directory of workflow files (.yaml, .yml), or one workflow file.")
    var workflows: String

    @Option(help: ArgumentHelp("The inputs as one JSON object.", valueName: "json"))
    var inputs: String?

    @Option(
        name: .customLong("input"),
        help: ArgumentHelp("One input (repeatable).", valueName: "key=value"))
    var inputPairs: [String] = []

    func run() async throws {
        let given: Value
        do {
            given = try InputArguments.inputs(json: inputs, pairs: inputPairs)
        } catch {
            StandardError.print("error: \(error.message)")
            throw ExitCode(2)
        }
        let loaded = try LiveOptions.loadWorkflows(workflows)
        let id = try await live.run(workflows: loaded) { engine async throws(LiveRefusal) in
            try await engine.start(workflow: workflow, inputs: given)
        }
        print(id)
    }
}

/// Reading `--inputs JSON` and `--input key=value` into one inputs object.
enum InputArguments {
    /// Most `--input` pairs one command takes, and deepest dotted key.
    static let pairLimit = 1_000
    static let depthLimit = 32

    /// The inputs object: `json` (an object) with each `key=value` of `pairs` set over it.
    static func inputs(json: String?, pairs: [String]) throws(LiveRefusal) -> Value {
        var result: Value = [:]
        if let json {
            guard let parsed = Value(json: json) else {
                throw .invalidArguments("--inputs is not valid JSON: \(json.prefix(60))")
            }
            guard case .object = parsed else {
                throw .invalidArguments("--inputs must be a JSON object, found \(parsed.typeName)")
            }
            result = parsed
        }
        guard pairs.count <= pairLimit else {
            throw .invalidArguments("at most \(pairLimit) --input pairs, found \(pairs.count)")
        }
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw .invalidArguments("--input needs KEY=VALUE, not '\(pair)'")
            }
            let path = pair[..<equals].split(separator: ".", omittingEmptySubsequences: false)
                .map(String.init)
            guard path.count <= depthLimit, !path.contains(where: \.isEmpty) else {
                throw .invalidArguments("--input key '\(pair[..<equals])' is not a dotted name")
            }
            let text = String(pair[pair.index(after: equals)...])
            result = try set(Value(json: text) ?? .string(text), at: path[...], in: result)
        }
        return result
    }

    private static func set(_ value: Value, at path: ArraySlice<String>, in target: Value)
        throws(LiveRefusal) -> Value
    {
        guard let key = path.first else { return value }
        var members: [String: Value]
        switch target {
        case .object(let existing): members = existing
        case .null: members = [:]
        default:
            throw .invalidArguments(
                "--input cannot set '\(key)' inside \(target.typeName) \(target.json)")
        }
        members[key] = try set(value, at: path.dropFirst(), in: members[key] ?? .null)
        return .object(members)
    }
}
