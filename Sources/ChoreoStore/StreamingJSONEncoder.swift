import ChoreoEngine

/// Encodes any `Encodable` as compact JSON straight into a byte buffer: what the store
/// writes instance snapshots with, several times a second per instance in flight.
///
/// Foundation's `JSONEncoder` first builds a tree of every value, then serializes it; this
/// encoder writes as the value encodes itself, closing a container when a shallower one
/// is written to or the encoding ends. The text is what `JSONDecoder` reads (the same
/// layout as `JSONEncoder`'s, keys in the order encoded); non-finite numbers are refused.
/// A `Value` is written by its own JSON writer. Errors carry no coding path.
///
/// ```swift
/// let writer = JSONWriter()
/// try StreamingJSONEncoder.encode(instance.snapshot, into: writer)
/// let snapshot = try JSONDecoder().decode(InstanceSnapshot.self, from: Data(writer.bytes))
/// ```
enum StreamingJSONEncoder {
    /// Replaces the text of `writer` with the compact JSON of `value`.
    static func encode<T: Encodable>(_ value: T, into writer: JSONWriter) throws {
        writer.reset()
        try value.encode(to: JSONValueEncoder(writer: writer, depth: 0))
        writer.close(deeperThan: 0)
    }
}

extension JSONWriter {
    /// Writes `value` as an element whose containers open at `depth`.
    func write<T: Encodable>(_ value: T, depth: Int) throws {
        // Metatype comparisons, not casts: they cost a compare, and values of every other
        // type (scalars included, through the typed container methods) encode themselves.
        if T.self == Value.self {
            write(value: unsafeBitCast(value, to: Value.self))
        } else if T.self == Int.self {
            writeInteger(unsafeBitCast(value, to: Int.self))
        } else if T.self == Int64.self {
            writeInteger(unsafeBitCast(value, to: Int64.self))
        } else if T.self == String.self {
            writeString(unsafeBitCast(value, to: String.self))
        } else {
            try value.encode(to: JSONValueEncoder(writer: self, depth: depth))
        }
    }
}

/// The encoder handed to each value: where its container goes in the output.
struct JSONValueEncoder: Encoder {
    let writer: JSONWriter
    /// How many containers enclose the value.
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        writer.openContainer(UInt8(ascii: "{"), closing: UInt8(ascii: "}"), depth: depth)
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(writer: writer, depth: depth + 1))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.openContainer(UInt8(ascii: "["), closing: UInt8(ascii: "]"), depth: depth)
        return JSONUnkeyedContainer(writer: writer, depth: depth + 1)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueContainer(writer: writer, depth: depth)
    }
}
