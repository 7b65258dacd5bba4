/// Reading JSON text into a `Value`: what stores read back from their JSON columns.
extension Value {
    /// The value `text` holds, or `nil` when it is not one JSON value. Nesting deeper than
    /// 512 levels is refused.
    public init?(json text: String) {
        var text = text
        let parsed = text.withUTF8 { (bytes) -> Value? in
            var parser = JSONParser(bytes: bytes)
            guard let value = parser.value(depth: 0) else { return nil }
            parser.skipSpace()
            guard parser.position == bytes.count else { return nil }
            return value
        }
        guard let parsed else { return nil }
        self = parsed
    }
}

/// A recursive-descent JSON parser over UTF-8 bytes.
private struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func skipSpace() {
        while position < bytes.count,
            bytes[position] == 32 || bytes[position] == 10 || bytes[position] == 13
                || bytes[position] == 9
        {
            position += 1
        }
    }

    mutating func value(depth: Int) -> Value? {
        guard depth < 512 else { return nil }
        skipSpace()
        guard position < bytes.count else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["): return list(depth: depth)
        case UInt8(ascii: "\""): return string().map(Value.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return number()
        }
    }

    private mutating func literal(_ word: StaticString, _ value: Value) -> Value? {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return nil }
        for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] {
            return nil
        }
        position += count
        return value
    }

    private mutating func object(depth: Int) -> Value? {
        position += 1
        var members: [String: Value] = [:]
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\""),
                let key = string()
            else { return nil }
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return nil }
            position += 1
            guard let member = value(depth: depth + 1) else { return nil }
            members[key] = member
            skipSpace()
            guard position < bytes.count else { return nil }
            position += 1
            if bytes[position - 1] == UInt8(ascii: "}") { return .object(members) }
            guard bytes[position - 1] == UInt8(ascii: ",") else { return nil }
        }
    }

    private mutating func list(depth: Int) -> Value? {
        position += 1
        var items: [Value] = []
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .list(items)
        }
        while true {
            guard let item = value(depth: depth + 1) else { return nil }
            items.append(item)
            skipSpace()
            guard position < bytes.count else { return nil }
            position += 1
            if bytes[position - 1] == UInt8(ascii: "]") { return .list(items) }
            guard bytes[position - 1] == UInt8(ascii: ",") else { return nil }
        }
    }

    private mutating func string() -> String? {
        position += 1
        var start = position
        var text = ""
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                text += String(
                    decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            guard byte == UInt8(ascii: "\\") else {
                position += 1
                continue
            }
            text += String(
                decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            guard position + 1 < bytes.count else { return nil }
            position += 2
            switch bytes[position - 1] {
            case UInt8(ascii: "n"): text += "\n"
            case UInt8(ascii: "t"): text += "\t"
            case UInt8(ascii: "r"): text += "\r"
            case UInt8(ascii: "b"): text += "\u{8}"
            case UInt8(ascii: "f"): text += "\u{C}"
            case UInt8(ascii: "u"):
                guard let scalar = unicodeEscape() else { return nil }
                text.unicodeScalars.append(scalar)
            case let other: text.unicodeScalars.append(Unicode.Scalar(other))
            }
            start = position
        }
        return nil
    }

    /// The scalar of `\uXXXX` (position just past the `u`), surrogate pairs joined.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let high = hex4() else { return nil }
        if (0xD800..<0xDC00).contains(high) {
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u")
            else { return nil }
            position += 2
            guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        }
        return Unicode.Scalar(high)
    }

    private mutating func hex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = hexDigit(bytes[position]) else { return nil }
            value = value * 16 + digit
            position += 1
        }
        return value
    }

    private func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 48...57: return UInt32(byte - 48)
        case 65...70: return UInt32(byte - 55)
        case 97...102: return UInt32(byte - 87)
        default: return nil
        }
    }

    private mutating func number() -> Value? {
        let start = position
        while position < bytes.count {
            switch bytes[position] {
            case 48...57, UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                UInt8(ascii: "e"), UInt8(ascii: "E"):
                position += 1
            default:
                return finishNumber(from: start)
            }
        }
        return finishNumber(from: start)
    }

    private func finishNumber(from start: Int) -> Value? {
        guard position > start else { return nil }
        let text = String(
            decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        return Double(text).map(Value.number)
    }
}
