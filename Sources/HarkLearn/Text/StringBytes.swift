extension String {
    /// Runs `body` on the string's UTF-8 bytes, lent where they are.
    ///
    /// Every labeller reads a post's bytes, and `withUTF8` is `mutating`: calling it on a
    /// parameter meant copying the string into a `var` first, a retain and a release of its
    /// storage per labeller per post. A native string (every string hark reads from JSON, files or
    /// the network) lends its contiguous bytes without that copy; any other takes the copy.
    @inline(__always)
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
