/// Independent random streams derived from `(seed, replication, name)`.
///
/// Each source of randomness in a simulated world (a team's claim delays, one action's
/// durations, a step override, the arrivals) draws from its own named stream. A stream
/// depends only on the seed, the replication number and its own name, so adding, removing
/// or changing one team's behaviour leaves every other stream's draws unchanged: the
/// common random numbers that make what-if comparisons between scenarios sharp.
///
/// The name is hashed with FNV-1a over its UTF-8 bytes (stable across processes and
/// platforms, unlike `hashValue`), then seed, replication and name hash are folded
/// through the SplitMix64 mixer, a bijection, into the seed of a `Xoshiro256StarStar`.
///
/// ```swift
/// let streams = RandomStreams(seed: 42, replication: 7)
/// var durations = streams.stream(named: "team:engineering-team/duration")
/// let minutes = Distribution.exponential(mean: 30).sample(using: &durations)
/// ```
public struct RandomStreams: Sendable, Hashable {
    /// The scenario's (or the command line's) seed.
    public let seed: UInt64

    /// The Monte Carlo replication number, 0 for a single run.
    public let replication: UInt64

    /// Streams for one replication of one seed.
    public init(seed: UInt64, replication: UInt64 = 0) {
        self.seed = seed
        self.replication = replication
    }

    /// The generator for the stream called `name` in this replication.
    public func stream(named name: String) -> Xoshiro256StarStar {
        Self.stream(seed: seed, replication: replication, name: name)
    }

    /// The generator for the stream called `name` in replication `replication` of `seed`.
    ///
    /// The same three arguments give the same sequence in every process.
    public static func stream(seed: UInt64, replication: UInt64, name: String)
        -> Xoshiro256StarStar
    {
        stream(seed: seed, replication: replication, nameHash: fnv1a64(name))
    }

    /// The same stream from its name's `fnv1a64` hash, computed once where a name serves
    /// many replications.
    public static func stream(seed: UInt64, replication: UInt64, nameHash: UInt64)
        -> Xoshiro256StarStar
    {
        Xoshiro256StarStar(seed: fold(fold(fold(0, seed), replication), nameHash))
    }

    /// Mixes `value` into `key`: the first SplitMix64 output seeded with `key ^ value`.
    /// For a fixed `key` this is a bijection of `value`, so distinct names (hashes) and
    /// distinct replications never collide before the final 64-bit key.
    private static func fold(_ key: UInt64, _ value: UInt64) -> UInt64 {
        SplitMix64.mix((key ^ value) &+ SplitMix64.increment)
    }

    /// The 64-bit FNV-1a hash of the UTF-8 bytes of `text`.
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
