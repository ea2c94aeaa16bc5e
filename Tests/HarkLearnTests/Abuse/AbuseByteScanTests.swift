import Testing

@testable import HarkLearn

/// The word-at-a-time scans of the quick pass must answer exactly what the byte-by-byte scans
/// they replaced answer, on every offset of a buffer (eight-byte loads near its end take another
/// path) and on text that is not ASCII.
@Suite("Abuse: word-at-a-time scans agree with byte-by-byte scans")
struct AbuseByteScanTests {
    /// The scan `ObfuscationDecoder.hasDisguise` replaced, kept here as the reference.
    static func referenceHasDisguise(_ bytes: [UInt8]) -> Bool {
        func kind(_ byte: UInt8) -> UInt8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"): 2
            case UInt8(ascii: "*"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "@"), UInt8(ascii: "!"),
                UInt8(ascii: "|"), UInt8(ascii: "%"):
                3
            default: 0
            }
        }
        var previous: UInt8 = 0
        var index = 0
        while index < bytes.count {
            var current = kind(bytes[index])
            let byte = bytes[index]
            if previous == 0, byte == UInt8(ascii: "#") || byte == UInt8(ascii: "@") {
                current = 0
            } else if byte == UInt8(ascii: "!"), previous == 1 {
                var end = index
                while end < bytes.count, bytes[end] == UInt8(ascii: "!") { end += 1 }
                if end == bytes.count || kind(bytes[end]) == 0 {
                    index = end
                    previous = 0
                    continue
                }
            }
            if (current == 1 && previous >= 2) || (previous == 1 && current >= 2) { return true }
            previous = current
            index += 1
        }
        return false
    }

    /// Texts built from the bytes that matter to the scans, with a fixed seed so a failure repeats.
    static let texts: [[UInt8]] = {
        let alphabet = Array("aZk 0 9!#@$*%|.,'\n\u{e9}中".utf8) + [0xFF, 0x80]
        var generator = SplitMix(seed: 7)
        var texts: [[UInt8]] = [
            Array("great!!! really".utf8), Array("a$$hole".utf8), Array("#tag @handle".utf8), Array("id10t".utf8),
            Array("3pm mp3 e.g. $5".utf8), Array("wow!! ok".utf8), Array("hi!x".utf8), Array("no digits at all here".utf8),
            Array("ends with a digit 4".utf8), Array("x".utf8), [], Array("abcdefgh12".utf8),
            Array("stuuupid yooou aaa bbbb zzzzzzzz".utf8), Array("caf\u{e9}\u{e9}\u{e9}s".utf8),
        ]
        for _ in 0..<4000 {
            let length = Int(generator.next() % 40)
            texts.append((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        }
        return texts
    }()

    @Test func disguiseScanAgreesOnEveryText() {
        for text in Self.texts {
            let fast = text.withUnsafeBufferPointer { ObfuscationDecoder.hasDisguise($0) }
            #expect(fast == Self.referenceHasDisguise(text), "\(String(decoding: text, as: UTF8.self))")
        }
    }

    @Test func elongationAgreesAtEveryOffset() {
        for text in Self.texts where !text.isEmpty {
            text.withUnsafeBufferPointer { all in
                for start in 0..<all.count {
                    for end in start...min(all.count, start + 12) {
                        let slow = Elongation.isElongated(UnsafeBufferPointer(rebasing: all[start..<end]))
                        #expect(Elongation.isElongated(all, start..<end) == slow)
                    }
                }
            }
        }
    }

    @Test func hashesDoNotDependOnWhereTheBytesLie() {
        for text in Self.texts where !text.isEmpty {
            text.withUnsafeBufferPointer { all in
                for start in 0..<all.count {
                    for end in start...min(all.count, start + 20) {
                        let alone = Array(all[start..<end])
                        let trigger = alone.withUnsafeBufferPointer { TriggerTable.hash($0) }
                        #expect(TriggerTable.hash(all, start..<end) == trigger)
                        #expect(WordHash.of(all, start..<end) == WordHash.of(alone))
                    }
                }
            }
        }
    }
}
