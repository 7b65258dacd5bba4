import ChoreoSim
import Testing

/// Returns the same 64 bits every time, to pin down how draws use the bits.
private struct FixedBits: RandomNumberGenerator {
    let bits: UInt64
    mutating func next() -> UInt64 { bits }
}

@Test func splitMix64MatchesTheReferenceOutputs() {
    var generator = SplitMix64(seed: 1_234_567)
    let outputs = (0..<5).map { _ in generator.next() }
    #expect(
        outputs == [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ])
}

@Test func xoshiroMatchesTheReferenceFromAGivenState() {
    // Values from the reference C code (xoshiro256starstar.c) started at state {1, 2, 3, 4}.
    var generator = Xoshiro256StarStar(state: (1, 2, 3, 4))
    let outputs = (0..<5).map { _ in generator.next() }
    #expect(
        outputs == [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240, 1_216_172_134_540_287_360])
}

@Test func xoshiroSeededThroughSplitMix64MatchesTheReference() {
    // Reference C: state = the first four splitmix64 outputs of the seed, then next().
    var zero = Xoshiro256StarStar(seed: 0)
    #expect(
        zero.state
            == (
                16_294_208_416_658_607_535, 7_960_286_522_194_355_700, 487_617_019_471_545_679,
                17_909_611_376_780_542_444
            ))
    let zeroOutputs = (0..<5).map { _ in zero.next() }
    #expect(
        zeroOutputs == [
            11_091_344_671_253_066_420, 13_793_997_310_169_335_082, 1_900_383_378_846_508_768,
            7_684_712_102_626_143_532, 13_521_403_990_117_723_737,
        ])
    for _ in 5..<999 { _ = zero.next() }
    #expect(zero.next() == 8_839_594_410_463_124_783)

    var fortyTwo = Xoshiro256StarStar(seed: 42)
    let fortyTwoOutputs = (0..<5).map { _ in fortyTwo.next() }
    #expect(
        fortyTwoOutputs == [
            1_546_998_764_402_558_742, 6_990_951_692_964_543_102, 12_544_586_762_248_559_009,
            17_057_574_109_182_124_193, 18_295_552_978_065_317_476,
        ])
}

@Test func theSameSeedGivesTheSameSequenceAndAStateResumesIt() {
    var first = Xoshiro256StarStar(seed: 99)
    var second = Xoshiro256StarStar(seed: 99)
    for _ in 0..<1_000 { #expect(first.next() == second.next()) }
    var resumed = Xoshiro256StarStar(state: first.state)
    for _ in 0..<100 { #expect(first.next() == resumed.next()) }
    var other = Xoshiro256StarStar(seed: 100)
    var reseeded = Xoshiro256StarStar(seed: 99)
    #expect((0..<10).map { _ in other.next() } != (0..<10).map { _ in reseeded.next() })
}

@Test func unitDrawsUseTheTop53Bits() {
    var zeros = FixedBits(bits: 0)
    var ones = FixedBits(bits: .max)
    var low = FixedBits(bits: (1 << 11) - 1)
    #expect(zeros.nextUnit() == 0)
    #expect(ones.nextUnit() == 1 - 0x1.0p-53)
    #expect(low.nextUnit() == 0)
    #expect(zeros.nextOpenUnit() == 0x1.0p-53)
    #expect(ones.nextOpenUnit() == 1 - 0x1.0p-53)
}

@Test func unitDrawsStayInTheUnitIntervalAndAverageAHalf() {
    var generator = Xoshiro256StarStar(seed: 5)
    var total = 0.0
    let count = 100_000
    for _ in 0..<count {
        let unit = generator.nextUnit()
        #expect(unit >= 0 && unit < 1)
        total += unit
    }
    // Standard error of the mean of U(0,1) over 100,000 draws: 0.000913.
    #expect(abs(total / Double(count) - 0.5) < 5 * 0.000_913)
}

@Test func indexDrawsAreUniformAndInRange() {
    var generator = Xoshiro256StarStar(seed: 11)
    var counts = [Int](repeating: 0, count: 6)
    let draws = 60_000
    for _ in 0..<draws {
        counts[generator.nextIndex(below: 6)] += 1
    }
    // Each count is binomial(60,000, 1/6): mean 10,000, standard deviation 91.3.
    for count in counts { #expect(abs(count - 10_000) < 5 * 92) }
    #expect(generator.nextIndex(below: 1) == 0)
    var largest = FixedBits(bits: .max)
    #expect(largest.nextIndex(below: 10) == 9)
}
