import ChoreoEngine

/// The JSON text of objects written lately, found by the address of their storage: a
/// `JSONWriter` copies an object's text when it writes the same storage again.
///
/// A step's outputs are written three times at one commit (the history event, the task
/// row's `output`, the context's step entry), and the same value reaches many rows: a
/// simulation's scripted outputs, an instance's inputs read into each step's inputs. Each
/// object written again cost its keys sorted, each key and string checked for escapes and
/// each number formatted; a copy costs a lookup.
///
/// An entry keeps its object alive, so that its storage is not freed and its address not
/// reused for another, and not uniquely referenced, so that it is copied before any change
/// (`Dictionary`'s copy on write): the text found by an address is its object's.
///
/// The table is direct-mapped: an object takes the slot its address hashes to, from
/// whatever object had it.
struct WrittenObjects: ~Copyable {
    private struct Entry {
        var address: UInt
        var object: [String: Value]
        var text: [UInt8]
    }

    /// How many objects are kept at most (a power of two).
    static let slotCount = 256

    private let entries: UnsafeMutablePointer<Entry>

    init() {
        entries = .allocate(capacity: WrittenObjects.slotCount)
        entries.initialize(
            repeating: Entry(address: 0, object: [:], text: []), count: WrittenObjects.slotCount)
    }

    deinit {
        entries.deinitialize(count: WrittenObjects.slotCount)
        entries.deallocate()
    }

    /// The address of the storage of `object`, which identifies it while it is kept.
    @inline(__always)
    static func address(of object: borrowing [String: Value]) -> UInt {
        // A native dictionary is a single reference to its storage.
        withUnsafeBytes(of: object) { $0.load(as: UInt.self) }
    }

    /// The slot of the object at `address`: storage is allocated 16 bytes apart at least.
    @inline(__always)
    private static func slot(of address: UInt) -> Int {
        Int(truncatingIfNeeded: (address >> 4) ^ (address >> 12)) & (slotCount - 1)
    }

    /// Calls `body` with the text kept for the object at `address`; `false` when there is
    /// none.
    @inline(__always)
    func withText(of address: UInt, _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        let entry = entries + WrittenObjects.slot(of: address)
        guard entry.pointee.address == address else { return false }
        entry.pointee.text.withUnsafeBufferPointer(body)
        return true
    }

    /// Keeps `text` as the text of `object`, whose storage is at `address`.
    func keep(_ object: [String: Value], at address: UInt, text: UnsafeBufferPointer<UInt8>) {
        let entry = entries + WrittenObjects.slot(of: address)
        entry.pointee.address = address
        entry.pointee.object = object
        entry.pointee.text.removeAll(keepingCapacity: true)
        entry.pointee.text.append(contentsOf: text)
    }
}
