import ChoreoEngine

/// Compact JSON written as bytes: the store's column text (task inputs and outputs,
/// history data, instance context) and the output of `StreamingJSONEncoder`.
///
/// Values are written as `Value.json` writes them (keys sorted, whole numbers without a
/// fraction, the same escapes), straight into one reused buffer: the store writes several
/// per task state change, and appending to a `String` one scalar at a time costs more than
/// SQLite's insert.
///
/// ```swift
/// let writer = JSONWriter()
/// writer.write(value: ["cost_delta": 650])
/// String(decoding: writer.bytes, as: UTF8.self)  // {"cost_delta":650}
/// ```
final class JSONWriter {
    // The text is kept in a buffer this class owns rather than a `[UInt8]`: the store
    // appends a few bytes at a time, tens of thousands of times per batch, and each
    // `Array.append(contentsOf:)` checked uniqueness and capacity through a generic path
    // (a tenth of a batched run).
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// How many bytes the text has.
    private(set) var count = 0
    /// Per open container of `StreamingJSONEncoder`: its closing byte and whether it has an
    /// element yet.
    private var open: [(closing: UInt8, hasElement: Bool)] = []
    /// The last ISO 8601 time written (`writeISOTime`).
    var isoTimes = LastTimeText(.iso)
    /// The node names of the last program whose history events were written.
    private var lastQuotedNames: QuotedNodeNames?
    /// The objects written lately, with their text.
    private let objects = WrittenObjects()
    /// The strings written lately, with their text.
    private let strings = WrittenStrings()

    init() {
        capacity = 4096
        buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
    }

    /// The text written, as bytes (a copy: for tests and rare writes).
    var bytes: [UInt8] { Array(text) }

    /// The text written, valid until the next change.
    var text: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: buffer, count: count) }

    /// The bytes from offset `start` to the end, copied.
    func bytes(from start: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(start: buffer + start, count: count - start))
    }

    /// Drops the text after offset `length`.
    func truncate(to length: Int) {
        precondition(length <= count, "truncating \(count) bytes to \(length)")
        count = length
    }

    /// `program`'s node names quoted, made when the program is not the last one asked for.
    func quotedNames(of program: WorkflowProgram) -> QuotedNodeNames {
        if let names = lastQuotedNames, names.program === program { return names }
        let names = QuotedNodeNames(program)
        lastQuotedNames = names
        return names
    }

    /// Empties the buffer, keeping its capacity, for the next text.
    func reset() {
        count = 0
        open.removeAll(keepingCapacity: true)
    }

    /// Room for `extra` more bytes.
    @inline(__always)
    private func reserve(_ extra: Int) {
        if count + extra > capacity { grow(toHold: count + extra) }
    }

    private func grow(toHold needed: Int) {
        let larger = max(capacity * 2, needed)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: buffer, count: count)
        buffer.deallocate()
        buffer = moved
        capacity = larger
    }

    /// Appends one byte as it is.
    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        buffer[count] = byte
        count += 1
    }

    /// Appends `bytes` as they are.
    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (buffer + count).initialize(from: start, count: bytes.count)
        count += bytes.count
    }

    /// Appends `text` as it is: JSON punctuation and keys that need no escape. Inlined, so
    /// that each constant is copied with its length known (a call cost 50 instructions, and
    /// a snapshot node makes a dozen).
    @inline(__always)
    func appendRaw(_ text: StaticString) {
        let length = text.utf8CodeUnitCount
        reserve(length)
        (buffer + count).initialize(from: text.utf8Start, count: length)
        count += length
    }

    /// Appends bytes written before.
    func append(contentsOf kept: [UInt8]) {
        kept.withUnsafeBufferPointer { append($0) }
    }

    /// Appends `text` as it is: JSON text read back from a column.
    func appendText(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// `[` , each of `items` written by `element`, separated by commas, `]`: every JSON
    /// list the store writes.
    @inline(__always)
    func writeList<Items: Sequence>(_ items: Items, _ element: (Items.Element) -> Void) {
        append(UInt8(ascii: "["))
        var first = true
        for item in items {
            if !first { append(UInt8(ascii: ",")) }
            first = false
            element(item)
        }
        append(UInt8(ascii: "]"))
    }

    /// `"key":`, after a comma unless it is the object's first member; counts it. Room is
    /// made once for all of it (a history event's data has four or five members).
    @inline(__always)
    func writeKey(_ key: StaticString, counting members: inout Int) {
        let length = key.utf8CodeUnitCount
        reserve(length + 4)
        if members > 0 {
            buffer[count] = UInt8(ascii: ",")
            count += 1
        }
        members += 1
        buffer[count] = UInt8(ascii: "\"")
        (buffer + count + 1).initialize(from: key.utf8Start, count: length)
        buffer[count + 1 + length] = UInt8(ascii: "\"")
        buffer[count + 2 + length] = UInt8(ascii: ":")
        count += length + 3
    }

    // MARK: Values

    func write(value: Value) {
        switch value {
        case .null: writeLiteral("null")
        case .bool(let flag): writeBool(flag)
        case .number(let number): writeNumber(number)
        case .string(let text): writeString(text)
        case .list(let items):
            writeList(items) { write(value: $0) }
        case .object(let members):
            writeObject(members)
        }
    }

    /// The most members an object has for them to be put in order by insertion, on the
    /// stack; a larger object's pairs are sorted in an array.
    static let insertionSortLimit = 16

    /// `members` in key order, copied when the same object was written lately
    /// (`WrittenObjects`).
    private func writeObject(_ members: [String: Value]) {
        let address = WrittenObjects.address(of: members)
        if objects.withText(of: address, { append($0) }) { return }
        let start = count
        writeMembers(members)
        objects.keep(
            members, at: address,
            text: UnsafeBufferPointer(start: buffer + start, count: count - start))
    }

    /// `members` in key order. A step's outputs are a handful of members: sorting an array
    /// of the pairs cost its allocation, a retain and release per pair, and the free.
    private func writeMembers(_ members: [String: Value]) {
        append(UInt8(ascii: "{"))
        guard members.count <= JSONWriter.insertionSortLimit else {
            // The pairs sorted, not the keys: looking each key up again would hash it.
            for (position, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if position > 0 { append(UInt8(ascii: ",")) }
                writeString(member.key)
                append(UInt8(ascii: ":"))
                write(value: member.value)
            }
            return append(UInt8(ascii: "}"))
        }
        withUnsafeTemporaryAllocation(of: [String: Value].Index.self, capacity: members.count) {
            order in
            let order = order.baseAddress!
            var sorted = 0
            var position = members.startIndex
            while position != members.endIndex {
                let key = members.keys[position]
                var slot = sorted
                while slot > 0 && key < members.keys[order[slot - 1]] { slot -= 1 }
                (order + slot + 1).moveInitialize(from: order + slot, count: sorted - slot)
                (order + slot).initialize(to: position)
                sorted += 1
                members.formIndex(after: &position)
            }
            for rank in 0..<sorted {
                if rank > 0 { append(UInt8(ascii: ",")) }
                writeString(members.keys[order[rank]])
                append(UInt8(ascii: ":"))
                write(value: members.values[order[rank]])
            }
            order.deinitialize(count: sorted)
        }
        append(UInt8(ascii: "}"))
    }

    /// `text` quoted and escaped, copied when the same string was written lately
    /// (`WrittenStrings`); runs of bytes that need no escape are copied whole.
    func writeString(_ text: String) {
        let key = WrittenStrings.key(of: text)
        reserve(WrittenStrings.textCapacity)
        if let length = strings.copyText(of: key, to: buffer + count) {
            count += length
            return
        }
        let start = count
        // Without a mutable copy of the string (its retain and release) where its bytes are
        // at hand, as they are for native and small strings.
        let written: Void? = text.utf8.withContiguousStorageIfAvailable { writeString(utf8: $0) }
        if written == nil {
            var text = text
            text.withUTF8 { writeString(utf8: $0) }
        }
        strings.keep(
            text, key: key, text: UnsafeBufferPointer(start: buffer + start, count: count - start))
    }

    /// The text of `utf8` quoted, copied whole when no byte needs an escape (nearly always:
    /// ids, names, statuses), checked eight bytes at a time.
    private func writeString(utf8: UnsafeBufferPointer<UInt8>) {
        // Room for the quotes and the text unescaped (most strings need no escape), and
        // for the word `needsEscape` reads past the copy's end.
        reserve(utf8.count + 2 + 8)
        buffer[count] = UInt8(ascii: "\"")
        // Copied first and checked where it landed: the check may then read whole words.
        if let start = utf8.baseAddress {
            (buffer + count + 1).initialize(from: start, count: utf8.count)
        }
        if !JSONWriter.needsEscape(buffer + count + 1, count: utf8.count) {
            buffer[count + 1 + utf8.count] = UInt8(ascii: "\"")
            count += utf8.count + 2
            return
        }
        count += 1
        var start = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
            else { continue }
            append(UnsafeBufferPointer(rebasing: utf8[start..<index]))
            writeEscape(byte)
            start = index + 1
        }
        append(UnsafeBufferPointer(rebasing: utf8[start...]))
        append(UInt8(ascii: "\""))
    }

    /// Whether any of the `count` bytes at `start` is a control character, a quote or a
    /// backslash. Each word of eight bytes is tested at once: a byte below 0x20, or equal to
    /// 0x22 or 0x5C once those are subtracted out, borrows into its high bit (the classic
    /// "has zero byte" test, exact for the word as a whole; bytes of 0x80 and above never
    /// match). The last word is read whole, so the 7 bytes after the text must be readable
    /// (they are the buffer's own); those past the text count as spaces.
    @inline(__always)
    private static func needsEscape(_ start: UnsafePointer<UInt8>, count: Int) -> Bool {
        func flags(_ word: UInt64) -> UInt64 {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let quotes = word ^ (ones &* 0x22)
            let backslashes = word ^ (ones &* 0x5C)
            let control = (word &- ones &* 0x20) & ~word
            let quote = (quotes &- ones) & ~quotes
            let backslash = (backslashes &- ones) & ~backslashes
            return (control | quote | backslash) & (ones &* 0x80)
        }
        let raw = UnsafeRawPointer(start)
        var found: UInt64 = 0
        var offset = 0
        while offset + 8 <= count {
            found |= flags(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        if offset < count {
            // The last bytes, the word's others replaced by spaces (which need no escape).
            let kept = UInt64.max >> (64 - 8 * (count - offset))
            let word = UInt64(
                littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            found |= flags((word & kept) | (0x2020_2020_2020_2020 & ~kept))
        }
        return found != 0
    }

    private func writeEscape(_ byte: UInt8) {
        append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): append(byte)
        case UInt8(ascii: "\n"): append(UInt8(ascii: "n"))
        case UInt8(ascii: "\r"): append(UInt8(ascii: "r"))
        case UInt8(ascii: "\t"): append(UInt8(ascii: "t"))
        default:
            let hex = Array("0123456789abcdef".utf8)
            for digit in [
                UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)],
                hex[Int(byte & 15)],
            ] {
                append(digit)
            }
        }
    }

    func writeBool(_ flag: Bool) { writeLiteral(flag ? "true" : "false") }

    /// The decimal digits of `number`, without making a `String`. Inlined for one digit or
    /// -1 (most of a snapshot node's fields: counts, flags, times not yet set), which need
    /// no call.
    @inline(__always)
    func writeInteger<T: BinaryInteger>(_ number: T) {
        if number >= (-1 as Int) && number <= (9 as Int) {
            guard number >= (0 as Int) else { return appendRaw("-1") }
            return append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: number))
        }
        guard let small = Int64(exactly: number) else { return writeLiteral("\(number)") }
        writeDigits(small)
    }

    /// Digits are written from the right, straight into the buffer, eight at a time in
    /// 32-bit arithmetic and then in pairs from a table: a time in microseconds has 16
    /// digits, and the snapshot writes four per node (two digits per 64-bit division cost
    /// some 240 instructions a time).
    private func writeDigits(_ number: Int64) {
        if number < 0 { append(UInt8(ascii: "-")) }
        var rest = number.magnitude
        let length = JSONWriter.digitCount(of: rest)
        reserve(length)
        var end = UnsafeMutableRawPointer(buffer + count + length)
        count += length
        @inline(__always) func writePair(_ pair: UInt32, at position: UnsafeMutableRawPointer) {
            JSONWriter.storeDigits(of: Int(pair), at: position)
        }
        while rest >= 100_000_000 {
            let group = UInt32(truncatingIfNeeded: rest % 100_000_000)
            rest /= 100_000_000
            let high = group / 10_000
            let low = group % 10_000
            end -= 8
            writePair(high / 100, at: end)
            writePair(high % 100, at: end + 2)
            writePair(low / 100, at: end + 4)
            writePair(low % 100, at: end + 6)
        }
        var small = UInt32(truncatingIfNeeded: rest)
        while small >= 100 {
            end -= 2
            writePair(small % 100, at: end)
            small /= 100
        }
        if small >= 10 {
            writePair(small, at: end - 2)
        } else {
            end.storeBytes(
                of: UInt8(ascii: "0") + UInt8(truncatingIfNeeded: small), toByteOffset: -1,
                as: UInt8.self)
        }
    }

    /// How many decimal digits `number` has (1 for 0): from its bit length (log10(2) is
    /// about 1233/4096, which gives the digits or one more), corrected by one comparison.
    @inline(__always)
    static func digitCount(of number: UInt64) -> Int {
        // With the lowest bit set, 0 counts as 1, and no other count changes.
        let odd = number | 1
        let estimate = ((UInt64.bitWidth - odd.leadingZeroBitCount) &* 1233) >> 12
        return estimate + 1 - (odd < powersOfTen[estimate] ? 1 : 0)
    }

    /// 10^0 to 10^19.
    private static let powersOfTen: [UInt64] = (0...19).map { power in
        (0..<power).reduce(1) { product, _ in product * 10 }
    }

    /// Stores the two decimal digits of `pair` (0 to 99) at `position`.
    @inline(__always)
    static func storeDigits(of pair: Int, at position: UnsafeMutableRawPointer) {
        position.storeBytes(
            of: UnsafeRawPointer(digitPairs.utf8Start).loadUnaligned(
                fromByteOffset: 2 * pair, as: UInt16.self),
            as: UInt16.self)
    }

    private static let digitPairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """

    func writeLiteral(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// `number` as `Value.format(number:)` gives it: a whole number's digits written
    /// straight into the buffer, without a `String`.
    @inline(__always)
    private func writeNumber(_ number: Double) {
        guard number.rounded(.towardZero) == number, abs(number) < 1e15 else {
            return writeLiteral(Value.format(number: number))
        }
        writeInteger(Int64(number))
    }

    /// A finite number in its shortest form; JSON has no infinities or NaN.
    func writeNumber<T: BinaryFloatingPoint & LosslessStringConvertible>(_ number: T) throws {
        guard number.isFinite else {
            throw EncodingError.invalidValue(
                number, .init(codingPath: [], debugDescription: "not a finite number"))
        }
        writeLiteral(number.description)
    }

    // MARK: Containers of StreamingJSONEncoder

    /// Opens a container at `depth` (the number of containers enclosing it).
    func openContainer(_ opening: UInt8, closing: UInt8, depth: Int) {
        close(deeperThan: depth)
        append(opening)
        open.append((closing, false))
    }

    /// Closes every container nested deeper than `depth`.
    func close(deeperThan depth: Int) {
        while open.count > depth {
            append(open.removeLast().closing)
        }
    }

    /// Starts an element of the container at `depth - 1`: closes deeper ones, adds a comma.
    func startElement(depth: Int) {
        close(deeperThan: depth)
        if open[depth - 1].hasElement { append(UInt8(ascii: ",")) }
        open[depth - 1].hasElement = true
    }

    func writeKey(_ key: String, depth: Int) {
        startElement(depth: depth)
        writeString(key)
        append(UInt8(ascii: ":"))
    }
}
