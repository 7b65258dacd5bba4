/// Tick marks for an axis of durations in seconds: labels in one unit (minutes, hours or
/// days) that the axis title names, a round step in that unit, and the domain widened to
/// whole steps.
struct TimeAxis {
    /// Domain in seconds, both ends multiples of `step`.
    let lower: Double
    let upper: Double
    let step: Double
    /// Seconds in the unit the labels use, and its name for the title.
    let unitSeconds: Double
    let unitName: String

    /// Round steps per unit, in that unit.
    private static let minuteSteps: [Double] = [1, 2, 5, 10, 15, 20, 30]
    private static let hourSteps: [Double] = [0.5, 1, 2, 3, 6, 12]
    private static let daySteps: [Double] = [0.5, 1, 2, 7, 14, 28]

    /// An axis covering `lower...upper` (seconds) with at most about `maximumTicks` steps.
    /// The unit follows the upper end: minutes up to 2 hours, hours up to 3 days, then
    /// days; the step is the smallest round one in that unit that fits.
    init(from lower: Double, to upper: Double, maximumTicks: Int) {
        precondition(maximumTicks > 0, "an axis needs at least one step")
        let low = max(0, lower.isFinite ? lower : 0)
        let high = max(low + 60, upper.isFinite ? upper : low)
        let steps: [Double]
        if high <= 2 * 3_600 {
            (unitSeconds, unitName, steps) = (60, "minutes", TimeAxis.minuteSteps)
        } else if high <= 3 * 86_400 {
            (unitSeconds, unitName, steps) = (3_600, "hours", TimeAxis.hourSteps)
        } else {
            (unitSeconds, unitName, steps) = (86_400, "days", TimeAxis.daySteps)
        }
        let unit = unitSeconds
        var step =
            unit
            * (steps.first { (high - low) / ($0 * unit) <= Double(maximumTicks) } ?? steps.last!)
        // Beyond the largest round step (a year and more of days), keep doubling; 64
        // doublings cover any finite span of microseconds.
        for _ in 0..<64 where (high - low) / step > Double(maximumTicks) { step *= 2 }
        self.step = step
        self.lower = (low / step).rounded(.down) * step
        self.upper = max(self.lower + step, (high / step).rounded(.up) * step)
    }

    /// Tick positions in seconds, `lower` to `upper` inclusive; bounded by the step count.
    var ticks: [Double] {
        let count = min(1_000, Int(((upper - lower) / step).rounded()))
        return (0...count).map { lower + Double($0) * step }
    }

    /// `value` in the axis unit: `12`, `1.5`, `0.25`.
    func label(_ value: Double) -> String {
        EstimateReport.fixed(value / unitSeconds, 2).trimmingFractionZeros()
    }

    /// Where `value` falls between `start` and `end` (pixels).
    func position(_ value: Double, start: Double, end: Double) -> Double {
        start + (value - lower) / (upper - lower) * (end - start)
    }
}

extension String {
    /// `1.50` as `1.5`, `2.00` as `2`.
    fileprivate func trimmingFractionZeros() -> String {
        guard contains(".") else { return self }
        var text = self
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
