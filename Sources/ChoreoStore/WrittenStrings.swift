/// The JSON text of strings written lately, found by the string's own bits: a `JSONWriter`
/// copies a string's quoted text when it writes the same string again.
///
/// Most strings the store writes are the same few again and again: teams, agents, statuses,
/// object keys, step ids, a scenario's input values. Each was copied, checked for escapes
/// and quoted anew (some 170 instructions); found here, its text is copied as four words.
///
/// A `String` is two words: a short one holds its bytes in them, so equal bits are equal
/// text; a longer one points to its storage, which an entry keeps alive, so that it is not
/// freed and its address not reused, and not uniquely referenced, so that it is not
/// changed in place: equal bits are then the same storage and length, so the same text.
///
/// The table is direct-mapped: a string takes the slot its bits hash to, from whatever
/// string had it. Only texts of up to `textCapacity` bytes are kept, in place, so that a
/// copy needs neither a call nor a retain.
struct WrittenStrings: ~Copyable {
    /// A string's two words.
    typealias Key = (UInt64, UInt64)

    private struct Entry {
        var key: Key
        var string: String
        /// How long the slot's text is.
        var length: Int
    }

    /// How many strings are kept at most (a power of two).
    static let slotCount = 256
    /// The longest text kept, quotes included.
    static let textCapacity = 32

    private let entries: UnsafeMutablePointer<Entry>
    /// Per slot, `textCapacity` bytes: its string's text, then whatever was there.
    private let texts: UnsafeMutableRawPointer

    init() {
        let slots = WrittenStrings.slotCount
        entries = .allocate(capacity: slots)
        texts = .allocate(byteCount: slots * WrittenStrings.textCapacity, alignment: 8)
        texts.initializeMemory(
            as: UInt8.self, repeating: UInt8(ascii: "\""),
            count: slots * WrittenStrings.textCapacity)
        // Every slot starts with the empty string and its text, `""`, so that none holds a
        // key without its string.
        let empty = ""
        entries.initialize(
            repeating: Entry(key: WrittenStrings.key(of: empty), string: empty, length: 2),
            count: slots)
    }

    deinit {
        entries.deinitialize(count: WrittenStrings.slotCount)
        entries.deallocate()
        texts.deallocate()
    }

    /// The bits of `string`.
    @inline(__always)
    static func key(of string: borrowing String) -> Key {
        withUnsafeBytes(of: string) {
            ($0.load(as: UInt64.self), $0.load(fromByteOffset: 8, as: UInt64.self))
        }
    }

    /// The slot of `key`: both words multiplied into the top byte, so that every bit of
    /// each counts (a short string's first word holds its first eight bytes).
    @inline(__always)
    private static func slot(of key: Key) -> Int {
        let mixed = (key.0 &* 0x9E37_79B9_7F4A_7C15) ^ (key.1 &* 0xC2B2_AE3D_27D4_EB4F)
        return Int(truncatingIfNeeded: mixed >> 56) & (slotCount - 1)
    }

    /// Copies the text kept for the string whose bits are `key` to `target`, which must
    /// have room for `textCapacity` bytes (all are copied), and returns its length; `nil`
    /// when none is kept.
    @inline(__always)
    func copyText(of key: Key, to target: UnsafeMutableRawPointer) -> Int? {
        let slot = WrittenStrings.slot(of: key)
        let entry = entries + slot
        guard entry.pointee.key == key else { return nil }
        let source = texts + slot * WrittenStrings.textCapacity
        for offset in stride(from: 0, to: WrittenStrings.textCapacity, by: 8) {
            target.storeBytes(
                of: source.load(fromByteOffset: offset, as: UInt64.self), toByteOffset: offset,
                as: UInt64.self)
        }
        return entry.pointee.length
    }

    /// Keeps `text` as the quoted text of `string`, whose bits are `key`, if it fits.
    func keep(_ string: String, key: Key, text: UnsafeBufferPointer<UInt8>) {
        guard let start = text.baseAddress, text.count <= WrittenStrings.textCapacity else {
            return
        }
        let slot = WrittenStrings.slot(of: key)
        let entry = entries + slot
        entry.pointee.key = key
        entry.pointee.string = string
        entry.pointee.length = text.count
        (texts + slot * WrittenStrings.textCapacity).copyMemory(from: start, byteCount: text.count)
    }
}
