import ServiceLifecycle

/// Sleeps for `duration`, returning early when the task is cancelled or a graceful shutdown begins,
/// so a loop's idle wait never delays a shutdown.
func pause(for duration: Duration) async {
    try? await cancelWhenGracefulShutdown {
        try await Task.sleep(for: duration)
    }
}

/// Whether a loop should stop: its task was cancelled or a graceful shutdown began.
var shouldStop: Bool {
    Task.isCancelled || Task.isShuttingDownGracefully
}
