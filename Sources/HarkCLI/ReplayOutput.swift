import Foundation
import HarkCore

/// Where `hark replay` writes: standard output, straight from the buffers lines already sit in.
///
/// Labelling renders most mentions' lines into its chunk's buffer, and the ordered half passes them
/// through unchanged. Copying each chunk into a new buffer, then into a `Data`, then into the kernel
/// cost three copies of the whole output; here runs of rendered lines go to `write(2)` from the
/// chunk's own buffer, and only what the ordered half composes (demand lines with their theme,
/// notifications) is written into `composed` first. At most one of the two holds unwritten bytes at
/// any time, so output order is kept.
///
/// A failed write (a closed pipe, a full disk) is remembered and stops further output; `finish`
/// reports it, so replay ends with an error rather than a trap or a silently short output.
struct ReplayOutput: ~Copyable {
    private var composed = JSONStreamWriter(capacity: 64 << 10)
    /// Rendered bytes waiting to be written, in the buffer of the chunk being finished.
    private var run: Range<Int>?
    /// The `errno` of the first failed write.
    private(set) var failure: Int32?

    /// Adds the rendered line `range` of `rendered`, the buffer of the chunk being finished.
    mutating func line(_ range: Range<Int>, of rendered: RenderedLines) {
        flushComposed()
        if let pending = run, pending.upperBound == range.lowerBound {
            run = pending.lowerBound..<range.upperBound
            return
        }
        flushRun(rendered)
        run = range
    }

    /// Lets `body` write composed output after everything added so far. Writing nothing leaves a
    /// run of rendered lines growing.
    mutating func compose<R>(after rendered: RenderedLines, _ body: (inout JSONStreamWriter) -> R) -> R {
        // While a run is pending, `composed` is empty (`line` flushed it), so whatever `body` wrote
        // comes after the run: write the run first.
        let result = body(&composed)
        if composed.count > 0 { flushRun(rendered) }
        return result
    }

    /// Writes everything added so far; call it before moving on to another chunk's buffer.
    mutating func flush(_ rendered: RenderedLines) {
        flushRun(rendered)
        flushComposed()
    }

    private mutating func flushRun(_ rendered: RenderedLines) {
        guard let pending = run else { return }
        run = nil
        guard failure == nil else { return }
        failure = rendered.withBytes { Self.write(UnsafeBufferPointer(rebasing: $0[pending])) }
    }

    private mutating func flushComposed() {
        guard composed.count > 0 else { return }
        if failure == nil { failure = composed.withBytes { Self.write($0) } }
        composed.removeAll()
    }

    /// Writes all of `bytes` to standard output; the `errno` of a failure, or nil.
    private static func write(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard var next = bytes.baseAddress else { return nil }
        var left = bytes.count
        while left > 0 {
            let written = Foundation.write(STDOUT_FILENO, next, left)
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return errno
            }
            next += written
            left -= written
        }
        return nil
    }
}

/// The JSON lines a chunk's labelling rendered, left in the buffer they were written into: handing
/// them on as an array copied the whole output once more.
///
/// `@unchecked Sendable` is safe: the writer is moved in by `init` and only ever read after that
/// (`withBytes` takes it borrowed), so tasks that share the object see memory nobody writes.
final class RenderedLines: @unchecked Sendable {
    private let writer: JSONStreamWriter

    init(_ writer: consuming JSONStreamWriter) {
        self.writer = writer
    }

    /// No lines, for a chunk not yet processed and for output after the last chunk.
    static let none = RenderedLines(JSONStreamWriter(capacity: 0))

    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try writer.withBytes(body)
    }
}
