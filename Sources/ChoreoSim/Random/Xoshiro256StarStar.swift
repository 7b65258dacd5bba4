/// xoshiro256**, Blackman and Vigna's all-purpose 64-bit generator: 256 bits of state,
/// period 2²⁵⁶ − 1, fast, and passing every standard statistical test suite.
///
/// Every random draw in a simulation comes from one of these, handed in by the caller and
/// seeded through `RandomStreams` (never from `SystemRandomNumberGenerator`), so a run is
/// reproduced exactly by its seed. The algorithm is the reference `xoshiro256starstar.c`;
/// `init(seed:)` fills the state from `SplitMix64(seed:)`, as its authors recommend.
///
/// ```swift
/// var generator = Xoshiro256StarStar(seed: 42)
/// let roll = generator.nextIndex(below: 6) + 1
/// let fraction = generator.nextUnit()
/// ```
@frozen
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Hashable {
    @usableFromInline internal var state0: UInt64
    @usableFromInline internal var state1: UInt64
    @usableFromInline internal var state2: UInt64
    @usableFromInline internal var state3: UInt64

    /// Creates a generator whose state is the first four outputs of `SplitMix64(seed:)`.
    @inlinable
    public init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        self.init(state: (mixer.next(), mixer.next(), mixer.next(), mixer.next()))
    }

    /// Creates a generator with exactly this state, which must not be all zeros (the one
    /// state the generator never leaves).
    @inlinable
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(
            state.0 | state.1 | state.2 | state.3 != 0,
            "xoshiro256** state must not be all zeros")
        (state0, state1, state2, state3) = state
    }

    /// The current state, for saving a generator and resuming it with `init(state:)`.
    @inlinable
    public var state: (UInt64, UInt64, UInt64, UInt64) {
        (state0, state1, state2, state3)
    }

    /// Advances the state and returns the next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = Self.rotateLeft(state1 &* 5, by: 7) &* 9
        let shifted = state1 &<< 17
        state2 ^= state0
        state3 ^= state1
        state1 ^= state2
        state0 ^= state3
        state2 ^= shifted
        state3 = Self.rotateLeft(state3, by: 45)
        return result
    }

    @inlinable
    @inline(__always)
    internal static func rotateLeft(_ value: UInt64, by distance: UInt64) -> UInt64 {
        (value &<< distance) | (value &>> (64 &- distance))
    }
}
