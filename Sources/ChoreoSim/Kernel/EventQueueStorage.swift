extension EventQueue {
    /// The buckets of an `EventQueue` and a pool of fixed-size chunks holding their events.
    ///
    /// A bucket is a chain of chunks, so that the buckets share one allocation that does
    /// not grow once the queue has reached its size: in a steady state popping and pushing
    /// allocate nothing. A chunk emptied by taking from a bucket's front goes back to a free
    /// list at once.
    @usableFromInline
    internal final class Storage {
        /// Events a chunk holds: 16 events of 16 bytes (the simulator's) are four cache lines.
        @inlinable internal static var chunkSize: Int { 1 &<< chunkShift }
        @inlinable internal static var chunkShift: Int { 4 }

        /// Bucket 0 for the base time, then 15 for each of the 16 base-16 digits.
        @inlinable internal static var bucketCount: Int { 256 }

        /// The storage's mutable scalars, kept behind a pointer: stored `var`s of a class
        /// would be checked for exclusive access at run time, at every push and pop.
        @frozen
        @usableFromInline
        internal struct State {
            /// `chunkCapacity * chunkSize` slots, initialized where a bucket holds an event.
            @usableFromInline internal var entries: UnsafeMutablePointer<Entry>
            /// For each chunk in a chain, the next chunk; for each free chunk, the next free.
            @usableFromInline internal var links: UnsafeMutablePointer<Int>
            @usableFromInline internal var chunkCapacity: Int
            /// Chunks ever handed out; those from here on have never been used.
            @usableFromInline internal var chunksUsed: Int
            /// The first chunk of the free list, or -1.
            @usableFromInline internal var freeChunk: Int
            /// The base time: no pending event is earlier.
            @usableFromInline internal var base: Int64
            @usableFromInline internal var count: Int

            @inlinable
            internal init(chunkCapacity: Int) {
                entries = .allocate(capacity: chunkCapacity &* Storage.chunkSize)
                links = .allocate(capacity: chunkCapacity)
                self.chunkCapacity = chunkCapacity
                chunksUsed = 0
                freeChunk = -1
                base = 0
                count = 0
            }
        }

        @usableFromInline internal let state: UnsafeMutablePointer<State>
        @usableFromInline internal let buckets: UnsafeMutablePointer<Bucket>
        /// One bit per bucket, set while the bucket holds an event.
        @usableFromInline internal let occupied: UnsafeMutablePointer<UInt64>

        @inlinable internal var entries: UnsafeMutablePointer<Entry> {
            get { state.pointee.entries }
            set { state.pointee.entries = newValue }
        }
        @inlinable internal var links: UnsafeMutablePointer<Int> {
            get { state.pointee.links }
            set { state.pointee.links = newValue }
        }
        @inlinable internal var chunkCapacity: Int {
            get { state.pointee.chunkCapacity }
            set { state.pointee.chunkCapacity = newValue }
        }
        @inlinable internal var chunksUsed: Int {
            get { state.pointee.chunksUsed }
            set { state.pointee.chunksUsed = newValue }
        }
        @inlinable internal var freeChunk: Int {
            get { state.pointee.freeChunk }
            set { state.pointee.freeChunk = newValue }
        }
        @inlinable internal var base: Int64 {
            get { state.pointee.base }
            set { state.pointee.base = newValue }
        }
        @inlinable internal var count: Int {
            get { state.pointee.count }
            set { state.pointee.count = newValue }
        }

        /// Room for `capacity` events: their chunks, a quarter more for chunks partly
        /// filled, and one for each of up to 128 buckets in use (a bucket keeps a chunk
        /// when it empties; under the hold model a few dozen to a hundred are in use).
        @inlinable
        internal convenience init(reservingCapacity capacity: Int) {
            let chunks = (capacity &+ Self.chunkSize &- 1) / Self.chunkSize
            self.init(chunkCapacity: capacity == 0 ? 0 : chunks &+ chunks / 4 &+ 128)
        }

        @inlinable
        internal init(chunkCapacity: Int) {
            state = .allocate(capacity: 1)
            state.initialize(to: State(chunkCapacity: chunkCapacity))
            buckets = .allocate(capacity: Self.bucketCount)
            buckets.initialize(repeating: .unused, count: Self.bucketCount)
            occupied = .allocate(capacity: Self.bucketCount / 64)
            occupied.initialize(repeating: 0, count: Self.bucketCount / 64)
        }

        deinit {
            deinitializeEntries()
            entries.deallocate()
            links.deallocate()
            buckets.deallocate()
            occupied.deallocate()
            state.deallocate()
        }

        /// The bucket for `time`, given that it is not before `base`.
        @inlinable
        @inline(__always)
        internal static func bucket(for time: Int64, base: Int64) -> Int {
            let difference = UInt64(bitPattern: time ^ base)
            // The highest differing digit; garbage (masked to stay in range) when none does.
            let digit = ((63 &- difference.leadingZeroBitCount) &>> 2) & 15
            let value = Int(truncatingIfNeeded: UInt64(bitPattern: time) &>> UInt64(digit &* 4))
            return difference == 0 ? 0 : digit &* 16 &+ value & 15
        }

        /// The lowest bucket holding an event; the queue must not be empty.
        @inlinable
        @inline(__always)
        internal func lowestOccupied() -> Int {
            if occupied[0] != 0 { return occupied[0].trailingZeroBitCount }
            if occupied[1] != 0 { return 64 &+ occupied[1].trailingZeroBitCount }
            if occupied[2] != 0 { return 128 &+ occupied[2].trailingZeroBitCount }
            return 192 &+ occupied[3].trailingZeroBitCount
        }

        /// Inlined, as `removeEarliest` is: a simulation pushes from four places and pops
        /// from one, and each call moved the entry and the storage's pointers between
        /// registers and the stack.
        @inlinable
        @inline(__always)
        internal func insert(_ entry: Entry) {
            if count == 0 {
                base = entry.time
            } else if entry.time < base {
                rebuild(base: entry.time)
            }
            append(entry, to: Self.bucket(for: entry.time, base: base))
            count &+= 1
        }

        @inlinable
        @inline(__always)
        internal func removeEarliest(notAfter limit: Int64) -> Entry? {
            if occupied[0] & 1 != 0 {
                guard base <= limit else { return nil }
                count &-= 1
                return takeFirst(from: 0)
            }
            let index = lowestOccupied()
            guard buckets[index].earliest <= limit else { return nil }
            count &-= 1
            let tail = buckets[index].tail
            if buckets[index].head &+ 1 == tail && tail & (Self.chunkSize &- 1) != 0 {
                // The lowest bucket holds one event, the earliest: it need not move first.
                // So it is for most pops (7 in 10 at 1,000 events pending, measured before
                // buckets whose tail starts a chunk went to `redistribute`). A tail at the
                // start of a chunk is left to `redistribute`: the slot before it ends some
                // chunk, but not necessarily the head's, where the chain may go on through
                // other full chunks (a head in chunk 3's last slot, a tail in chunk 4 after
                // chunk 9: 17 events, not one).
                let entry = takeFirst(from: index)
                base = entry.time
                return entry
            }
            return redistribute(index)
        }

        /// Makes the earliest time of the bucket at `index` the base, takes the first event
        /// at that time, and moves every other event of that bucket to a lower one.
        ///
        /// Taking that event here rather than from bucket 0 afterwards saves moving it once
        /// more.
        @inlinable
        internal func redistribute(_ index: Int) -> Entry {
            let source = buckets + index
            let newBase = source.pointee.earliest
            base = newBase
            let tail = source.pointee.tail
            var head = source.pointee.head
            func takeFront() -> Entry {
                let entry = (entries + head).move()
                head = advance(head)
                // Kept current because `append` may grow the pool, which moves the events
                // from `head` on.
                source.pointee.head = head
                return entry
            }
            // `earliest` is exact for a bucket other than 0 (it only ever empties whole), so
            // an event at the new base comes before the tail.
            var first = takeFront()
            while first.time != newBase {
                append(first, to: Self.bucket(for: first.time, base: newBase))
                precondition(head != tail, "bucket \(index) has no event at its earliest time")
                first = takeFront()
            }
            while head != tail {
                let entry = takeFront()
                append(entry, to: Self.bucket(for: entry.time, base: newBase))
            }
            source.pointee.earliest = .max
            occupied[index &>> 6] &= ~(1 &<< UInt64(index & 63))
            return first
        }

        @inlinable
        @inline(__always)
        internal func append(_ entry: Entry, to index: Int) {
            let bucket = buckets + index
            var tail = bucket.pointee.tail
            if tail < 0 {
                tail = takeChunk() &* Self.chunkSize
                bucket.pointee.head = tail
                bucket.pointee.tail = tail
            }
            var next = tail &+ 1
            if next & (Self.chunkSize &- 1) == 0 {
                // The event fills the chunk: chain the next one first, so that if the pool
                // grows, it moves a consistent bucket.
                let chunk = takeChunk()
                links[tail &>> Self.chunkShift] = chunk
                next = chunk &* Self.chunkSize
            }
            (entries + tail).initialize(to: entry)
            bucket.pointee.tail = next
            bucket.pointee.earliest = Swift.min(bucket.pointee.earliest, entry.time)
            occupied[index &>> 6] |= 1 &<< UInt64(index & 63)
        }

        /// Removes the front event of the bucket at `index`, which must not be empty.
        @inlinable
        @inline(__always)
        internal func takeFirst(from index: Int) -> Entry {
            let bucket = buckets + index
            let head = bucket.pointee.head
            let entry = (entries + head).move()
            let next = advance(head)
            bucket.pointee.head = next
            if next == bucket.pointee.tail {
                bucket.pointee.earliest = .max
                occupied[index &>> 6] &= ~(1 &<< UInt64(index & 63))
            }
            return entry
        }

        /// The slot after `slot` in its bucket, releasing `slot`'s chunk when it is the
        /// chunk's last: the chain goes on, because the tail is never in a full chunk.
        @inlinable
        @inline(__always)
        internal func advance(_ slot: Int) -> Int {
            let next = slot &+ 1
            guard next & (Self.chunkSize &- 1) == 0 else { return next }
            let chunk = slot &>> Self.chunkShift
            let following = links[chunk]
            releaseChunk(chunk)
            return following &* Self.chunkSize
        }

        @inlinable
        @inline(__always)
        internal func takeChunk() -> Int {
            if freeChunk >= 0 {
                let chunk = freeChunk
                freeChunk = links[chunk]
                return chunk
            }
            if chunksUsed == chunkCapacity { grow() }
            chunksUsed &+= 1
            return chunksUsed &- 1
        }

        @inlinable
        @inline(__always)
        internal func releaseChunk(_ chunk: Int) {
            links[chunk] = freeChunk
            freeChunk = chunk
        }

        /// Calls `body` with every pending event of the bucket at `index`, front to back.
        @inlinable
        internal func forEachEntry(
            inBucket index: Int, _ body: (UnsafeMutablePointer<Entry>) -> Void
        ) {
            var slot = buckets[index].head
            let tail = buckets[index].tail
            while slot != tail {
                body(entries + slot)
                slot &+= 1
                if slot & (Self.chunkSize &- 1) == 0 {
                    slot = links[(slot &- 1) &>> Self.chunkShift] &* Self.chunkSize
                }
            }
        }

        /// Doubles the pool, keeping every event at its chunk and slot.
        @inlinable
        @inline(never)
        internal func grow() {
            let newCapacity = Swift.max(8, chunkCapacity &* 2)
            let newEntries = UnsafeMutablePointer<Entry>.allocate(
                capacity: newCapacity &* Self.chunkSize)
            let newLinks = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
            newLinks.moveInitialize(from: links, count: chunksUsed)
            for index in 0..<Self.bucketCount {
                forEachEntry(inBucket: index) { slot in
                    (newEntries + (slot - entries)).moveInitialize(from: slot, count: 1)
                }
            }
            entries.deallocate()
            links.deallocate()
            entries = newEntries
            links = newLinks
            chunkCapacity = newCapacity
        }

        /// Moves every event into buckets around `newBase`, which no event is before.
        ///
        /// Buckets are emptied in order, each front to back, and equal times share a
        /// bucket, so equal times keep their order.
        @inlinable
        @inline(never)
        internal func rebuild(base newBase: Int64) {
            var pending: [Entry] = []
            pending.reserveCapacity(count)
            for index in 0..<Self.bucketCount {
                while buckets[index].head != buckets[index].tail {
                    pending.append(takeFirst(from: index))
                }
            }
            base = newBase
            for entry in pending {
                append(entry, to: Self.bucket(for: entry.time, base: newBase))
            }
        }

        @inlinable
        internal func deinitializeEntries() {
            guard !_isPOD(Entry.self) else { return }
            for index in 0..<Self.bucketCount {
                forEachEntry(inBucket: index) { $0.deinitialize(count: 1) }
            }
        }

        @inlinable
        internal func removeAll() {
            deinitializeEntries()
            buckets.update(repeating: .unused, count: Self.bucketCount)
            occupied.update(repeating: 0, count: Self.bucketCount / 64)
            chunksUsed = 0
            freeChunk = -1
            count = 0
        }
    }
}
