extension Value {
    /// Whether `other` is this value in every respect: the same cases, the same bytes in
    /// every string and key, the same bits in every number (`-0` is not `0`, a NaN is
    /// itself). One may then stand in for the other without changing any output, which
    /// `==` does not promise: it finds `-0` equal to `0` and `"é"` equal to `"e\u{301}"`.
    ///
    /// Strings, lists and objects sharing their storage are recognised without being read,
    /// so comparing a value with a copy of itself costs a few instructions.
    public func isIdentical(to other: Value) -> Bool {
        switch (self, other) {
        case (.null, .null):
            return true
        case (.bool(let left), .bool(let right)):
            return left == right
        case (.number(let left), .number(let right)):
            return left.bitPattern == right.bitPattern
        case (.string(let left), .string(let right)):
            return left.isIdentical(to: right)
        case (.list(let left), .list(let right)):
            if Value.sameBits(left, right) { return true }
            guard left.count == right.count else { return false }
            return zip(left, right).allSatisfy { $0.isIdentical(to: $1) }
        case (.object(let left), .object(let right)):
            if Value.sameBits(left, right) { return true }
            guard left.count == right.count else { return false }
            // Objects copied from one template (a simulated report with drawn values) list
            // the same key strings in the same order: compared pair by pair while the keys
            // line up, a differing value ends it without hashing a key.
            var position = left.startIndex
            var otherPosition = right.startIndex
            while position != left.endIndex {
                let (key, value) = left[position]
                let (otherKey, otherValue) = right[otherPosition]
                guard Value.sameBits(key, otherKey) else { break }
                guard value.isIdentical(to: otherValue) else { return false }
                left.formIndex(after: &position)
                right.formIndex(after: &otherPosition)
            }
            if position == left.endIndex { return true }
            for (key, value) in left {
                guard let index = right.index(forKey: key) else { return false }
                let (otherKey, otherValue) = right[index]
                guard key.isIdentical(to: otherKey), value.isIdentical(to: otherValue)
                else { return false }
            }
            return true
        default:
            return false
        }
    }

    /// Whether `other` is this value held in the same storage (a copy of it), or the same
    /// scalar: `isIdentical(to:)` without reading any string, list or object. Equal values
    /// built apart are not recognised.
    ///
    /// Compares the two values' bits: the same case with the same payload bits is the same
    /// storage (or the same scalar). Bits a case leaves unused can only make two copies
    /// look different, never two different values look the same.
    @inlinable
    public func sharesStorage(with other: Value) -> Bool {
        Value.sameBits(self, other)
    }

    /// Whether two values have the same bits: for a string, list or dictionary, the same
    /// storage (and length), so the same contents.
    @inlinable @inline(__always)
    static func sameBits<T>(_ left: T, _ right: T) -> Bool {
        withUnsafeBytes(of: left) { left in
            withUnsafeBytes(of: right) { right in
                // A word at a time: `elementsEqual` went byte by byte through `Sequence`.
                var offset = 0
                while offset + 8 <= left.count {
                    guard
                        left.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                            == right.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    else { return false }
                    offset += 8
                }
                while offset < left.count {
                    guard left[offset] == right[offset] else { return false }
                    offset += 1
                }
                return true
            }
        }
    }
}

extension String {
    /// Whether `other` has the same bytes: `==` finds `"é"` equal to `"e\u{301}"`, this
    /// does not. A copy (the same storage) is recognised without reading either.
    public func isIdentical(to other: String) -> Bool {
        sharesStorage(with: other) || utf8.elementsEqual(other.utf8)
    }

    /// Whether `other` is this string held in the same storage (a copy of it), or the same
    /// small string: `isIdentical(to:)` without reading either, and without a call.
    @inlinable
    public func sharesStorage(with other: String) -> Bool {
        Value.sameBits(self, other)
    }
}

extension Dictionary where Key == String, Value == ChoreoModel.Value {
    /// Whether `other` is this object held in the same storage (a copy of it): what
    /// `Value.sharesStorage(with:)` tells of two objects, without wrapping them in values.
    @inlinable
    public func sharesStorage(with other: Self) -> Bool {
        ChoreoModel.Value.sameBits(self, other)
    }
}
