extension PlainText {
    /// Appends `bytes` with every recognised character reference replaced by its UTF-8 encoding.
    static func decodingEntities(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout ByteBuffer) {
        let end = bytes.count
        var copyFrom = 0
        var index = 0
        while index < end {
            guard bytes[index] == ASCII.ampersand else {
                index += 1
                continue
            }
            if let (scalar, next) = characterReference(in: bytes, at: index) {
                output.append(bytes, copyFrom..<index)
                output.appendScalar(scalar)
                index = next
                copyFrom = next
            } else {
                index += 1
            }
        }
        output.append(bytes, copyFrom..<end)
    }

    /// The scalar named by the reference starting with the `&` at `start`, and the index after it.
    private static func characterReference(
        in bytes: UnsafeBufferPointer<UInt8>, at start: Int
    ) -> (UInt32, Int)? {
        let end = bytes.count
        var index = start + 1
        guard index < end else { return nil }
        if bytes[index] == ASCII.hash {
            index += 1
            var radix: UInt32 = 10
            if index < end && bytes[index] | 0x20 == 0x78 {
                radix = 16
                index += 1
            }
            var value: UInt32 = 0
            var digits = 0
            while index < end, let digit = ASCII.hexValue(bytes[index]), digit < radix {
                // Saturate instead of overflowing: anything past U+10FFFF is invalid anyway.
                if value <= 0x10FFFF { value = value * radix + digit }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if index < end && bytes[index] == ASCII.semicolon { index += 1 }
            return (numericReferenceScalar(value), index)
        }
        let nameStart = index
        while index < end && ASCII.isAlphanumeric(bytes[index]) {
            index += 1
            if index - nameStart > HTMLEntities.maximumNameLength { return nil }
        }
        guard index > nameStart else { return nil }
        let packed = PackedName(bytes, nameStart..<index)
        if index < end && bytes[index] == ASCII.semicolon {
            let scalar =
                if let packed {
                    HTMLEntities.byPackedName.value(for: packed)
                } else {
                    HTMLEntities.longNames[
                        String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<index]), as: UTF8.self)]
                }
            return scalar.map { ($0, index + 1) }
        }
        guard let packed, let scalar = HTMLEntities.legacyWithoutSemicolon.value(for: packed) else { return nil }
        return (scalar, index)
    }

    /// The character a numeric reference stands for, following the HTML rules for bad values.
    private static func numericReferenceScalar(_ value: UInt32) -> UInt32 {
        switch value {
        case 0, 0xD800...0xDFFF, 0x110000...:
            return 0xFFFD
        case 0x80...0x9F:
            return HTMLEntities.windows1252[Int(value - 0x80)]
        default:
            return value
        }
    }
}
