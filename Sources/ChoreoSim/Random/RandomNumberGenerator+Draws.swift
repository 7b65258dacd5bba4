/// Draws built directly on 64 random bits, written out here rather than taken from the
/// standard library (`Double.random(in:)`, `Int.random(in:)`) so that the numbers a seed
/// produces can never change with the Swift version.
extension RandomNumberGenerator {
    /// A uniform `Double` in [0, 1): the top 53 bits of one draw, times 2⁻⁵³.
    ///
    /// Every value is a multiple of 2⁻⁵³, so `1 - nextUnit()` is never 0 and its logarithm
    /// is always finite.
    @inlinable
    public mutating func nextUnit() -> Double {
        Double(next() &>> 11) * 0x1.0p-53
    }

    /// A uniform `Double` in (0, 1), never 0 nor 1: for logarithms and negative powers.
    ///
    /// The midpoint of one of 2⁵² equal cells, `(k + 0.5) / 2⁵²` for the top 52 bits `k`:
    /// with 53 bits the largest midpoint would round up to 1.
    @inlinable
    public mutating func nextOpenUnit() -> Double {
        (Double(next() &>> 12) + 0.5) * 0x1.0p-52
    }

    /// A uniform integer in `0..<count`, without modulo bias (Lemire's multiply-shift
    /// with rejection).
    ///
    /// A draw is rejected with probability below `count / 2⁶⁴` (at most 1/2); after 64
    /// rejections in a row, a chance below 2⁻⁶⁴, the last draw is kept.
    @inlinable
    public mutating func nextIndex(below count: Int) -> Int {
        precondition(count > 0, "nextIndex(below:) needs a positive count, got \(count)")
        let bound = UInt64(count)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            var rejections = 0
            while product.low < threshold, rejections < 64 {
                product = next().multipliedFullWidth(by: bound)
                rejections += 1
            }
        }
        return Int(product.high)
    }
}
