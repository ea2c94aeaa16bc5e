/// Placeholder until the JSON form lands.
extension Mention {
    public var jsonLine: String { fatalError("not implemented") }
}
