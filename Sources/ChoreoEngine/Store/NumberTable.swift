/// A hash table keyed by the numbers the engine hands out (task numbers, timer ids,
/// instance serials): what the in-memory store and the simulator look things up by,
/// several times per task.
///
/// `Dictionary` hashes each key with seeded SipHash, which was a tenth of a load test's
/// instructions; numbers handed out in sequence spread well under one multiplication
/// (Fibonacci hashing). Open addressing with linear probing, at most half full; a removal
/// shifts the entries after it back, so no tombstones build up.
///
/// Elements sit in slots of their own type, not as optionals: a task copied out of an
/// array of `TeamTask?` went through `Optional`'s generic copy, a fifth of a load test's
/// task copies. `update(_:_:)` changes an element where it is, without copying it out.
///
/// ```swift
/// var tasks = NumberTable<TeamTask>()
/// tasks[task.number] = task
/// tasks[task.number]?.status  // .pending
/// tasks.update(task.number) { $0.status = .claimed }
/// ```
public struct NumberTable<Element> {
    /// Marks a free slot; it cannot be a key.
    @inlinable static var free: Int { Int.min }

    /// The slots, shared by copies of the table until one of them changes.
    @usableFromInline var storage: Storage

    /// An empty table.
    public init() {
        storage = Storage(capacity: 16)
    }

    /// Keys held.
    public var count: Int { storage.held }

    /// Whether the table holds nothing.
    public var isEmpty: Bool { storage.held == 0 }

    /// The element for `key`; setting `nil` removes it.
    @inlinable
    public subscript(key: Int) -> Element? {
        get {
            let (slot, found) = storage.position(of: key)
            return found ? storage.elements[slot] : nil
        }
        set {
            // Moved, not bound: `if let` would copy the element and drop the original.
            switch consume newValue {
            case .some(let element): insert(element, forKey: key)
            case .none: remove(key)
            }
        }
    }

    /// What `body` reads from the element for `key`, which is not copied; `nil`, without
    /// running it, when there is none.
    @inlinable
    public func read<Result>(_ key: Int, _ body: (borrowing Element) -> Result) -> Result? {
        let (slot, found) = storage.position(of: key)
        guard found else { return nil }
        return body(storage.elements[slot])
    }

    /// Where the element for `key` is, or `nil` when there is none: for reading a few
    /// fields of a large element without copying it. Valid until the table next changes.
    func address(of key: Int) -> UnsafePointer<Element>? {
        let (slot, found) = storage.position(of: key)
        return found ? UnsafePointer(storage.elements + slot) : nil
    }

    /// Runs `body` on the element for `key` where it is, and returns what it returns; `nil`,
    /// without running it, when there is none.
    @inlinable
    @discardableResult
    public mutating func update<Result>(_ key: Int, _ body: (inout Element) -> Result)
        -> Result?
    {
        makeUnique()
        let (slot, found) = storage.position(of: key)
        guard found else { return nil }
        return body(&storage.elements[slot])
    }

    /// Runs `body` on the element for `key` where it is, and removes the element when `body`
    /// returns `true`: a change that may end an entry's life, with one probe for both.
    /// Does nothing when there is no element for `key`.
    @inlinable
    public mutating func update(_ key: Int, removingIf body: (inout Element) -> Bool) {
        makeUnique()
        let (slot, found) = storage.position(of: key)
        guard found else { return }
        if body(&storage.elements[slot]) { storage.discard(slot: slot) }
    }

    /// Removes the element for `key` and returns it, or `nil` if there was none.
    @inlinable
    @discardableResult
    public mutating func removeValue(forKey key: Int) -> Element? {
        makeUnique()
        return storage.remove(key)
    }

    /// Removes the element for `key`, if any, destroying it where it is.
    @inlinable
    public mutating func remove(_ key: Int) {
        makeUnique()
        storage.discard(key)
    }

    /// Every element, in no particular order (sort before it reaches an output).
    public var values: [Element] {
        var values: [Element] = []
        values.reserveCapacity(storage.held)
        for slot in 0..<storage.capacity where storage.keys[slot] != NumberTable.free {
            values.append(storage.elements[slot])
        }
        return values
    }

    /// Puts `element` under `key`, replacing any there: the subscript's setter without the
    /// optional around the element.
    @inlinable
    public mutating func insert(_ element: consuming Element, forKey key: Int) {
        precondition(key != NumberTable.free, "\(key) cannot be a NumberTable key")
        makeUnique()
        var (slot, found) = storage.position(of: key)
        if found {
            storage.elements[slot] = element
            return
        }
        if (storage.held + 1) * 2 > storage.capacity {
            storage = storage.copy(capacity: storage.capacity * 2, consuming: true)
            slot = storage.position(of: key).slot
        }
        storage.keys[slot] = key
        (storage.elements + slot).initialize(to: element)
        storage.held += 1
    }

    /// Gives this table slots of its own before it changes them.
    @inlinable
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy(capacity: storage.capacity, consuming: false)
        }
    }

    /// Keys and elements in two allocations of `capacity` slots (a power of two); an
    /// element is initialized exactly where its slot's key is not `free`.
    @usableFromInline
    final class Storage {
        @usableFromInline let keys: UnsafeMutablePointer<Int>
        @usableFromInline let elements: UnsafeMutablePointer<Element>
        @usableFromInline let capacity: Int
        /// 64 minus log2 of the capacity: the hash keeps the product's top bits.
        @usableFromInline let shift: UInt64
        /// Keys held.
        @usableFromInline var held = 0

        @usableFromInline
        init(capacity: Int) {
            self.capacity = capacity
            shift = UInt64(64 - capacity.trailingZeroBitCount)
            keys = .allocate(capacity: capacity)
            keys.initialize(repeating: NumberTable.free, count: capacity)
            elements = .allocate(capacity: capacity)
        }

        deinit {
            for slot in 0..<capacity where keys[slot] != NumberTable.free {
                (elements + slot).deinitialize(count: 1)
            }
            keys.deallocate()
            elements.deallocate()
        }

        @inlinable var mask: Int { capacity &- 1 }

        /// The slot a key's probe starts at.
        ///
        /// The hash is a function outside the generic class: as a method, each element
        /// type's copy of it was a separate function, and the optimizer, merging the
        /// otherwise identical `position(of:)` of every element type, called it through a
        /// function pointer at every probe (some 30 instructions a look-up).
        @inlinable
        func home(of key: Int) -> Int { numberTableSlot(of: key, shift: shift) }

        /// The slot holding `key`, or the free slot where it would go.
        @inlinable
        func position(of key: Int) -> (slot: Int, found: Bool) {
            var slot = home(of: key)
            while true {
                let held = keys[slot]
                if held == key { return (slot, true) }
                if held == NumberTable.free { return (slot, false) }
                slot = (slot &+ 1) & mask
            }
        }

        /// Takes the element for `key` out, moving back every entry whose probe passed its
        /// slot, so that each stays findable. Elements move, never copied: no retains.
        @inlinable
        func remove(_ key: Int) -> Element? {
            let (slot, found) = position(of: key)
            guard found else { return nil }
            let removed = (elements + slot).move()
            keys[slot] = NumberTable.free
            close(slot)
            return removed
        }

        /// Destroys the element for `key` where it is, if there is one, and closes the gap.
        @inlinable
        func discard(_ key: Int) {
            let (slot, found) = position(of: key)
            guard found else { return }
            discard(slot: slot)
        }

        /// Destroys the element in `slot`, which holds one, and closes the gap.
        @inlinable
        func discard(slot: Int) {
            (elements + slot).deinitialize(count: 1)
            keys[slot] = NumberTable.free
            close(slot)
        }

        /// Moves back every entry whose probe passed the now free `slot`, so that each
        /// stays findable.
        @inlinable
        func close(_ slot: Int) {
            var hole = slot
            var next = (slot &+ 1) & mask
            while keys[next] != NumberTable.free {
                let home = self.home(of: keys[next])
                if (next &- home) & mask >= (next &- hole) & mask {
                    keys[hole] = keys[next]
                    keys[next] = NumberTable.free
                    (elements + hole).moveInitialize(from: elements + next, count: 1)
                    hole = next
                }
                next = (next &+ 1) & mask
            }
            held -= 1
        }

        /// A table of `capacity` slots with every entry: moved out of this one when
        /// `consuming` (which is then left empty), else copied.
        @usableFromInline
        func copy(capacity: Int, consuming: Bool) -> Storage {
            let copy = Storage(capacity: capacity)
            for slot in 0..<self.capacity where keys[slot] != NumberTable.free {
                let target = copy.position(of: keys[slot]).slot
                copy.keys[target] = keys[slot]
                if consuming {
                    (copy.elements + target).moveInitialize(from: elements + slot, count: 1)
                    keys[slot] = NumberTable.free
                } else {
                    (copy.elements + target).initialize(to: elements[slot])
                }
            }
            copy.held = held
            if consuming { held = 0 }
            return copy
        }
    }
}

extension NumberTable: @unchecked Sendable where Element: Sendable {}

/// The slot, in a table of 2^(64 - `shift`) slots, that `key`'s probe starts at: the top
/// bits of the key times 2^64 over the golden ratio (Fibonacci hashing).
@inlinable
func numberTableSlot(of key: Int, shift: UInt64) -> Int {
    Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> shift)
}
