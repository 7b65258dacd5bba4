/// What `choreo status` shows of one instance at a moment: the seed's monitoring
/// dashboard, with the completion estimated by simulating the rest of the instance from
/// its current state (or saying why there is no estimate).
///
/// ```swift
/// let store = try SQLiteStore(path: "choreo.db", creating: false)
/// let report = try StatusReport.make(
///     instanceID: "wf-2025-01-22-ai-model-update-001", in: store,
///     knownIDs: { store.instanceIDs }, scenario: scenario, runs: 500, seed: nil, now: now)
/// print(report.text)
/// ```
public struct StatusReport {
    public let instance: InstanceState
    public let now: Microseconds
    public let estimate: CompletionEstimate

    public init(instance: InstanceState, now: Microseconds, estimate: CompletionEstimate) {
        self.instance = instance
        self.now = now
        self.estimate = estimate
    }

    /// The report on instance `id` of `store` at `now`. With a `scenario`, the rest of a
    /// running instance is simulated `runs` times from its state (`seed`, default the
    /// scenario's); `knownIDs` lists the store's instances, asked only to suggest one for
    /// an unknown `id`.
    ///
    /// Refused when `id` is unknown, the scenario simulates another workflow, or `now` is
    /// before the instance's last event.
    public static func make(
        instanceID id: String, in store: any Store, knownIDs: () -> [String],
        scenario: Scenario?, runs: Int, seed: UInt64?, now: Microseconds
    ) throws(StatusError) -> StatusReport {
        guard let instance = store.instance(id: id), let handover = store.handover(ofInstance: id)
        else {
            throw StatusError.unknownInstance(id, known: knownIDs())
        }
        let workflow = instance.program.definition.name
        if let scenario, scenario.workflow.name != workflow {
            throw StatusError(
                "scenario '\(scenario.name)' (\(scenario.file)) simulates workflow "
                    + "'\(scenario.workflow.name)', but instance \(id) runs '\(workflow)'")
        }
        guard now >= handover.lastEventTime else {
            throw StatusError(
                "instance \(id) is as of \(CivilTime(timestamp: handover.lastEventTime).isoText); "
                    + "a status at \(CivilTime(timestamp: now).isoText) would be before that")
        }
        if let ended = instance.endedAt {
            return StatusReport(instance: instance, now: now, estimate: .ended(at: ended))
        }
        guard let scenario else {
            return StatusReport(instance: instance, now: now, estimate: .noScenario)
        }
        do {
            let remaining = try RemainingTime.estimate(
                handover, scenario: scenario, now: now, runs: runs, seed: seed ?? scenario.seed)
            return StatusReport(
                instance: instance, now: now,
                estimate: .simulated(scenario: scenario.name, remaining))
        } catch {
            throw StatusError(error.message)
        }
    }

    /// The dashboard.
    public var text: String {
        Dashboard.render(
            instance, now: now, estimate: estimate.text(now: now), stepNotes: estimate.stepNotes)
    }

    /// The `choreo status --json` object: `choreo simulate --json`'s run summary (status,
    /// times, every step with its status), plus `now`, `current_step`, `progress`,
    /// `alerts`, the `estimate` (percentiles of the remaining seconds and of the
    /// completion time, final statuses; `null` without one) and an `estimate_note`.
    public var value: Value {
        guard case .object(var object) = RunSummary.value(instance) else {
            preconditionFailure("a run summary is an object")
        }
        let (done, total) = Dashboard.progress(instance)
        object["now"] = .string(CivilTime(timestamp: now).isoText)
        object["current_step"] = instance.currentStep.map(Value.string) ?? .null
        object["progress"] = ["done": .number(Double(done)), "total": .number(Double(total))]
        object["alerts"] = .list(Dashboard.alerts(instance).map(Value.string))
        object["estimate"] = estimate.value
        object["estimate_note"] = .string(estimate.note(now: now))
        return .object(object)
    }
}

/// Why a status cannot be shown.
public struct StatusError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }

    /// No instance `id` among `known`: names the nearest as likely typos, else the latest.
    static func unknownInstance(_ id: String, known: [String]) -> StatusError {
        let nearest = Suggestions.nearest(to: id, among: known, count: 3).map { "'\($0)'" }
        guard nearest.isEmpty else {
            return StatusError("no instance '\(id)' (did you mean \(Suggestions.list(nearest))?)")
        }
        guard !known.isEmpty else { return StatusError("no instance '\(id)': there are none") }
        let latest = known.suffix(3).reversed().map { "'\($0)'" }
        return StatusError(
            "no instance '\(id)'; there are \(known.count), the latest "
                + Suggestions.list(latest, conjunction: "and"))
    }
}
