import Glibc

/// POSIX threads, because the server must join its threads on `stop()` and Foundation's `Thread`
/// cannot be joined.
enum JoinableThread {
    /// The body a new thread runs; handed to the thread as a retained pointer.
    private final class Start: Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Starts a thread running `body` and returns its handle, to be joined or detached exactly once.
    static func spawn(_ body: @escaping @Sendable () -> Void) throws(SocketError) -> pthread_t {
        let start = Unmanaged.passRetained(Start(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { argument in
                guard let argument else { return nil }
                Unmanaged<Start>.fromOpaque(argument).takeRetainedValue().body()
                return nil
            }, start)
        guard result == 0 else {
            Unmanaged<Start>.fromOpaque(start).release()
            throw SocketError(call: "pthread_create", code: result)
        }
        return thread
    }

    /// Waits for `thread` to finish.
    static func join(_ thread: pthread_t) {
        pthread_join(thread, nil)
    }

    /// Lets `thread` release its resources by itself when it finishes.
    static func detach(_ thread: pthread_t) {
        pthread_detach(thread)
    }
}
