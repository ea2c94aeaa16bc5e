#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The memory one analysis tokenizes into: the tokens and the lowercased bytes they point at.
///
/// Every mention is analysed, and most are short, so allocating (and zeroing) these buffers per
/// text cost as much as tokenizing it. Each thread keeps one set instead, grown to the largest
/// text it has seen up to `cachedTextLimit` bytes; longer texts get buffers of their own for the
/// call. A thread runs one analysis at a time from start to end (analysing never suspends), so
/// its buffers are never shared; nothing of one text survives into the next that matters, since
/// every byte a lookup reads past a token is masked off and every token is written before it is read.
struct SentimentScratch {
    var tokens: UnsafeMutablePointer<SentimentToken>
    var tokenCapacity: Int
    /// Zeroed when allocated, so reads past the last written byte never see uninitialized memory.
    var bytes: UnsafeMutablePointer<UInt8>
    var byteCapacity: Int

    /// Texts longer than this (in UTF-8 bytes) do not grow the per-thread buffers.
    static let cachedTextLimit = 16 * 1024

    /// Buffers for a text of `textLength` UTF-8 bytes: a token per byte at most (every token
    /// covers at least one byte of its own) and three scratch bytes per byte (lowercasing grows a
    /// scalar by at most a byte per source byte, a token adds a separator) plus the sixteen that
    /// lookups and eight-byte stores may touch past the end.
    init(textLength: Int) {
        tokenCapacity = textLength + 1
        byteCapacity = 3 * textLength + 16
        tokens = .allocate(capacity: tokenCapacity)
        bytes = .allocate(capacity: byteCapacity)
        bytes.initialize(repeating: 0, count: byteCapacity)
    }

    func deallocate() {
        tokens.deallocate()
        bytes.deallocate()
    }

    func fits(textLength: Int) -> Bool {
        tokenCapacity >= textLength + 1 && byteCapacity >= 3 * textLength + 16
    }

    /// Runs `body` with buffers for a text of `textLength` bytes.
    static func with<R>(textLength: Int, _ body: (SentimentScratch) -> R) -> R {
        guard textLength <= cachedTextLimit else {
            let own = SentimentScratch(textLength: textLength)
            defer { own.deallocate() }
            return body(own)
        }
        let slot: UnsafeMutablePointer<SentimentScratch>
        if let raw = pthread_getspecific(scratchKey) {
            slot = raw.assumingMemoryBound(to: SentimentScratch.self)
            if !slot.pointee.fits(textLength: textLength) {
                slot.pointee.deallocate()
                slot.pointee = SentimentScratch(textLength: max(textLength, 2 * slot.pointee.tokenCapacity))
            }
        } else {
            slot = .allocate(capacity: 1)
            slot.initialize(to: SentimentScratch(textLength: max(textLength, 256)))
            pthread_setspecific(scratchKey, slot)
        }
        return body(slot.pointee)
    }
}

/// The thread-local slot of each thread's `SentimentScratch`, freed when the thread exits.
private let scratchKey: pthread_key_t = {
    var key = pthread_key_t()
    let status = pthread_key_create(&key) { raw in
        guard let slot = raw?.assumingMemoryBound(to: SentimentScratch.self) else { return }
        slot.pointee.deallocate()
        slot.deinitialize(count: 1)
        slot.deallocate()
    }
    precondition(status == 0, "pthread_key_create failed: \(status)")
    return key
}()
