/// SplitMix64, Vigna's 64-bit generator: a Weyl sequence passed through a strong mixer.
///
/// It is used to derive seeds (for `Xoshiro256StarStar` and for `RandomStreams`), not to
/// drive a simulation: its period is only 2⁶⁴ and nearby seeds give overlapping sequences.
/// The algorithm is the reference `splitmix64.c`; seeded with 1234567 its first output is
/// 6457827717110365317.
///
/// ```swift
/// var mixer = SplitMix64(seed: 1234567)
/// mixer.next()  // 6457827717110365317
/// ```
@frozen
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The golden-ratio increment of the Weyl sequence, `0x9e3779b97f4a7c15`.
    public static let increment: UInt64 = 0x9e37_79b9_7f4a_7c15

    /// The position in the Weyl sequence; the next output mixes `state + increment`.
    public var state: UInt64

    /// Creates a generator whose first output mixes `seed + increment`.
    @inlinable
    public init(seed: UInt64) {
        state = seed
    }

    /// Advances the sequence and returns the mixed value.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= Self.increment
        return Self.mix(state)
    }

    /// The SplitMix64 output function (Stafford's variant 13): a bijection of `UInt64`
    /// whose outputs change about half their bits when one input bit changes.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z &>> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z &>> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z &>> 31)
    }
}
