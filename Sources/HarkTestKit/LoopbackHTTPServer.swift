/// Placeholder for the loopback HTTP server.
public enum LoopbackPlaceholder {}
