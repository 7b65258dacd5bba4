/// "Did you mean" hints: the known name closest to a misspelt one.
public enum Suggestions {
    /// The candidate closest to `name` by edit distance, if one is close enough to be a
    /// plausible typo (one edit per three characters, rounded up).
    ///
    /// Ties go to the earlier candidate, so the hint never depends on hashing order.
    public static func closest(to name: String, among candidates: [String]) -> String? {
        nearest(to: name, among: candidates, count: 1).first
    }

    /// Up to `count` candidates close enough to `name` to be plausible typos of it, the
    /// closest first (ties in candidate order).
    public static func nearest(to name: String, among candidates: [String], count: Int)
        -> [String]
    {
        let target = Array(name.lowercased().unicodeScalars)
        // Names longer than this are not typos worth a hint, and the distance is quadratic.
        guard !target.isEmpty, target.count <= 64 else { return [] }
        let allowed = (target.count + 2) / 3
        var near: [(name: String, distance: Int, position: Int)] = []
        for (position, candidate) in candidates.enumerated() where candidate != name {
            let scalars = Array(candidate.lowercased().unicodeScalars)
            guard abs(scalars.count - target.count) <= allowed, scalars.count <= 64 else {
                continue
            }
            let distance = editDistance(target, scalars)
            if distance <= allowed { near.append((candidate, distance, position)) }
        }
        return near.sorted { ($0.distance, $0.position) < ($1.distance, $1.position) }
            .prefix(count).map(\.name)
    }

    /// `" (did you mean 'x'?)"` or the empty string.
    public static func hint(for name: String, among candidates: [String]) -> String {
        guard let match = closest(to: name, among: candidates) else { return "" }
        return " (did you mean '\(match)'?)"
    }

    /// `a, b or c`: how a message lists the allowed values.
    public static func list(_ names: [String], conjunction: String = "or") -> String {
        guard let last = names.last else { return "" }
        if names.count == 1 { return last }
        return names.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }

    /// Levenshtein distance, with a transposition of neighbours counting as one edit.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousRow = Array(0...b.count)
        var twoRowsBack = previousRow
        var currentRow = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            currentRow[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(
                    previousRow[j] + 1, currentRow[j - 1] + 1, previousRow[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, twoRowsBack[j - 2] + 1)
                }
                currentRow[j] = value
            }
            twoRowsBack = previousRow
            previousRow = currentRow
        }
        return previousRow[b.count]
    }
}
