/// A hash table keyed by the numbers the engine hands out (task numbers, timer ids,
/// instance serials): what the in-memory store and the simulator look things up by,
/// several times per task.
///
/// `Dictionary` hashes each key with seeded SipHash, which was a tenth of a load test's
/// instructions; numbers handed out in sequence spread well under one multiplication
/// (Fibonacci hashing). Open addressing with linear probing, at most half full; a removal
/// shifts the entries after it back, so no tombstones build up.
///
/// ```swift
/// var tasks = NumberTable<TeamTask>()
/// tasks[task.number] = task
/// tasks[task.number]?.status  // .pending
/// ```
public struct NumberTable<Element> {
    /// Marks a free slot; it cannot be a key.
    @inlinable static var free: Int { Int.min }

    /// Slot keys, `free` where empty; the count is a power of two.
    @usableFromInline var keys: [Int]
    /// Slot elements, `nil` where empty.
    @usableFromInline var elements: [Element?]
    /// 64 minus log2 of the slot count: the hash keeps the product's top bits.
    @usableFromInline var shift: UInt64
    /// Keys held.
    @usableFromInline var held = 0

    /// An empty table.
    public init() {
        keys = Array(repeating: NumberTable.free, count: 16)
        elements = Array(repeating: nil, count: 16)
        shift = 60
    }

    /// Keys held.
    public var count: Int { held }

    /// Whether the table holds nothing.
    public var isEmpty: Bool { held == 0 }

    /// The element for `key`; setting `nil` removes it.
    @inlinable
    public subscript(key: Int) -> Element? {
        get {
            let (slot, found) = position(of: key)
            return found ? elements[slot] : nil
        }
        set {
            if let newValue {
                insert(newValue, forKey: key)
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Removes the element for `key` and returns it, or `nil` if there was none.
    @inlinable
    @discardableResult
    public mutating func removeValue(forKey key: Int) -> Element? {
        let (slot, found) = position(of: key)
        guard found else { return nil }
        // Entries move between slots (swaps), never copied: no retains on the way.
        var removed: Element? = nil
        swap(&removed, &elements[slot])
        keys[slot] = NumberTable.free
        var hole = slot
        var next = (slot + 1) & mask
        // Move back every entry whose probe passed the hole, so each stays findable.
        while keys[next] != NumberTable.free {
            let home = self.home(of: keys[next])
            if (next &- home) & mask >= (next &- hole) & mask {
                keys[hole] = keys[next]
                keys[next] = NumberTable.free
                elements.swapAt(hole, next)
                hole = next
            }
            next = (next + 1) & mask
        }
        held -= 1
        return removed
    }

    /// Every element, in no particular order (sort before it reaches an output).
    public var values: [Element] { elements.compactMap { $0 } }

    @inlinable
    mutating func insert(_ element: consuming Element, forKey key: Int) {
        precondition(key != NumberTable.free, "\(key) cannot be a NumberTable key")
        var (slot, found) = position(of: key)
        if !found {
            if (held + 1) * 2 > keys.count {
                grow()
                slot = position(of: key).slot
            }
            keys[slot] = key
            held += 1
        }
        elements[slot] = consume element
    }

    @inlinable var mask: Int { keys.count - 1 }

    /// The slot a key's probe starts at.
    @inlinable
    func home(of key: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The slot holding `key`, or the free slot where it would go.
    @inlinable
    func position(of key: Int) -> (slot: Int, found: Bool) {
        var slot = home(of: key)
        while true {
            let held = keys[slot]
            if held == key { return (slot, true) }
            if held == NumberTable.free { return (slot, false) }
            slot = (slot + 1) & mask
        }
    }

    /// Doubles the slots and puts every entry back.
    @usableFromInline
    mutating func grow() {
        let oldKeys = keys
        let oldElements = elements
        keys = Array(repeating: NumberTable.free, count: oldKeys.count * 2)
        elements = Array(repeating: nil, count: oldKeys.count * 2)
        shift -= 1
        for (key, element) in zip(oldKeys, oldElements) where key != NumberTable.free {
            let slot = position(of: key).slot
            keys[slot] = key
            elements[slot] = element
        }
    }
}

extension NumberTable: Sendable where Element: Sendable {}
