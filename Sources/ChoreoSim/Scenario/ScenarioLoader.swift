import ChoreoModel

/// The outcome of loading a scenario: the scenario if neither it nor its workflow had an
/// error, and every diagnostic of both files.
public struct ScenarioLoadResult: Sendable {
    /// The scenario, or `nil` if any error was found: a scenario never half-loads.
    public var scenario: Scenario?
    /// Errors and warnings: the scenario file's, sorted by position, then its workflow's,
    /// sorted by position and named by the workflow's own file.
    public var diagnostics: [Diagnostic]
    /// The scenario file's text as read (empty if it could not be read).
    public var source: String
    /// The workflow's own load, if its file could be read.
    public var workflow: LoadResult?
    /// The workflow's file as diagnostics name it, if the scenario named one.
    public var workflowFile: String?

    /// A result as the loader makes it; tests and tools may make their own.
    public init(
        scenario: Scenario?, diagnostics: [Diagnostic], source: String,
        workflow: LoadResult? = nil, workflowFile: String? = nil
    ) {
        self.scenario = scenario
        self.diagnostics = diagnostics
        self.source = source
        self.workflow = workflow
        self.workflowFile = workflowFile
    }

    /// The errors among the diagnostics.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    /// The warnings among the diagnostics.
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

    /// The text of the file `diagnostic` points into, to render it with.
    public func source(of diagnostic: Diagnostic) -> String {
        if let workflowFile, diagnostic.file == workflowFile { return workflow?.source ?? "" }
        return source
    }
}

/// Loads scenarios (DESIGN.md, "The scenario language") from YAML, with the workflow they
/// name, checking every field against that workflow and reporting every problem at its
/// line and column, as `WorkflowLoader` does for workflows.
///
/// Defaults: `seed` 1 (`defaultSeed`), `start` Monday 2025-01-06 09:00 UTC
/// (`defaultStart`: the start of a working week, so that office-hours calendars do not
/// delay the first instance), `arrivals` one instance, `inputs` none.
///
/// ```swift
/// let scenario = try ScenarioLoader.load(path: "Scenarios/ai-model-update/typical-week.yaml")
/// let result = ScenarioLoader.loadResult(path: path)
/// for diagnostic in result.diagnostics {
///     print(diagnostic.rendered(source: result.source(of: diagnostic)))
/// }
/// ```
public enum ScenarioLoader {
    /// The seed of a scenario that names none.
    public static let defaultSeed: UInt64 = 1

    /// When a scenario that names no `start` begins: Monday 2025-01-06T09:00:00Z.
    public static let defaultStart: Microseconds =
        CivilTime(year: 2025, month: 1, day: 6, hour: 9).timestamp

    /// The scenario in the file at `path`; throws every diagnostic if there is an error.
    public static func load(path: String) throws(LoadError) -> Scenario {
        try scenario(of: loadResult(path: path))
    }

    /// The scenario in `yaml`; throws every diagnostic if there is an error.
    public static func load(yaml: String, file: String, baseDirectory: String)
        throws(LoadError) -> Scenario
    {
        try scenario(of: loadResult(yaml: yaml, file: file, baseDirectory: baseDirectory))
    }

    /// Loads the file at `path` (at most `LoadLimits.maximumFileBytes` of it); its
    /// `workflow:` is found relative to the file's directory.
    public static func loadResult(path: String) -> ScenarioLoadResult {
        let bytes: [UInt8]
        do {
            bytes = try WorkflowLoader.readBytes(path: path)
        } catch {
            let message = "cannot read the file: \(error.localizedDescription)"
            return ScenarioLoadResult(
                scenario: nil, diagnostics: [Diagnostic(.error, file: path, at: .start, message)],
                source: "")
        }
        switch SourceChecks.decode(bytes, file: path) {
        case .success(let text):
            return loadResult(
                yaml: text, file: path, baseDirectory: ScenarioPaths.directory(of: path))
        case .failure(let diagnostic):
            let source = String(decoding: bytes.prefix(LoadLimits.maximumFileBytes), as: UTF8.self)
            return ScenarioLoadResult(scenario: nil, diagnostics: [diagnostic], source: source)
        }
    }

    /// Loads YAML text; `file` names it in diagnostics and in the scenario, and a relative
    /// `workflow:` path is found from `baseDirectory`.
    public static func loadResult(yaml: String, file: String, baseDirectory: String)
        -> ScenarioLoadResult
    {
        let text = SourceChecks.withoutByteOrderMark(yaml)
        let session = LoadSession(file: file, source: SourceText(text))
        var built = ScenarioBuilder.Built()
        if let root = session.document(text) {
            built = ScenarioBuilder(session: session, baseDirectory: baseDirectory).build(root)
        }
        let own = SourceChecks.finish(session.diagnostics, source: session.source)
        let diagnostics = own + (built.workflow?.result.diagnostics ?? [])
        let failed = diagnostics.contains { $0.severity == .error }
        return ScenarioLoadResult(
            scenario: failed ? nil : built.scenario, diagnostics: diagnostics, source: text,
            workflow: built.workflow?.result, workflowFile: built.workflow?.file)
    }

    private static func scenario(of result: ScenarioLoadResult) throws(LoadError) -> Scenario {
        guard let scenario = result.scenario else {
            throw LoadError(diagnostics: result.diagnostics)
        }
        return scenario
    }
}

/// The bounds a scenario stays within, each reported as a clear error when crossed.
public enum ScenarioLimits {
    /// The most instances `arrivals.count` may ask for.
    public static let maximumArrivals = 10_000_000
    /// The most agents one team may have.
    public static let maximumAgents = 100_000
    /// The highest attempt number a step override's `attempts:` may name.
    public static let maximumAttempt = 1_000
}
