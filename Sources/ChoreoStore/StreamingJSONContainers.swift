/// The containers of `JSONValueEncoder`: each writes its elements into the shared
/// `JSONWriter` at its depth, as they come.
struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONWriter
    /// The depth of the container's elements.
    let depth: Int
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws {
        writer.writeKey(key.stringValue, depth: depth)
        writer.writeLiteral("null")
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        writer.writeKey(key.stringValue, depth: depth)
        writer.writeBool(value)
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        writer.writeKey(key.stringValue, depth: depth)
        writer.writeString(value)
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        writer.writeKey(key.stringValue, depth: depth)
        try writer.writeNumber(value)
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        writer.writeKey(key.stringValue, depth: depth)
        try writer.writeNumber(value)
    }

    mutating func encode(_ value: Int, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { integer(value, key) }

    private func integer<T: BinaryInteger>(_ value: T, _ key: Key) {
        writer.writeKey(key.stringValue, depth: depth)
        writer.writeInteger(value)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try put(value, key) }

    private func put<T: Encodable>(_ value: T, _ key: Key) throws {
        writer.writeKey(key.stringValue, depth: depth)
        try writer.write(value, depth: depth)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        writer.writeKey(key.stringValue, depth: depth)
        return JSONValueEncoder(writer: writer, depth: depth).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        writer.writeKey(key.stringValue, depth: depth)
        return JSONValueEncoder(writer: writer, depth: depth).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        writer.writeKey("super", depth: depth)
        return JSONValueEncoder(writer: writer, depth: depth)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        writer.writeKey(key.stringValue, depth: depth)
        return JSONValueEncoder(writer: writer, depth: depth)
    }
}

struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let writer: JSONWriter
    /// The depth of the container's elements.
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    private(set) var count = 0

    init(writer: JSONWriter, depth: Int) {
        self.writer = writer
        self.depth = depth
    }

    mutating func encodeNil() throws {
        start()
        writer.writeLiteral("null")
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        start()
        try writer.write(value, depth: depth)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        start()
        return JSONValueEncoder(writer: writer, depth: depth).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        start()
        return JSONValueEncoder(writer: writer, depth: depth).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        start()
        return JSONValueEncoder(writer: writer, depth: depth)
    }

    private mutating func start() {
        writer.startElement(depth: depth)
        count += 1
    }
}

struct JSONSingleValueContainer: SingleValueEncodingContainer {
    let writer: JSONWriter
    /// The depth the value's own containers open at.
    let depth: Int
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { writer.writeLiteral("null") }
    mutating func encode(_ value: Bool) throws { writer.writeBool(value) }
    mutating func encode(_ value: String) throws { writer.writeString(value) }
    mutating func encode(_ value: Double) throws { try writer.writeNumber(value) }
    mutating func encode(_ value: Float) throws { try writer.writeNumber(value) }
    mutating func encode(_ value: Int) throws { writer.writeInteger(value) }
    mutating func encode(_ value: Int8) throws { writer.writeInteger(value) }
    mutating func encode(_ value: Int16) throws { writer.writeInteger(value) }
    mutating func encode(_ value: Int32) throws { writer.writeInteger(value) }
    mutating func encode(_ value: Int64) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt8) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt16) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt32) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt64) throws { writer.writeInteger(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try writer.write(value, depth: depth)
    }
}
