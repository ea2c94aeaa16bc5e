import Foundation

/// Runs blocking work (a pipe read, a write and fsync) on a thread of its own, so it never occupies
/// one of the cooperative pool's few threads.
enum Blocking {
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.name = "hark-deliver-io"
            thread.start()
        }
    }
}
