/// Builds gzip members (RFC 1952) without zlib, for the server's compressed replies.
///
/// Two encoders suffice for tests: stored blocks, which are valid gzip that any decoder must accept,
/// and a hand-built dynamic Huffman block for long runs of zeros, which is how a "gzip bomb" packs
/// a gigabyte into about a megabyte in milliseconds instead of compressing it byte by byte.
enum GzipEncoder {
    /// `data` as a gzip member of uncompressed (stored) deflate blocks.
    static func stored(_ data: [UInt8]) -> [UInt8] {
        var out = header
        let blockLimit = 65_535
        var start = 0
        repeat {
            let end = min(start + blockLimit, data.count)
            let isFinal = end == data.count
            let length = UInt16(end - start)
            out.append(isFinal ? 1 : 0)
            appendLittleEndian(&out, UInt32(length), bytes: 2)
            appendLittleEndian(&out, UInt32(~length), bytes: 2)
            out.append(contentsOf: data[start..<end])
            start = end
        } while start < data.count
        appendLittleEndian(&out, CRC32.checksum(data), bytes: 4)
        appendLittleEndian(&out, UInt32(truncatingIfNeeded: data.count), bytes: 4)
        return out
    }

    /// A gzip member that decompresses to `count` zero bytes, at about 2 bits per 258 bytes.
    ///
    /// One dynamic Huffman block whose literal/length code has three symbols (literal 0, end of
    /// block, and length 258) and whose distance code has distance 1. The length-258 symbol and
    /// distance 1 both get the all-zero code, so each 258-byte copy is two zero bits and the bulk
    /// of the block is appended as zero bytes.
    static func zeros(count: Int) -> [UInt8] {
        precondition(count >= 0, "a byte count is never negative")
        var literalLengths = [Int](repeating: 0, count: 286)
        literalLengths[0] = 2
        literalLengths[256] = 2
        literalLengths[285] = 1
        let distanceLengths = [1, 1]
        let literalCodes = Huffman.canonicalCodes(lengths: literalLengths)
        let distanceCodes = Huffman.canonicalCodes(lengths: distanceLengths)
        precondition(literalCodes[285] == 0 && distanceCodes[0] == 0, "a 258-byte copy must be all zero bits")

        // The code-length code describes the two tables above with symbols 1, 2 and 18 (a run of zeros).
        var codeLengthLengths = [Int](repeating: 0, count: 19)
        codeLengthLengths[1] = 2
        codeLengthLengths[2] = 2
        codeLengthLengths[18] = 1
        let codeLengthCodes = Huffman.canonicalCodes(lengths: codeLengthLengths)
        let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        let sentCodeLengths = 18

        var bits = BitWriter()
        bits.write(1, count: 1)
        bits.write(2, count: 2)
        bits.write(UInt32(literalLengths.count - 257), count: 5)
        bits.write(UInt32(distanceLengths.count - 1), count: 5)
        bits.write(UInt32(sentCodeLengths - 4), count: 4)
        for symbol in codeLengthOrder.prefix(sentCodeLengths) {
            bits.write(UInt32(codeLengthLengths[symbol]), count: 3)
        }
        func codeLength(_ symbol: Int) {
            bits.writeHuffman(codeLengthCodes[symbol], length: codeLengthLengths[symbol])
        }
        func zeroRun(_ length: Int) {
            codeLength(18)
            bits.write(UInt32(length - 11), count: 7)
        }
        codeLength(2)
        zeroRun(138)
        zeroRun(117)
        codeLength(2)
        zeroRun(28)
        codeLength(1)
        codeLength(1)
        codeLength(1)

        if count > 0 {
            bits.writeHuffman(literalCodes[0], length: literalLengths[0])
            let copies = (count - 1) / 258
            bits.writeZeros(copies * 2)
            for _ in 0..<((count - 1) % 258) {
                bits.writeHuffman(literalCodes[0], length: literalLengths[0])
            }
        }
        bits.writeHuffman(literalCodes[256], length: literalLengths[256])
        bits.flush()

        var out = header
        out.append(contentsOf: bits.bytes)
        appendLittleEndian(&out, CRC32.checksumOfZeros(count: count), bytes: 4)
        appendLittleEndian(&out, UInt32(truncatingIfNeeded: count), bytes: 4)
        return out
    }

    /// Magic, deflate, no flags, no time, no extra flags, unknown OS.
    private static let header: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255]

    private static func appendLittleEndian(_ out: inout [UInt8], _ value: UInt32, bytes: Int) {
        for index in 0..<bytes {
            out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(index))))
        }
    }
}

/// Canonical Huffman codes as deflate defines them (RFC 1951 §3.2.2).
enum Huffman {
    /// The code of each symbol given every symbol's code length (0 for unused symbols).
    static func canonicalCodes(lengths: [Int]) -> [UInt32] {
        let maxLength = lengths.max() ?? 0
        var lengthCounts = [UInt32](repeating: 0, count: maxLength + 1)
        for length in lengths where length > 0 { lengthCounts[length] += 1 }
        var nextCode = [UInt32](repeating: 0, count: maxLength + 2)
        var code: UInt32 = 0
        if maxLength >= 1 {
            for length in 1...maxLength {
                code = (code + lengthCounts[length - 1]) << 1
                nextCode[length] = code
            }
        }
        var codes = [UInt32](repeating: 0, count: lengths.count)
        for (symbol, length) in lengths.enumerated() where length > 0 {
            codes[symbol] = nextCode[length]
            nextCode[length] += 1
        }
        return codes
    }
}

/// Packs bits least-significant first, as deflate streams are laid out.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var pending: UInt32 = 0
    private var pendingCount = 0

    /// Writes the low `count` bits of `value`, least significant first.
    mutating func write(_ value: UInt32, count: Int) {
        guard count > 0 else { return }
        pending |= (value & ((1 << UInt32(count)) - 1)) << UInt32(pendingCount)
        pendingCount += count
        while pendingCount >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: pending))
            pending >>= 8
            pendingCount -= 8
        }
    }

    /// Writes a Huffman code, which deflate stores most significant bit first.
    mutating func writeHuffman(_ code: UInt32, length: Int) {
        var reversed: UInt32 = 0
        for bit in 0..<length {
            reversed |= ((code >> UInt32(bit)) & 1) << UInt32(length - 1 - bit)
        }
        write(reversed, count: length)
    }

    /// Writes `count` zero bits, whole bytes in bulk.
    mutating func writeZeros(_ count: Int) {
        var remaining = count
        let toBoundary = min(remaining, (8 - pendingCount) % 8)
        write(0, count: toBoundary)
        remaining -= toBoundary
        if pendingCount == 0 {
            bytes.append(contentsOf: [UInt8](repeating: 0, count: remaining / 8))
            remaining %= 8
        }
        write(0, count: remaining)
    }

    /// Pads the last partial byte with zero bits.
    mutating func flush() {
        if pendingCount > 0 {
            bytes.append(UInt8(truncatingIfNeeded: pending))
            pending = 0
            pendingCount = 0
        }
    }
}

/// CRC-32 as gzip uses it (reflected polynomial 0xEDB88320).
enum CRC32 {
    private static let polynomial: UInt32 = 0xEDB8_8320

    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 {
            crc = crc & 1 == 1 ? (crc >> 1) ^ polynomial : crc >> 1
        }
        return crc
    }

    /// The checksum of `bytes`.
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return ~crc
    }

    /// The checksum of `count` zero bytes in O(log count) steps.
    ///
    /// Feeding zero bytes multiplies the register by x^8 modulo the polynomial, so `count` of them
    /// multiply it by x^(8·count), computed by repeated squaring.
    static func checksumOfZeros(count: Int) -> UInt32 {
        let one: UInt32 = 0x8000_0000
        var power: UInt32 = one >> 8
        var factor = one
        var exponent = count
        while exponent > 0 {
            if exponent & 1 == 1 { factor = multiply(factor, power) }
            power = multiply(power, power)
            exponent >>= 1
        }
        return ~multiply(factor, 0xFFFF_FFFF)
    }

    /// The product of two polynomials modulo the CRC polynomial, in reflected bit order
    /// (the top bit is the x^0 coefficient).
    private static func multiply(_ lhs: UInt32, _ rhs: UInt32) -> UInt32 {
        var product: UInt32 = 0
        var shifted = rhs
        var mask: UInt32 = 0x8000_0000
        while mask != 0 {
            if lhs & mask != 0 { product ^= shifted }
            mask >>= 1
            shifted = shifted & 1 == 1 ? (shifted >> 1) ^ polynomial : shifted >> 1
        }
        return product
    }
}
