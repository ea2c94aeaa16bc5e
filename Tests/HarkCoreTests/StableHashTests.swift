import HarkCore
import Testing

@Suite("Stable ids")
struct StableHashTests {
    /// Ids are kept in outboxes and sent to receivers, so they must not change between versions:
    /// these values were computed independently (the algorithm redone in Python) from the fields.
    @Test func idsStayTheSameAcrossVersions() {
        #expect(StableHash.hex("mention", "corpus", "0-1") == "848d203b8d45d3f56ee233a7a8755db5")
        #expect(StableHash.hex("") == "5ba314b8cfda3b6b8cb1c432b79983b5")
        #expect(StableHash.hex("ab", "c") == "51ee00794e16185983f70bcb0d9e6460")
    }

    @Test func hexIsThirtyTwoLowercaseDigits() {
        for index in 0..<500 {
            let hex = StableHash.hex("field", String(index))
            #expect(hex.utf8.count == 32)
            #expect(hex.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        }
    }
}
