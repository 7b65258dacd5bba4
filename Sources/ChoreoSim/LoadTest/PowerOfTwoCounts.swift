import Histogram

/// How many values a histogram holds in each power of two of its unit, kept beside it so
/// that a percentile walks the buckets of one power of two, not all those below it.
///
/// `Histogram.valueAtPercentile(_:)` walks every bucket up to the percentile (about
/// 19,000 for a wait of hours in microseconds) in unspecialized generic code. A power of
/// two of the unit starts and ends on bucket edges, so its buckets hold exactly its count.
struct PowerOfTwoCounts: Sendable {
    /// The histogram's unit, a power of two: its smallest equivalent range.
    let unitMagnitude: Int
    /// Slot 0 counts values below the unit; slot `s` those in `[2^(s-1), 2^s)` units.
    private(set) var counts: [UInt64]

    init(lowestDiscernibleValue: UInt64) {
        precondition(lowestDiscernibleValue > 0, "a histogram's unit is positive")
        unitMagnitude = UInt64.bitWidth - 1 - lowestDiscernibleValue.leadingZeroBitCount
        counts = Array(repeating: 0, count: UInt64.bitWidth + 1 - unitMagnitude)
    }

    /// Counts `count` values of `value`.
    mutating func record(_ value: UInt64, count: UInt64 = 1) {
        counts[UInt64.bitWidth - (value &>> unitMagnitude).leadingZeroBitCount] += count
    }

    /// The values slot `slot` holds: `start..<end`, or `start...` for the last slot.
    func range(ofSlot slot: Int) -> (start: UInt64, end: UInt64?) {
        let start: UInt64 = slot == 0 ? 0 : 1 &<< (slot - 1 + unitMagnitude)
        let top = slot + unitMagnitude
        return (start, top < UInt64.bitWidth ? 1 &<< top : nil)
    }
}

extension Histogram where Count == UInt64 {
    /// The value at `percentile` (0...100), exactly as `valueAtPercentile(_:)` gives it,
    /// when `counts` holds what this histogram holds.
    func value(atPercentile percentile: Double, counts: PowerOfTwoCounts) -> UInt64 {
        guard percentile != 0 else { return min }
        guard percentile < 100 else { return maxRecorded }
        // The same rounding as `valueAtPercentile(_:)`: one ulp less, then up to a count.
        let requested = Swift.min(Swift.max(percentile.nextDown, 0), 100)
        let target = Swift.max(1, UInt64((requested * Double(totalCount) / 100).rounded(.up)))
        var below: UInt64 = 0
        for (slot, count) in counts.counts.enumerated() {
            guard below + count >= target else {
                below += count
                continue
            }
            let (start, end) = counts.range(ofSlot: slot)
            var value = start
            // Bounded by the slot's buckets: at most 2 × 10^3 for three digits.
            while end.map({ value < $0 }) ?? true {
                below += countForValue(value)
                if below >= target {
                    return Swift.max(Swift.min(highestEquivalentForValue(value), maxRecorded), min)
                }
                let next = nextNonEquivalentForValue(value)
                guard next > value else { break }
                value = next
            }
            preconditionFailure("power-of-two counts differ from the histogram's in slot \(slot)")
        }
        return 0
    }
}
