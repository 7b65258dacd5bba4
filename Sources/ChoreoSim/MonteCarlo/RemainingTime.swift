/// How much longer an instance of a simulated run will take, seen from a moment inside
/// it: the run is replayed to that moment, then continued `forks` times with fresh random
/// streams (conditional Monte Carlo). Work already under way keeps the duration it drew.
public enum RemainingTime {
    /// Remaining times in seconds of the run's first instance after `moment`, one per fork
    /// that finished; empty if the instance had already ended.
    public static func sample(
        _ blueprint: SimulationBlueprint, seed: UInt64, replication: UInt64 = 0,
        at moment: Microseconds, forks: Int
    ) throws(SimulationError) -> [Double] {
        var remaining: [Double] = []
        var options = SimulationOptions()
        options.recordsTimings = false
        for fork in 1...max(1, forks) {
            let simulation = Simulation(
                blueprint: blueprint, seed: seed, replication: replication, options: options)
            try simulation.run(until: moment)
            guard let instance = simulation.store.allInstances.first, instance.endedAt == nil else {
                return []
            }
            simulation.fork(UInt64(fork))
            try simulation.run()
            if let ended = instance.endedAt { remaining.append(Durations.seconds(ended - moment)) }
        }
        return remaining
    }
}
