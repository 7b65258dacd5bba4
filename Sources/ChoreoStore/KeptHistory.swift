/// The `data` JSON of an instance's history events as the store wrote them, joined by
/// commas: what `workflow.history` writes as, for any prefix of the history.
///
/// Inputs that read `workflow.history` (the seed's `final_report`) hold the whole history
/// up to their offer, and the task row's `input_data` holds their value: written event by
/// event, that was a tenth of a batched run. Each event's data is written once anyway, for
/// its history row; kept here, the row's history is one copy of a prefix.
///
/// ```swift
/// var kept = KeptHistory()
/// kept.append(Array(#"{"event":"workflow_started"}"#.utf8))
/// kept.write(prefix: 1, into: writer)  // [{"event":"workflow_started"}]
/// ```
struct KeptHistory {
    /// Each event's data, in order, a comma between two.
    private var bytes: [UInt8] = []
    /// Per event: the offset in `bytes` where its data ends.
    private var ends: [Int] = []

    /// How many events are kept: the first ones of the history.
    var count: Int { ends.count }

    /// The memory it holds, near enough: its bytes and offsets.
    var byteCount: Int { bytes.count + ends.count * MemoryLayout<Int>.size }

    /// Keeps the data of the next event.
    mutating func append(_ data: UnsafeBufferPointer<UInt8>) {
        if !ends.isEmpty { bytes.append(UInt8(ascii: ",")) }
        bytes.append(contentsOf: data)
        ends.append(bytes.count)
    }

    /// Keeps the data of the next events, at `ranges` of `text`: copied at once where they
    /// follow each other a comma apart, as in a history row whose elements are each their
    /// event's data alone (an append of each event's cost some 200 instructions).
    mutating func append(_ ranges: [Range<Int>], of text: UnsafeBufferPointer<UInt8>) {
        guard let first = ranges.first, let last = ranges.last else { return }
        for index in ranges.indices.dropFirst() {
            let end = ranges[index - 1].upperBound
            guard ranges[index].lowerBound == end + 1, text[end] == UInt8(ascii: ",") else {
                for range in ranges { append(UnsafeBufferPointer(rebasing: text[range])) }
                return
            }
        }
        if !ends.isEmpty { bytes.append(UInt8(ascii: ",")) }
        let offset = bytes.count - first.lowerBound
        bytes.append(
            contentsOf: UnsafeBufferPointer(rebasing: text[first.lowerBound..<last.upperBound]))
        for range in ranges { ends.append(range.upperBound + offset) }
    }

    /// Keeps the data of the next event.
    mutating func append(_ data: [UInt8]) {
        data.withUnsafeBufferPointer { append($0) }
    }

    /// Writes the first `prefix` events as a JSON array of their data.
    func write(prefix: Int, into writer: JSONWriter) {
        precondition(prefix >= 0 && prefix <= count, "\(prefix) events of \(count) kept")
        writer.append(UInt8(ascii: "["))
        if prefix > 0 {
            bytes.withUnsafeBufferPointer { kept in
                writer.append(UnsafeBufferPointer(rebasing: kept[..<ends[prefix - 1]]))
            }
        }
        writer.append(UInt8(ascii: "]"))
    }
}
