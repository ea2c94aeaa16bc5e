/// Placeholder for the SQLite state store.
public enum StateStorePlaceholder {}
