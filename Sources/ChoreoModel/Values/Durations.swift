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
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    /// The duration spelled by UTF-8 `bytes`; read byte by byte, since simulated work
    /// whose duration is a task input parses one at every claim.
    private static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Microseconds? {
        let space: UInt8 = 0x20
        let tab: UInt8 = 0x09
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == space || bytes[start] == tab { start += 1 }
        while end > start, bytes[end - 1] == space || bytes[end - 1] == tab { end -= 1 }
        guard start < end else { return nil }
        var total: Double = 0
        var position = start
        var lastUnitRank = Int.max
        while position < end {
            let numberStart = position
            while position < end, isDigitOrPoint(bytes[position]) { position += 1 }
            guard position > numberStart,
                let amount = Double(
                    String(
                        decoding: UnsafeBufferPointer(rebasing: bytes[numberStart..<position]),
                        as: UTF8.self))
            else { return nil }
            let unitStart = position
            while position < end, bytes[position] >= 0x61, bytes[position] <= 0x7A { position += 1 }
            guard
                let (scale, rank) = unitScale(
                    UnsafeBufferPointer(rebasing: bytes[unitStart..<position])),
                rank < lastUnitRank
            else { return nil }
            lastUnitRank = rank
            total += amount * Double(scale)
        }
        guard total.isFinite, total <= Double(maximum) else { return nil }
        return Microseconds(total.rounded())
    }

    private static func isDigitOrPoint(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || byte == 0x2E
    }

    /// The scale and rank (larger units first) of a unit spelled by `unit`'s bytes.
    private static func unitScale(_ unit: UnsafeBufferPointer<UInt8>) -> (Microseconds, Int)? {
        switch (unit.count, unit.first, unit.last) {
        case (1, UInt8(ascii: "d"), _): return (day, 5)
        case (1, UInt8(ascii: "h"), _): return (hour, 4)
        case (1, UInt8(ascii: "m"), _): return (minute, 3)
        case (1, UInt8(ascii: "s"), _): return (second, 2)
        case (2, UInt8(ascii: "m"), UInt8(ascii: "s")): return (1_000, 1)
        case (2, UInt8(ascii: "u"), UInt8(ascii: "s")): return (1, 0)
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
