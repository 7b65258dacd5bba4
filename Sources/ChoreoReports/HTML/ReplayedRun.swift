/// One instance of an estimate simulated again, with what the report draws from it: task
/// timings, the critical path and each critical step's time split by cause.
///
/// The estimate's replications keep no timings (they would cost memory for every run), so
/// the run is simulated once more; the same seed and replication give the same run.
struct ReplayedRun {
    let reference: RunReference
    let instance: InstanceState
    /// The instance's task timings, in the order they ended.
    let timings: [TaskTiming]
    let path: CriticalPath
    let criticalSteps: [CriticalStep]

    /// Simulates `reference` again; `nil` when the replay does not have that instance.
    init?(_ reference: RunReference, scenario: Scenario, seed: UInt64) {
        var options = SimulationOptions()
        options.recordsTimings = true
        let simulation = Simulation(
            scenario: scenario, seed: seed, replication: UInt64(reference.replication),
            options: options)
        // A run that went out of its bounds still has the instances that had finished.
        try? simulation.run()
        let finished = simulation.store.allInstances.filter { $0.endedAt != nil }
        guard reference.instance < finished.count else { return nil }
        let instance = finished[reference.instance]
        assert(
            Durations.seconds(instance.endedAt! - instance.startedAt) == reference.duration,
            "replaying replication \(reference.replication) gave another run")
        self.reference = reference
        self.instance = instance
        timings = simulation.timings.filter { $0.instance == instance.serial }
        path = CriticalPath(instance)
        criticalSteps = simulation.criticalSteps(of: instance, path: path)
    }

    /// When the instance ended, relative to its start.
    var duration: Microseconds { (instance.endedAt ?? instance.startedAt) - instance.startedAt }
}
