/// One finished instance of an estimate, named so that it can be simulated again:
/// `Simulation(scenario:seed:replication:)` with the same seed and replication gives the
/// same run.
public struct RunReference: Sendable, Hashable {
    /// The replication the instance ran in.
    public var replication: Int
    /// Its position among the replication's finished instances, in the store's order.
    public var instance: Int
    /// Its completion time in seconds.
    public var duration: Double

    /// Creates a reference to instance `instance` of replication `replication`.
    public init(replication: Int, instance: Int, duration: Double) {
        self.replication = replication
        self.instance = instance
        self.duration = duration
    }

    /// The instance whose completion time is the lower median of `summary` (the middle
    /// value, the lower of the two middle ones for an even count): the first such
    /// instance in replication order, so that the choice does not depend on `--jobs`.
    static func median(of replications: [Replication], summary: SampleSummary) -> RunReference? {
        guard summary.count > 0 else { return nil }
        let target = summary.sorted[(summary.count - 1) / 2]
        for replication in replications {
            for (position, instance) in replication.instances.enumerated()
            where Durations.seconds(instance.duration) == target {
                return RunReference(
                    replication: replication.number, instance: position, duration: target)
            }
        }
        return nil
    }
}
