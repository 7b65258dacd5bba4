import ChoreoEngine

/// Times as the tables show them: `2025-01-22 10:00:00`, with `.ffffff` when there are
/// microseconds, so that the text reads back to the exact engine time and sorts in order.
enum StoreTime {
    static func text(_ time: Microseconds) -> String {
        let civil = CivilTime(timestamp: time)
        guard civil.microsecond != 0 else { return civil.logText }
        return civil.logText + "." + CivilTime.zeroPadded(civil.microsecond, 6)
    }

    static func text(_ time: Microseconds?) -> String? { time.map { text($0) } }

    static func parse(_ text: String) -> Microseconds? {
        let parts = text.split(separator: ".", maxSplits: 1)
        guard let base = CivilTime.parse(String(parts[0])) else { return nil }
        guard parts.count == 2 else { return base }
        guard parts[1].count == 6, let fraction = Int(parts[1]) else { return nil }
        return base + Microseconds(fraction)
    }
}
