extension PlainText {
    /// What a scalar means to whitespace collapsing.
    private enum ScalarClass {
        case whitespace
        case removed
        case kept
    }

    /// Appends `bytes` (valid UTF-8) with whitespace runs collapsed to one space, trimmed, and control and
    /// invisible format characters removed.
    static func collapsingWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout ByteBuffer) {
        let end = bytes.count
        var pendingSpace = false
        var index = 0
        while index < end {
            let lead = bytes[index]
            if lead > ASCII.space && lead < 0x7F {
                // Copy a run of visible ASCII (a word, usually) in one go.
                var runEnd = index + 1
                while runEnd < end && bytes[runEnd] > ASCII.space && bytes[runEnd] < 0x7F { runEnd += 1 }
                if pendingSpace && !output.isEmpty { output.append(ASCII.space) }
                pendingSpace = false
                output.append(bytes, index..<runEnd)
                index = runEnd
                continue
            }
            if lead < 0x80 {
                index += 1
                if lead == ASCII.space || (lead >= ASCII.tab && lead <= ASCII.carriageReturn) {
                    pendingSpace = true
                } else if lead >= 0x20 && lead != 0x7F {
                    if pendingSpace && !output.isEmpty { output.append(ASCII.space) }
                    pendingSpace = false
                    output.append(lead)
                }
                continue
            }
            let length = min(lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2, end - index)
            switch classify(bytes, at: index, length: length) {
            case .whitespace:
                pendingSpace = true
            case .removed:
                break
            case .kept:
                if pendingSpace && !output.isEmpty { output.append(ASCII.space) }
                pendingSpace = false
                output.append(bytes, index..<index + length)
            }
            index += length
        }
    }

    /// Classifies the multi-byte scalar at `index` by its encoding, without decoding it.
    @inline(__always)
    private static func classify(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> ScalarClass {
        let lead = bytes[index]
        if length == 2 && lead == 0xC2 {
            let second = bytes[index + 1]
            switch second {
            case 0x85, 0xA0: return .whitespace
            case 0x80...0x9F, 0xAD: return .removed
            default: return .kept
            }
        }
        guard length == 3 else { return .kept }
        let second = bytes[index + 1]
        let third = bytes[index + 2]
        switch (lead, second) {
        case (0xE1, 0x9A) where third == 0x80:
            return .whitespace
        case (0xE2, 0x80):
            switch third {
            case 0x80...0x8A, 0xA8, 0xA9, 0xAF: return .whitespace
            case 0x8B: return .removed
            default: return .kept
            }
        case (0xE2, 0x81):
            switch third {
            case 0x9F: return .whitespace
            case 0xA0: return .removed
            default: return .kept
            }
        case (0xE3, 0x80) where third == 0x80:
            return .whitespace
        case (0xEF, 0xBB) where third == 0xBF:
            return .removed
        default:
            return .kept
        }
    }
}
