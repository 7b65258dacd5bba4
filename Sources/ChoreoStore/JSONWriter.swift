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
    // Unchecked: every append would otherwise go through the runtime's exclusivity check,
    // a tenth of the write path's time; nothing here is reentrant.
    @exclusivity(unchecked) private(set) var bytes: [UInt8] = []
    /// Per open container of `StreamingJSONEncoder`: its closing byte and whether it has an
    /// element yet.
    @exclusivity(unchecked) private var open: [(closing: UInt8, hasElement: Bool)] = []

    /// Empties the buffer, keeping its capacity, for the next text.
    func reset() {
        bytes.removeAll(keepingCapacity: true)
        open.removeAll(keepingCapacity: true)
    }

    /// Appends one byte as it is.
    func append(_ byte: UInt8) { bytes.append(byte) }

    /// Appends `text` as it is: JSON punctuation and keys that need no escape.
    func appendRaw(_ text: StaticString) {
        bytes.append(
            contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends bytes written before.
    func append(contentsOf kept: [UInt8]) { bytes.append(contentsOf: kept) }

    /// Appends `text` as it is: JSON text read back from a column.
    func appendText(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    // MARK: Values

    func write(value: Value) {
        switch value {
        case .null: writeLiteral("null")
        case .bool(let flag): writeBool(flag)
        case .number(let number): writeLiteral(Value.format(number: number))
        case .string(let text): writeString(text)
        case .list(let items):
            bytes.append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                write(value: item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            // The pairs sorted, not the keys: looking each key up again would hash it.
            for (position, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                writeString(member.key)
                bytes.append(UInt8(ascii: ":"))
                write(value: member.value)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// `text` quoted and escaped; runs of bytes that need no escape are copied whole.
    func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
                else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                writeEscape(byte)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private func writeEscape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "n"))
        case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "r"))
        case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "t"))
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [
                UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)],
                hex[Int(byte & 15)],
            ])
        }
    }

    func writeBool(_ flag: Bool) { writeLiteral(flag ? "true" : "false") }

    /// The decimal digits of `number`, without making a `String`.
    func writeInteger<T: BinaryInteger>(_ number: T) {
        guard let small = Int64(exactly: number) else { return writeLiteral("\(number)") }
        writeDigits(small)
    }

    /// Digits are made from the right in a stack buffer (an `Int64` has at most 19), then
    /// appended at once: the snapshot writes a dozen integers per node.
    private func writeDigits(_ number: Int64) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var rest = number.magnitude
        guard rest >= 10 else {
            return bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest))
        }
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &buffer) { raw in
            var index = raw.count
            while rest > 0 {
                index -= 1
                raw[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
            let digits = UnsafeRawBufferPointer(rebasing: raw[index...])
            bytes.append(contentsOf: digits.assumingMemoryBound(to: UInt8.self))
        }
    }

    func writeLiteral(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
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
        bytes.append(opening)
        open.append((closing, false))
    }

    /// Closes every container nested deeper than `depth`.
    func close(deeperThan depth: Int) {
        while open.count > depth {
            bytes.append(open.removeLast().closing)
        }
    }

    /// Starts an element of the container at `depth - 1`: closes deeper ones, adds a comma.
    func startElement(depth: Int) {
        close(deeperThan: depth)
        if open[depth - 1].hasElement { bytes.append(UInt8(ascii: ",")) }
        open[depth - 1].hasElement = true
    }

    func writeKey(_ key: String, depth: Int) {
        startElement(depth: depth)
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
    }
}
