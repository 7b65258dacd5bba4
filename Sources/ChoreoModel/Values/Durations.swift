/// Time in the engine and the simulator: a whole number of microseconds.
public typealias Microseconds = Int64

/// Conversions and the duration syntax (`90s`, `15m`, `2h`, `1d`, `1h30m`, `250ms`).
public enum Durations {
    public static let second: Microseconds = 1_000_000
    public static let minute: Microseconds = 60 * second
    public static let hour: Microseconds = 60 * minute
    public static let day: Microseconds = 24 * hour

    /// The longest duration accepted anywhere: 100 years, far below `Int64` overflow.
    public static let maximum: Microseconds = 36_500 * day

    /// Parses a duration such as `1h30m`, `90s`, `2.5h` or `250ms`.
    ///
    /// Returns `nil` for anything malformed, negative, or longer than `maximum`.
    /// A bare number is not accepted here: callers decide what a unitless number means.
    public static func parse(_ text: String) -> Microseconds? {
        let scalars = Array(text.trimmingSpaces().unicodeScalars)
        guard !scalars.isEmpty else { return nil }
        var total: Double = 0
        var position = 0
        var lastUnitRank = Int.max
        while position < scalars.count {
            let numberStart = position
            while position < scalars.count,
                ("0"..."9").contains(scalars[position]) || scalars[position] == "."
            {
                position += 1
            }
            guard position > numberStart,
                let amount = Double(
                    String(String.UnicodeScalarView(scalars[numberStart..<position])))
            else { return nil }
            let unitStart = position
            while position < scalars.count, ("a"..."z").contains(scalars[position]) {
                position += 1
            }
            let unit = String(String.UnicodeScalarView(scalars[unitStart..<position]))
            guard let (scale, rank) = unitScale(unit), rank < lastUnitRank else { return nil }
            lastUnitRank = rank
            total += amount * Double(scale)
        }
        guard total.isFinite, total <= Double(maximum) else { return nil }
        return Microseconds(total.rounded())
    }

    private static func unitScale(_ unit: String) -> (Microseconds, Int)? {
        switch unit {
        case "d": return (day, 5)
        case "h": return (hour, 4)
        case "m": return (minute, 3)
        case "s": return (second, 2)
        case "ms": return (1_000, 1)
        case "us": return (1, 0)
        default: return nil
        }
    }

    /// A duration as people write it: `1h30m`, `45m`, `2d4h`, `90s`, `0s`.
    public static func format(_ duration: Microseconds) -> String {
        if duration == 0 { return "0s" }
        var rest = abs(duration)
        var text = duration < 0 ? "-" : ""
        for (unit, scale) in [("d", day), ("h", hour), ("m", minute), ("s", second)] {
            if rest >= scale {
                text += "\(rest / scale)\(unit)"
                rest %= scale
            }
        }
        if rest > 0 { text += "\(rest / 1_000)ms" }
        return text
    }

    /// Seconds as a `Double`, the unit of every JSON output.
    public static func seconds(_ duration: Microseconds) -> Double {
        Double(duration) / Double(second)
    }
}

extension String {
    func trimmingSpaces() -> Substring {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return slice
    }
}
